/**
 * Explain mode: evaluates a rule once while recording, for every sub-condition, what it checked,
 * the value it produced and whether it held, in words a staff member can read:
 *
 *   ✗ all of:
 *     ✓ order.total 1280 > 1000
 *     ✗ order.address.city "" is not empty
 *
 * It walks the rule instead of running the compiled closures (so it can record), but calls the
 * very same operator implementations, so its result always equals `evaluateRule`'s.
 */
import { isTruthy } from "./coerce";
import { compileRule, environmentFor, type EvaluateOptions, type JsonLogicRule } from "./compile-cache";
import { constantValue, isConstant, located, resolveOperator } from "./compile";
import { asRuleError } from "./errors";
import { argumentPointer, childPointer, isLogicNode } from "./logic-node";
import type { ArgText, EvalEnv, Evaluator, ExplainKind, Operator } from "./operators/index";

export interface Explanation {
  /** What was checked or computed, e.g. `order.total 1280 > 1000`. */
  text: string;
  /** Whether the result is truthy (JsonLogic truthiness). */
  held: boolean;
  result: unknown;
  /** The sub-conditions that were evaluated to get here, in evaluation order. */
  children: Explanation[];
}

interface Explained {
  readonly explanation: Explanation;
  readonly arg: ArgText;
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A value as it appears in explanation text: short, rounded, never more than a line. */
function formatValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number") {
    return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Math.round(value * 100) / 100);
  }
  const text = json(value);
  if (Array.isArray(value) && text.length > 60) return `[${value.length} items]`;
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function operandOf(kind: ExplainKind, label: string, value: unknown): string {
  if (kind === "literal") return label;
  if (kind === "var") return `${label} ${formatValue(value)}`;
  return `${label} (${formatValue(value)})`;
}

function kindOf(op: Operator, args: readonly ArgText[]): ExplainKind {
  const kind = op.explain.kind;
  return typeof kind === "function" ? kind(args) : kind;
}

/** How a node reads before (or without) being evaluated. */
function staticArg(node: unknown): ArgText {
  if (isConstant(node)) {
    const value = constantValue(node);
    const label = formatValue(value);
    return { label, operand: label, kind: "literal", value };
  }
  if (Array.isArray(node)) {
    const label = `[${node.map((item) => staticArg(item).label).join(", ")}]`;
    return { label, operand: label, kind: "value", value: undefined };
  }
  const { op, args } = resolveOperator(node as Record<string, unknown>, "");
  const argTexts = args.map(staticArg);
  const label = op.explain.text(argTexts);
  return { label, operand: label, kind: kindOf(op, argTexts), value: undefined };
}

const labelOnly = (arg: ArgText): ArgText => ({ ...arg, operand: arg.label });

/** The explanations an argument contributes to its parent's children. */
function contributions(arg: Explained): Explanation[] {
  const kind = arg.arg.kind;
  if (kind === "condition" || kind === "compound") return [arg.explanation];
  if (kind === "value") return arg.explanation.children;
  return [];
}

function finish(op: Operator, argTexts: readonly ArgText[], result: unknown, children: Explanation[], evaluated: readonly Explained[]): Explained {
  const kind = kindOf(op, argTexts);
  const label = op.explain.text(argTexts.map(labelOnly));
  const text = kind === "condition" || kind === "compound" ? op.explain.text(argTexts) : operandOf(kind, label, result);
  const ownChildren = kind === "compound" ? evaluated.map((arg) => arg.explanation) : evaluated.flatMap(contributions);
  return {
    explanation: { text, held: isTruthy(result), result, children: [...ownChildren, ...children] },
    arg: { label, operand: operandOf(kind, label, result), kind, value: result },
  };
}

function explainLazy(op: Operator & { form: "lazy" }, args: unknown[], node: Record<string, unknown>, data: unknown, env: EvalEnv, pointer: string): Explained {
  const evaluated: { index: number; explained: Explained }[] = [];
  const perItem: Explanation[] = [];
  const thunks: Evaluator[] = args.map((arg, index) => (itemData, itemEnv) => {
    const explained = explainNode(arg, itemData, itemEnv, argumentPointer(node, op.name, pointer, index));
    if (index === op.perItem) {
      const e = explained.explanation;
      perItem.push({ ...e, text: `#${perItem.length + 1}: ${e.text}` });
    } else {
      evaluated.push({ index, explained });
    }
    return explained.explanation.result;
  });
  let result: unknown;
  try {
    result = op.apply(thunks, data, env);
  } catch (error) {
    throw located(error, op.name, pointer);
  }
  const argTexts = args.map((arg, index) => {
    const first = index === op.perItem ? undefined : evaluated.find((e) => e.index === index);
    return first === undefined ? staticArg(arg) : first.explained.arg;
  });
  return finish(op, argTexts, result, perItem, evaluated.map((e) => e.explained));
}

function explainEager(op: Operator & { form: "fixed" | "list" }, args: unknown[], node: Record<string, unknown>, data: unknown, env: EvalEnv, pointer: string): Explained {
  const evaluated = args.map((arg, index) => explainNode(arg, data, env, argumentPointer(node, op.name, pointer, index)));
  const values = evaluated.map((arg) => arg.explanation.result);
  let result: unknown;
  try {
    result = op.form === "list" ? op.apply(values, data, env) : op.apply(values[0], values[1], values[2], data, env);
  } catch (error) {
    throw located(error, op.name, pointer);
  }
  return finish(op, evaluated.map((arg) => arg.arg), result, [], evaluated);
}

function explainNode(node: unknown, data: unknown, env: EvalEnv, pointer: string): Explained {
  if (isConstant(node)) {
    const arg = staticArg(node);
    return { explanation: { text: arg.label, held: isTruthy(arg.value), result: arg.value, children: [] }, arg };
  }
  if (Array.isArray(node)) {
    const items = node.map((item, i) => explainNode(item, data, env, childPointer(pointer, i)));
    const result = items.map((item) => item.explanation.result);
    const label = `[${items.map((item) => item.arg.label).join(", ")}]`;
    const operand = operandOf("value", label, result);
    return {
      explanation: { text: operand, held: isTruthy(result), result, children: items.flatMap(contributions) },
      arg: { label, operand, kind: "value", value: result },
    };
  }
  const logic = node as Record<string, unknown>;
  const { op, args } = resolveOperator(logic, pointer);
  return op.form === "lazy" ? explainLazy(op, args, logic, data, env, pointer) : explainEager(op, args, logic, data, env, pointer);
}

function renderLines(explanation: Explanation, depth: number, out: string[]): string[] {
  out.push(`${"  ".repeat(depth)}${explanation.held ? "✓" : "✗"} ${explanation.text}`);
  for (const child of explanation.children) renderLines(child, depth + 1, out);
  return out;
}

/**
 * Evaluates a rule once and explains it: `tree` says which sub-conditions held with which values,
 * `lines` is the same as indented text (✓ held, ✗ did not). `result` equals what evaluateRule
 * returns; errors are the same RuleErrors.
 *
 * @example
 * explainRule({ and: [{ ">": [{ var: "order.total" }, 1000] }, { "!!": { var: "order.address.city" } }] },
 *             { order: { total: 1280, address: { city: "" } } }).lines
 * // ✗ all of:
 * //   ✓ order.total 1280 > 1000
 * //   ✗ order.address.city "" is not empty
 */
export function explainRule(rule: JsonLogicRule, data: unknown, options?: EvaluateOptions): { result: unknown; tree: Explanation; lines: string } {
  compileRule(rule);
  const env = environmentFor(options);
  let root: Explained;
  try {
    root = explainNode(rule, data, env, "");
  } catch (error) {
    throw asRuleError(error, "The rule could not be evaluated");
  }
  const tree = root.explanation;
  return { result: tree.result, tree, lines: renderLines(tree, 0, []).join("\n") };
}
