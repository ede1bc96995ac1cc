/**
 * The public compile entry point and its cache: a WeakMap by rule object (the common case: the
 * same parsed rule evaluated many times) backed by a bounded map keyed by the rule's JSON text
 * (the same rule parsed again, e.g. per request). Rules are treated as immutable once compiled.
 */
import { isPlainObject } from "./coerce";
import { beginEvaluation, compileNode, createCompileScope } from "./compile";
import { asRuleError, RuleError } from "./errors";
import type { EvalEnv, Evaluator } from "./operators/index";

/** Any JSON value. */
export type JsonLogicRule = unknown;

export interface EvaluateOptions {
  /** The injected clock, epoch milliseconds; operators that need the time throw a RuleError without it. */
  now?: number;
}

export interface CompiledRule {
  evaluate(data: unknown, options?: EvaluateOptions): unknown;
}

const noClock: EvalEnv = Object.freeze({ now: undefined });
// The same clock is passed for every rule of a step: its environment is made once.
let lastClock: EvalEnv = noClock;

/** The evaluation environment for `options`, validating the injected clock. */
export function environmentFor(options: EvaluateOptions | undefined): EvalEnv {
  const now = options?.now;
  if (now === undefined) return noClock;
  if (now === lastClock.now) return lastClock;
  if (typeof now !== "number" || !Number.isFinite(now)) {
    throw new RuleError(`The "now" option must be a finite number of epoch milliseconds, got ${String(now)}`);
  }
  lastClock = Object.freeze({ now });
  return lastClock;
}

function createCompiledRule(root: Evaluator): CompiledRule {
  return {
    evaluate(data, options) {
      const env = environmentFor(options);
      beginEvaluation();
      try {
        return root(data, env);
      } catch (error) {
        throw asRuleError(error, "The rule could not be evaluated");
      }
    },
  };
}

const textCacheLimit = 1000;
const byObject = new WeakMap<object, CompiledRule>();
const byText = new Map<string, CompiledRule>();

/**
 * The rule's JSON text, or undefined when the text would not identify it (values JSON cannot
 * hold, -0, non-plain objects, cycles): such rules are only cached by identity.
 */
function textKey(rule: unknown): string | undefined {
  let exact = true;
  try {
    const text = JSON.stringify(rule, function (this: Record<string, unknown>, key: string, value: unknown) {
      const original = this[key];
      if (typeof original === "number") {
        if (!Number.isFinite(original) || Object.is(original, -0)) exact = false;
      } else if (typeof original === "object" && original !== null) {
        if (!Array.isArray(original) && (!isPlainObject(original) || typeof original.toJSON === "function")) exact = false;
      } else if (typeof original !== "string" && typeof original !== "boolean" && original !== null) {
        exact = false;
      }
      return value;
    });
    return exact ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Compiles a JsonLogic rule (json-logic-js 2.0.5 semantics plus the custom operators listed in the
 * README) into a reusable evaluator. Compiling the same rule again is a cache hit. Throws a
 * RuleError naming the place and the fix for unknown operators, wrong argument counts of custom
 * operators and invalid literal patterns, durations or time zones.
 *
 * @example
 * const rule = compileRule({ ">": [{ var: "order.total" }, 1000] });
 * rule.evaluate({ order: { total: 1280 } }); // true
 */
export function compileRule(rule: JsonLogicRule): CompiledRule {
  const isObject = typeof rule === "object" && rule !== null;
  if (isObject) {
    const hit = byObject.get(rule);
    if (hit !== undefined) return hit;
  }
  const key = textKey(rule);
  let compiled = key === undefined ? undefined : byText.get(key);
  if (compiled !== undefined && key !== undefined) {
    byText.delete(key);
  } else {
    try {
      compiled = createCompiledRule(compileNode(rule, "", createCompileScope(rule)));
    } catch (error) {
      throw asRuleError(error, "The rule could not be compiled (is it nested too deeply or does it refer to itself?)");
    }
  }
  if (key !== undefined) {
    byText.set(key, compiled);
    if (byText.size > textCacheLimit) byText.delete(byText.keys().next().value as string);
  }
  if (isObject) byObject.set(rule, compiled);
  return compiled;
}

/**
 * Evaluates a rule against data (compiling it on first use).
 *
 * @example evaluateRule({ hours_since: { var: "createdAt" } }, { createdAt: "2024-05-01T10:00:00+08:00" }, { now })
 */
export function evaluateRule(rule: JsonLogicRule, data: unknown, options?: EvaluateOptions): unknown {
  return compileRule(rule).evaluate(data, options);
}
