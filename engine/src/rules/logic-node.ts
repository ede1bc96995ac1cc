/**
 * How json-logic-js tells a rule apart from a literal: an object (not null, not an array) with
 * exactly one key. Everything else is data and evaluates to itself (arrays element by element).
 */
export function isLogicNode(node: unknown): node is Record<string, unknown> {
  return typeof node === "object" && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;
}

/** True for a literal that is not a list: it evaluates to itself and can be passed as it is. */
export function isScalarLiteral(node: unknown): boolean {
  return !Array.isArray(node) && !isLogicNode(node);
}

/** The operator name of a logic node. */
export function operatorOf(node: Record<string, unknown>): string {
  return Object.keys(node)[0] as string;
}

/** The argument list of a logic node; a lone non-array argument is shorthand for a one-element list. */
export function argumentsOf(node: Record<string, unknown>, operator: string): unknown[] {
  const args = node[operator];
  return Array.isArray(args) ? args : [args];
}

/** Appends one reference token to a JSON pointer (RFC 6901 escaping). */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${String(token).replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** JSON pointer of argument `index` of the operator at `pointer`, matching how the rule is written. */
export function argumentPointer(node: Record<string, unknown>, operator: string, pointer: string, index: number): string {
  const opPointer = childPointer(pointer, operator);
  return Array.isArray(node[operator]) ? childPointer(opPointer, index) : opPointer;
}
