/**
 * The shape of an operator. One table of these serves the compiled evaluator, the explain mode and
 * the publish-time checker, so the three can never disagree about what an operator does.
 */

/** What an evaluation can see besides the data: the injected clock. */
export interface EvalEnv {
  readonly now: number | undefined;
}

/** A compiled rule (or sub-rule): data in, value out. */
export type Evaluator = (data: unknown, env: EvalEnv) => unknown;

/**
 * How an argument reads in an explanation. `label` is the argument without its value
 * (`order.createdAt`, `hours since order.createdAt`, `1000`); `operand` adds the value it produced
 * when that helps (`order.total 1280`, `hours since order.createdAt (3.5)`).
 */
export interface ArgText {
  readonly label: string;
  readonly operand: string;
  readonly kind: ExplainKind;
  readonly value: unknown;
}

/**
 * `value`: computes something and reads inline (`hours since x (3.5)`);
 * `condition`: a check that reads as one line (`a > b`);
 * `compound`: groups other checks (`all of:`), which are listed beneath it;
 * `literal` / `var`: leaves, always inlined into their parent.
 */
export type ExplainKind = "literal" | "var" | "value" | "condition" | "compound";

export interface ExplainSpec {
  readonly kind: Exclude<ExplainKind, "literal" | "var"> | ((args: readonly ArgText[]) => ExplainKind);
  /** The words for this operator given its arguments, e.g. `${a.operand} > ${b.operand}`. */
  text(args: readonly ArgText[]): string;
}

/** A problem with an argument that is known without any data (a literal regex, duration, zone…). */
export interface ArgumentProblem {
  readonly index: number;
  readonly message: string;
}

interface OperatorBase {
  readonly name: string;
  /** Fixed argument count of a custom operator; enforced when a rule is compiled or checked. */
  readonly arity?: { readonly min: number; readonly max: number; readonly usage: string };
  /** Checks the literal arguments of a rule; a problem fails compilation and is reported by checkRule. */
  readonly validate?: (args: readonly unknown[]) => ArgumentProblem | null;
  readonly explain: ExplainSpec;
}

/** See FixedOperator.specialize. */
export type Specialize = (args: readonly unknown[], compiled: readonly Evaluator[], general: Evaluator) => Evaluator | undefined;

/** Arguments are evaluated first and passed by position (absent ones are undefined). */
export interface FixedOperator extends OperatorBase {
  readonly form: "fixed";
  readonly apply: (a: unknown, b: unknown, c: unknown, data: unknown, env: EvalEnv) => unknown;
  /** Whether the result can contain an argument value itself (so literal arguments must not be shared). */
  readonly keepsArguments?: boolean;
  /**
   * A faster evaluator for these arguments (e.g. a `var` path split once, a comparison with a
   * literal), given the evaluators of all of them and the general evaluator of the call. It must
   * compute exactly what `apply` computes; undefined means "no shortcut here". It runs without
   * the call's error location, so a shortcut covers only cases that cannot fail on JSON data and
   * hands the others to `general`, which evaluates the arguments again and locates its errors.
   */
  readonly specialize?: Specialize;
  /**
   * For calls whose value depends on the data alone (a `var` read), a key that is equal for
   * identical calls: a rule that makes the same call several times evaluates it once per data.
   */
  readonly shareKey?: (args: readonly unknown[]) => string | undefined;
}

/** Arguments are evaluated first and passed as one list. */
export interface ListOperator extends OperatorBase {
  readonly form: "list";
  readonly apply: (args: unknown[], data: unknown, env: EvalEnv) => unknown;
  readonly keepsArguments?: boolean;
  /** As FixedOperator's: a faster evaluator for these arguments, computing exactly what `apply` computes. */
  readonly specialize?: Specialize;
}

/**
 * The operator decides which arguments to evaluate, when and against what data (`if`, `and`,
 * `filter`…): `build` makes its evaluator from its arguments' evaluators, once per rule. `perItem`
 * is the index of the argument evaluated once per array item, if any; every other argument is
 * evaluated at most once per evaluation (explain mode shows one value for it). The evaluator itself
 * never throws: every failure comes from an argument, which says where it happened.
 */
export interface LazyOperator extends OperatorBase {
  readonly form: "lazy";
  readonly perItem?: number;
  readonly build: (args: readonly Evaluator[]) => Evaluator;
}

export type Operator = FixedOperator | ListOperator | LazyOperator;

/** The evaluator an absent argument stands for: json-logic-js evaluates `undefined` to itself. */
const evaluateAbsent: Evaluator = () => undefined;

/** Argument `index`, or the absent-argument evaluator. */
export function argAt(args: readonly Evaluator[], index: number): Evaluator {
  return args[index] ?? evaluateAbsent;
}
