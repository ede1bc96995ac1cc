/**
 * Compiles a rule once into nested closures (no `new Function`/eval, so it runs under a strict
 * Content-Security-Policy). Each closure evaluates one node of the rule; operator semantics come
 * from the shared operator table.
 */
import { RuleError } from "./errors";
import { argumentPointer, argumentsOf, childPointer, isLogicNode, isScalarLiteral, operatorOf } from "./logic-node";
import type { Evaluator, Operator } from "./operators/index";
import type { FixedOperator, ListOperator } from "./operators/types";
import { lookupOperator, unknownOperatorMessage, usageProblem } from "./operators/usage";
import { checkPrototypes, createPathReader, createSegmentsReader, isForbiddenSegment, isLiteralVar, pathSegments, type PathPrefix } from "./var-path";

/** Adds the rule location to an error thrown while evaluating the node at `pointer`. */
export function located(error: unknown, operator: string, pointer: string): RuleError {
  if (error instanceof RuleError) return error.pointer === undefined ? new RuleError(error.message, pointer) : error;
  const detail = error instanceof Error ? error.message : String(error);
  return new RuleError(`"${operator}" failed: ${detail}`, pointer);
}

/** True when a node contains no rule, so it evaluates to itself (arrays to a copy). */
export function isConstant(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(isConstant);
  return !isLogicNode(node);
}

/** What a constant node evaluates to: itself, with every array level copied as json-logic-js does. */
export function constantValue(node: unknown): unknown {
  return Array.isArray(node) ? node.map(constantValue) : node;
}

function deepFreezeArrays(value: unknown): unknown {
  if (Array.isArray(value)) {
    value.forEach(deepFreezeArrays);
    Object.freeze(value);
  }
  return value;
}

/**
 * Resolves the operator of a logic node and checks how it is called, throwing the same message
 * checkRule would report.
 */
export function resolveOperator(node: Record<string, unknown>, pointer: string): { op: Operator; args: unknown[] } {
  const name = operatorOf(node);
  const op = lookupOperator(name);
  if (op === undefined) throw new RuleError(unknownOperatorMessage(name), pointer);
  const args = argumentsOf(node, name);
  const problem = usageProblem(op, args);
  if (problem !== null) {
    throw new RuleError(problem.message, problem.index < 0 ? pointer : argumentPointer(node, name, pointer, problem.index));
  }
  return { op, args };
}

let evaluation = 0;

/** Marks the start of an evaluation: values remembered during earlier ones are not used again. */
export function beginEvaluation(): void {
  evaluation++;
  checkPrototypes();
}

/**
 * `evaluate`, computed once per evaluation and data value. Only for pure reads: no operator changes
 * data and an evaluation runs from start to end without yielding. Keeps a reference to the last
 * data it read until it reads again.
 */
function rememberPerEvaluation(evaluate: Evaluator): Evaluator {
  let lastEvaluation = -1;
  let lastData: unknown;
  let lastValue: unknown;
  return (data, env) => {
    if (lastEvaluation !== evaluation || data !== lastData) {
      lastValue = evaluate(data, env);
      lastEvaluation = evaluation;
      lastData = data;
    }
    return lastValue;
  };
}

/** Compile-time state of one rule: how to share the evaluators of calls it makes more than once. */
export interface CompileScope {
  /** One remembering evaluator per `key` the rule uses more than once; otherwise `make()` itself. */
  reuse(key: string, make: () => Evaluator): Evaluator;
  /**
   * The longest start of a `var` path, two segments or more, that other paths of the rule share
   * (`order.address` of `order.address.city` and `order.address.phone`): read once per evaluation
   * and data value. A one-segment start is read again: remembering it measured slower than reading.
   */
  prefixOf(segments: readonly string[]): PathPrefix | undefined;
}

/** The segments of a `var` call's literal path; null when it has none (the whole data, a computed path). */
function literalPath(name: string, args: readonly unknown[]): string[] | null {
  if (name !== "var" || !isLiteralVar(args)) return null;
  const segments = pathSegments(args[0]);
  return segments === null || segments.some(isForbiddenSegment) ? null : segments;
}

function countSharedCalls(node: unknown, counts: Map<string, number>, paths: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) countSharedCalls(item, counts, paths);
  } else if (isLogicNode(node)) {
    const name = operatorOf(node);
    const args = argumentsOf(node, name);
    const op = lookupOperator(name);
    const key = op?.form === "fixed" ? op.shareKey?.(args) : undefined;
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    const path = literalPath(name, args);
    if (path !== null) paths.add(path.join("."));
    for (const arg of args) countSharedCalls(arg, counts, paths);
  }
}

/** The compile scope of one rule. */
export function createCompileScope(rule: unknown): CompileScope {
  const counts = new Map<string, number>();
  const paths = new Set<string>();
  countSharedCalls(rule, counts, paths);
  // How many distinct paths start with each prefix (the prefix itself included).
  const prefixCounts = new Map<string, number>();
  for (const path of paths) {
    const segments = path.split(".");
    for (let length = 1; length <= segments.length; length++) {
      const prefix = segments.slice(0, length).join(".");
      prefixCounts.set(prefix, (prefixCounts.get(prefix) ?? 0) + 1);
    }
  }
  const shared = new Map<string, Evaluator>();
  const prefixes = new Map<string, PathPrefix>();
  return {
    reuse(key, make) {
      if ((counts.get(key) ?? 0) < 2) return make();
      let evaluator = shared.get(key);
      if (evaluator === undefined) {
        evaluator = rememberPerEvaluation(make());
        shared.set(key, evaluator);
      }
      return evaluator;
    },
    prefixOf(segments) {
      for (let length = segments.length; length >= 2; length--) {
        const text = segments.slice(0, length).join(".");
        if ((prefixCounts.get(text) ?? 0) < 2) continue;
        let prefix = prefixes.get(text);
        if (prefix === undefined) {
          prefix = { length, read: rememberPerEvaluation(createSegmentsReader(segments.slice(0, length), undefined)) };
          prefixes.set(text, prefix);
        }
        return prefix;
      }
      return undefined;
    },
  };
}

/**
 * The evaluator of a constant node. json-logic-js hands out a fresh copy of a literal list on every
 * evaluation; where the operator receiving it never hands its arguments back (`shareable`), one
 * frozen copy serves every evaluation instead.
 */
export function compileConstant(node: unknown, shareable: boolean): Evaluator {
  if (!Array.isArray(node)) return () => node;
  if (!shareable) return () => constantValue(node);
  const shared = deepFreezeArrays(constantValue(node));
  return () => shared;
}

function compileArray(node: unknown[], pointer: string, scope: CompileScope): Evaluator {
  const items = node.map((item, i) => compileNode(item, childPointer(pointer, i), scope));
  const [a, b] = items;
  // Array literals of the exact length are the cheapest lists to build (and stay packed).
  if (items.length === 1 && a !== undefined) return (data, env) => [a(data, env)];
  if (items.length === 2 && a !== undefined && b !== undefined) return (data, env) => [a(data, env), b(data, env)];
  return (data, env) => {
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) out.push((items[i] as Evaluator)(data, env));
    return out;
  };
}

/**
 * The evaluator of a fixed-argument call. Scalar literal arguments in the usual places (a
 * comparison with a literal, `substr` with literal bounds) are passed as they are, which saves
 * calling a closure for them.
 */
function compileFixed(op: FixedOperator, args: readonly unknown[], compiled: readonly Evaluator[], pointer: string): Evaluator {
  const apply = op.apply;
  const fail = (error: unknown): never => {
    throw located(error, op.name, pointer);
  };
  const [a, b, c] = compiled as [Evaluator, Evaluator, Evaluator];
  const [first, second, third] = args;
  switch (compiled.length) {
    case 0:
      return (data, env) => {
        try {
          return apply(undefined, undefined, undefined, data, env);
        } catch (error) {
          return fail(error);
        }
      };
    case 1:
      return (data, env) => {
        try {
          return apply(a(data, env), undefined, undefined, data, env);
        } catch (error) {
          return fail(error);
        }
      };
    case 2:
      if (isScalarLiteral(second)) {
        return (data, env) => {
          try {
            return apply(a(data, env), second, undefined, data, env);
          } catch (error) {
            return fail(error);
          }
        };
      }
      if (isScalarLiteral(first)) {
        return (data, env) => {
          try {
            return apply(first, b(data, env), undefined, data, env);
          } catch (error) {
            return fail(error);
          }
        };
      }
      return (data, env) => {
        try {
          return apply(a(data, env), b(data, env), undefined, data, env);
        } catch (error) {
          return fail(error);
        }
      };
    case 3:
      if (isScalarLiteral(second) && isScalarLiteral(third)) {
        return (data, env) => {
          try {
            return apply(a(data, env), second, third, data, env);
          } catch (error) {
            return fail(error);
          }
        };
      }
      return (data, env) => {
        try {
          return apply(a(data, env), b(data, env), c(data, env), data, env);
        } catch (error) {
          return fail(error);
        }
      };
    default:
      // More arguments than any operator reads: json-logic-js still evaluates every one of them.
      return (data, env) => {
        try {
          const values = compiled.map((arg) => arg(data, env));
          return apply(values[0], values[1], values[2], data, env);
        } catch (error) {
          return fail(error);
        }
      };
  }
}

function compileList(op: ListOperator, compiled: readonly Evaluator[], pointer: string): Evaluator {
  const apply = op.apply;
  // One argument list per call site, refilled on every evaluation: no list operator keeps the list
  // itself, and a call site is never re-entered while its arguments are being evaluated.
  const values: unknown[] = compiled.map(() => undefined);
  return (data, env) => {
    try {
      for (let i = 0; i < compiled.length; i++) values[i] = (compiled[i] as Evaluator)(data, env);
      return apply(values, data, env);
    } catch (error) {
      throw located(error, op.name, pointer);
    }
  };
}

/**
 * The evaluator of a call to an eager operator given its arguments' evaluators (`compiled`, one
 * per argument): the operator's own shortcut for these arguments if it has one, else a call of
 * its implementation. Errors say they happened at `pointer`.
 */
export function compileCall(op: FixedOperator | ListOperator, args: readonly unknown[], compiled: readonly Evaluator[], pointer: string): Evaluator {
  const general = op.form === "list" ? compileList(op, compiled, pointer) : compileFixed(op, args, compiled, pointer);
  return op.specialize?.(args, compiled, general) ?? general;
}

/** Compiles one node of a rule; `pointer` locates it for error messages. */
export function compileNode(node: unknown, pointer: string, scope: CompileScope): Evaluator {
  if (isConstant(node)) return compileConstant(node, false);
  if (Array.isArray(node)) return compileArray(node, pointer, scope);
  const { op, args } = resolveOperator(node as Record<string, unknown>, pointer);
  const argPointer = (i: number): string => argumentPointer(node as Record<string, unknown>, op.name, pointer, i);
  if (op.form === "lazy") return op.build(args.map((arg, i) => compileNode(arg, argPointer(i), scope)));
  const compiled = args.map((arg, i) => (isConstant(arg) ? compileConstant(arg, !op.keepsArguments) : compileNode(arg, argPointer(i), scope)));
  const key = op.form === "fixed" ? op.shareKey?.(args) : undefined;
  const path = literalPath(op.name, args);
  const build = (): Evaluator => (path === null ? compileCall(op, args, compiled, pointer) : createPathReader(args[0], args[1], scope.prefixOf(path)));
  return key === undefined ? build() : scope.reuse(key, build);
}
