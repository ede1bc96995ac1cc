/**
 * The publish-time checker: every problem in a rule that can be found without data, each with a
 * JSON pointer and a message naming the fix. A rule without problems compiles.
 */
import { isPlainObject } from "./coerce";
import { argumentPointer, argumentsOf, childPointer, isLogicNode, operatorOf } from "./logic-node";
import { lookupOperator, unknownOperatorMessage, usageProblem } from "./operators/usage";
import { isForbiddenSegment, pathSegments } from "./var-path";

export interface RuleProblem {
  /** JSON pointer to the offending part of the rule, appended to the base pointer given to checkRule. */
  pointer: string;
  message: string;
}

function notJsonReason(value: unknown): string | null {
  switch (typeof value) {
    case "undefined":
      return "is undefined, which JSON cannot hold; use null or remove it";
    case "function":
    case "symbol":
    case "bigint":
      return `is a ${typeof value}, which JSON cannot hold; use a JSON value`;
    case "number":
      return Number.isFinite(value) ? null : `is ${String(value)}, which JSON cannot hold; use a finite number or null`;
    case "object":
      if (value === null || Array.isArray(value) || isPlainObject(value)) return null;
      return `is a ${(value as object).constructor?.name ?? "special"} object; rules may only contain plain JSON objects`;
    default:
      return null;
  }
}

const describe = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : String(value));

/** Literal data paths of `var`, `missing` and `missing_some`, with their pointers. */
function literalPaths(name: string, args: readonly unknown[], argPointer: (index: number) => string): [unknown, string][] {
  const listed = (list: readonly unknown[], index: number): [unknown, string][] =>
    list.map((key, i) => [key, childPointer(argPointer(index), i)]);
  let candidates: [unknown, string][] = [];
  if (name === "var") candidates = [[args[0], argPointer(0)]];
  else if (name === "missing") candidates = Array.isArray(args[0]) ? listed(args[0], 0) : args.map((arg, i) => [arg, argPointer(i)]);
  else if (name === "missing_some" && Array.isArray(args[1])) candidates = listed(args[1], 1);
  return candidates.filter(([path]) => typeof path === "string" || typeof path === "number");
}

function pathProblems(name: string, args: readonly unknown[], argPointer: (index: number) => string, problems: RuleProblem[]): void {
  for (const [path, pointer] of literalPaths(name, args, argPointer)) {
    const forbidden = pathSegments(path)?.find(isForbiddenSegment);
    if (forbidden !== undefined) {
      problems.push({
        pointer,
        message: `The data path ${describe(path)} uses "${forbidden}", which can never be read (it would reach object internals); rename that field in the data and the rule`,
      });
    }
  }
}

function walk(node: unknown, pointer: string, ancestors: Set<object>, problems: RuleProblem[]): void {
  const reason = notJsonReason(node);
  if (reason !== null) {
    problems.push({ pointer, message: `This value ${reason}` });
    return;
  }
  if (typeof node !== "object" || node === null) return;
  if (ancestors.has(node)) {
    problems.push({ pointer, message: "This value contains itself; a rule must be a finite JSON tree" });
    return;
  }
  ancestors.add(node);
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, childPointer(pointer, i), ancestors, problems));
  } else if (!isLogicNode(node)) {
    for (const [key, value] of Object.entries(node)) walk(value, childPointer(pointer, key), ancestors, problems);
  } else {
    const name = operatorOf(node);
    const args = argumentsOf(node, name);
    const argPointer = (index: number): string => argumentPointer(node, name, pointer, index);
    const op = lookupOperator(name);
    if (op === undefined) {
      problems.push({ pointer, message: unknownOperatorMessage(name) });
    } else {
      const problem = usageProblem(op, args);
      if (problem !== null) problems.push({ pointer: problem.index < 0 ? pointer : argPointer(problem.index), message: problem.message });
      pathProblems(name, args, argPointer, problems);
    }
    args.forEach((arg, i) => walk(arg, argPointer(i), ancestors, problems));
  }
  ancestors.delete(node);
}

/**
 * Every problem in a rule that can be found before it runs: unknown operators (with the closest
 * known name), wrong argument counts of fixed-arity custom operators, data paths through
 * `__proto__`/`constructor`/`prototype`, invalid regular expressions, durations and time zones,
 * and values JSON cannot hold. Pointers are appended to `pointer`, the rule's place in a larger
 * document.
 *
 * @example
 * checkRule({ "start_with": [{ var: "sku" }, "X-"] }, "/nodes/audit/condition")
 * // [{ pointer: "/nodes/audit/condition", message: 'Unknown operator "start_with"; did you mean "starts_with"?' }]
 */
export function checkRule(rule: unknown, pointer = ""): RuleProblem[] {
  const problems: RuleProblem[] = [];
  walk(rule, pointer, new Set(), problems);
  return problems;
}
