/**
 * Explain mode: evaluates a rule once while recording, for every sub-condition, what it checked,
 * the value it produced and whether it held, in words a staff member can read:
 *
 *   ✗ all of:
 *     ✓ order.total 1280 > 1000
 *     ✗ order.address.city "" is not empty
 *
 * Like the evaluator, the explanation of a rule is compiled once: one step per node of the rule,
 * each evaluating its node with the same closures the compiled rule uses (built from the same
 * operator table) while keeping the values it saw, and each operator's sentence turned into a
 * template. Explaining an evaluation then only runs the steps, formats values and joins strings.
 */
import { isTruthy } from "./coerce";
import { compileRule, environmentFor, type CompiledRule, type EvaluateOptions, type JsonLogicRule } from "./compile-cache";
import { beginEvaluation, compileCall, compileConstant, isConstant, resolveOperator } from "./compile";
import { asRuleError } from "./errors";
import { compileTemplate, delimiterFor, formatValue, kindOfCall, operandOf, withValue, type ArgShape, type Template } from "./explain-text";
import { argumentPointer, childPointer } from "./logic-node";
import type { ArgText, Evaluator, ExplainKind, Operator } from "./operators/index";

export interface Explanation {
  /** What was checked or computed, e.g. `order.total 1280 > 1000`. */
  text: string;
  /** Whether the result is truthy (JsonLogic truthiness). */
  held: boolean;
  result: unknown;
  /** The sub-conditions that were evaluated to get here, in evaluation order. */
  children: Explanation[];
}

/**
 * One node of a rule, compiled for explaining. It keeps what its last run saw; whoever runs a step
 * reads its words before running it again (a per-item check is run once per item, and its parent
 * takes its explanation after each).
 */
interface Step extends ArgShape {
  /** The words of the node as shown when it was not evaluated (values unknown). */
  readonly staticLabel: string;
  /** Evaluates the node exactly as the compiled rule does, keeping what it saw. */
  readonly run: Evaluator;
  /** The value of the last run. */
  readonly value: unknown;
  /** The words of the node without its value, for the last run. */
  label(): string;
  /** The words of the node with its value, as it reads as an argument, for the last run. */
  operand(): string;
  explanation(): Explanation;
  /** Appends what the node shows under its parent: itself (a check), its own checks (a computed value) or nothing. */
  contribute(out: Explanation[]): void;
}

class ConstantStep implements Step {
  readonly kind = "literal";
  readonly staticLabel: string;
  readonly fixedLabel: string;
  readonly run: Evaluator;
  value: unknown;

  constructor(evaluate: Evaluator) {
    this.value = evaluate(undefined, { now: undefined });
    this.staticLabel = this.fixedLabel = formatValue(this.value);
    this.run = (data, env) => (this.value = evaluate(data, env));
  }

  label(): string {
    return this.staticLabel;
  }

  operand(): string {
    return this.staticLabel;
  }

  explanation(): Explanation {
    return { text: this.staticLabel, held: isTruthy(this.value), result: this.value, children: [] };
  }

  contribute(): void {}
}

/** A list with rules among its items: evaluated item by item, it reads as its items' words. */
class ListStep implements Step {
  readonly kind = "value";
  readonly staticLabel: string;
  readonly fixedLabel: string | undefined;
  readonly run: Evaluator;
  value: unknown;

  constructor(private readonly items: readonly Step[]) {
    this.staticLabel = `[${items.map((item) => item.staticLabel).join(", ")}]`;
    this.fixedLabel = items.every((item) => item.fixedLabel !== undefined) ? this.staticLabel : undefined;
    this.run = (data, env) => (this.value = items.map((item) => item.run(data, env)));
  }

  label(): string {
    return this.fixedLabel ?? `[${this.items.map((item) => item.label()).join(", ")}]`;
  }

  operand(): string {
    return operandOf(this.kind, this.label(), this.value);
  }

  explanation(): Explanation {
    const children: Explanation[] = [];
    this.contribute(children);
    return { text: this.operand(), held: isTruthy(this.value), result: this.value, children };
  }

  contribute(out: Explanation[]): void {
    for (const item of this.items) item.contribute(out);
  }
}

/** A call of an operator. */
class CallStep implements Step {
  readonly kind: ExplainKind;
  readonly staticLabel: string;
  readonly fixedLabel: string | undefined;
  readonly run: Evaluator;
  value: unknown;
  private readonly labelTemplate: Template | null;
  /** The operand up to the value, when the label is fixed: `order.total ` or `hours since order.createdAt (`. */
  private readonly operandHead: string | undefined;
  /** The sentence of a check (condition or compound); null when it depends on values. */
  private readonly sentence: Template | null;
  /** Lazy operators: the run in which each argument was last evaluated, and the evaluation order. */
  private runs = 0;
  private readonly evaluatedIn: number[];
  private readonly order: Step[] = [];
  private orderLength = 0;
  private perItem: Explanation[] | undefined;

  constructor(
    private readonly op: Operator,
    private readonly args: readonly Step[],
    rawArgs: readonly unknown[],
    pointer: string,
    delimiter: string,
  ) {
    const unevaluated = args.map((arg): ArgText => ({ label: arg.staticLabel, operand: arg.staticLabel, kind: arg.kind, value: arg.kind === "literal" ? arg.value : undefined }));
    this.kind = kindOfCall(op, unevaluated);
    this.staticLabel = op.explain.text(unevaluated);
    this.labelTemplate = compileTemplate(op, args, true, delimiter);
    this.fixedLabel = this.labelTemplate?.holes.length === 0 ? this.labelTemplate.parts[0] : undefined;
    this.operandHead = this.fixedLabel === undefined ? undefined : `${this.fixedLabel}${this.kind === "var" ? " " : " ("}`;
    this.sentence = this.kind === "condition" || this.kind === "compound" ? compileTemplate(op, args, false, delimiter) : null;
    this.evaluatedIn = args.map(() => -1);
    if (op.form === "lazy") {
      const evaluate = op.build(args.map((arg, index) => this.recorder(arg, index)));
      this.run = (data, env) => {
        this.runs++;
        this.orderLength = 0;
        this.perItem = undefined;
        return (this.value = evaluate(data, env));
      };
    } else {
      const evaluate = compileCall(op, rawArgs, args.map((arg) => arg.run), pointer);
      this.run = (data, env) => (this.value = evaluate(data, env));
    }
  }

  /** The evaluator a lazy operator gets for argument `index`: runs it and notes what the explanation needs. */
  private recorder(arg: Step, index: number): Evaluator {
    if (this.op.form === "lazy" && index === this.op.perItem) {
      return (data, env) => {
        const value = arg.run(data, env);
        const perItem = (this.perItem ??= []);
        const explanation = arg.explanation();
        explanation.text = `#${perItem.length + 1}: ${explanation.text}`;
        perItem.push(explanation);
        return value;
      };
    }
    return (data, env) => {
      const value = arg.run(data, env);
      this.evaluatedIn[index] = this.runs;
      this.order[this.orderLength++] = arg;
      return value;
    };
  }

  /** Whether argument `index` was evaluated (not per item) in the last run: eager operators evaluate all. */
  private evaluated(index: number): boolean {
    return this.op.form !== "lazy" || this.evaluatedIn[index] === this.runs;
  }

  /** The words of argument `index` as its operand (with value) or label, as the last run left them. */
  private argWords(index: number, valued: boolean): string {
    const arg = this.args[index] as Step;
    if (!this.evaluated(index)) return arg.staticLabel;
    return valued ? arg.operand() : arg.label();
  }

  private fill(template: Template): string {
    const { parts, holes } = template;
    let text = parts[0] as string;
    for (let i = 0; i < holes.length; i++) {
      const hole = holes[i] as Template["holes"][number];
      text += this.argWords(hole.index, hole.operand) + (parts[i + 1] as string);
    }
    return text;
  }

  /** The operator's sentence called with the arguments as they were evaluated: for sentences that read values. */
  private sentenceFromValues(labelsOnly: boolean): string {
    return this.op.explain.text(
      this.args.map((arg, index): ArgText => {
        const evaluated = this.evaluated(index);
        const label = evaluated ? arg.label() : arg.staticLabel;
        const value = evaluated || arg.kind === "literal" ? arg.value : undefined;
        return { label, operand: evaluated && !labelsOnly ? arg.operand() : label, kind: arg.kind, value };
      }),
    );
  }

  label(): string {
    if (this.fixedLabel !== undefined) return this.fixedLabel;
    return this.labelTemplate === null ? this.sentenceFromValues(true) : this.fill(this.labelTemplate);
  }

  operand(): string {
    const kind = this.kind;
    if (this.operandHead === undefined) return operandOf(kind, this.label(), this.value);
    return kind === "var" ? withValue(this.operandHead, this.value) : `${withValue(this.operandHead, this.value)})`;
  }

  private text(): string {
    if (this.kind !== "condition" && this.kind !== "compound") return this.operand();
    return this.sentence === null ? this.sentenceFromValues(false) : this.fill(this.sentence);
  }

  explanation(): Explanation {
    const children: Explanation[] = [];
    this.appendChildren(children);
    return { text: this.text(), held: isTruthy(this.value), result: this.value, children };
  }

  /** Appends the explanations shown beneath this call: its checked arguments (all evaluated ones, for a compound), then its per-item checks. */
  private appendChildren(out: Explanation[]): void {
    const compound = this.kind === "compound";
    const lazy = this.op.form === "lazy";
    const count = lazy ? this.orderLength : this.args.length;
    for (let i = 0; i < count; i++) {
      const arg = (lazy ? this.order[i] : this.args[i]) as Step;
      if (compound) out.push(arg.explanation());
      else arg.contribute(out);
    }
    const perItem = this.perItem;
    if (perItem !== undefined) for (let i = 0; i < perItem.length; i++) out.push(perItem[i] as Explanation);
  }

  contribute(out: Explanation[]): void {
    if (this.kind === "condition" || this.kind === "compound") out.push(this.explanation());
    else if (this.kind === "value") this.appendChildren(out);
  }
}

/** Compiles the steps of `node`; `shareable` as for compileConstant, `pointer` locates errors. */
function compileStep(node: unknown, pointer: string, shareable: boolean, delimiter: string): Step {
  if (isConstant(node)) return new ConstantStep(compileConstant(node, shareable));
  if (Array.isArray(node)) return new ListStep(node.map((item, i) => compileStep(item, childPointer(pointer, i), false, delimiter)));
  const logic = node as Record<string, unknown>;
  const { op, args } = resolveOperator(logic, pointer);
  const shareArgs = op.form !== "lazy" && !op.keepsArguments;
  const steps = args.map((arg, i) => compileStep(arg, argumentPointer(logic, op.name, pointer, i), shareArgs, delimiter));
  return new CallStep(op, steps, args, pointer, delimiter);
}

/** Every text in a rule (keys included), so that sentence holes can be told from literals. */
function texts(node: unknown, out: string[]): string[] {
  if (typeof node === "string") out.push(node);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      out.push(key);
      texts(value, out);
    }
  }
  return out;
}

// By rule object (the same rule explained again) and by compiled rule (the same rule parsed again).
const byRule = new WeakMap<object, Step>();
const byCompiled = new WeakMap<CompiledRule, Step>();

function explainerFor(rule: JsonLogicRule): Step {
  const isObject = typeof rule === "object" && rule !== null;
  const known = isObject ? byRule.get(rule) : undefined;
  if (known !== undefined) return known;
  const compiled = compileRule(rule);
  let root = byCompiled.get(compiled);
  if (root === undefined) {
    try {
      root = compileStep(rule, "", false, delimiterFor(texts(rule, []).join("")));
    } catch (error) {
      throw asRuleError(error, "The rule could not be compiled for explaining (is it nested too deeply?)");
    }
    byCompiled.set(compiled, root);
  }
  if (isObject) byRule.set(rule, root);
  return root;
}

/** What starts a line at each depth: [did not hold, held]. */
const lineStarts: [string, string][] = [["✗ ", "✓ "]];

function lineStart(depth: number, held: boolean): string {
  let starts = lineStarts[depth];
  if (starts === undefined) {
    const indent = "  ".repeat(depth);
    starts = lineStarts[depth] = [`\n${indent}✗ `, `\n${indent}✓ `];
  }
  return starts[held ? 1 : 0];
}

/** `text` followed by the lines of `explanation` and its children, indented by depth. */
function renderLines(explanation: Explanation, depth: number, text: string): string {
  let out = text + lineStart(depth, explanation.held) + explanation.text;
  const children = explanation.children;
  for (let i = 0; i < children.length; i++) out = renderLines(children[i] as Explanation, depth + 1, out);
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
  const root = explainerFor(rule);
  const env = environmentFor(options);
  beginEvaluation();
  try {
    root.run(data, env);
  } catch (error) {
    throw asRuleError(error, "The rule could not be evaluated");
  }
  const tree = root.explanation();
  return { result: tree.result, tree, lines: renderLines(tree, 0, "") };
}
