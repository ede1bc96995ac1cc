import fc from "fast-check";
import jsonLogic from "json-logic-js";
import { describe, expect, it } from "vitest";
import { dataArb, mixedRuleArb, standardRuleArb } from "./testing/arbitraries";
import { evaluateRule, explainRule, RuleError } from "./index";

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function outcome(run: () => unknown): Outcome {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Same result (deep, NaN equal to NaN, 0 and -0 told apart), or both failed. */
function expectSameOutcome(ours: Outcome, reference: Outcome): void {
  if (!reference.ok) {
    expect(ours.ok, `reference threw ${String(reference.error)}`).toBe(false);
    return;
  }
  if (!ours.ok) throw ours.error;
  expect(ours.value).toStrictEqual(reference.value);
}

const now = Date.UTC(2024, 5, 1, 12, 0, 0);

describe("differential: compiled evaluator vs json-logic-js 2.0.5", () => {
  it("agrees on random rules and data, never mutating either", () => {
    fc.assert(
      fc.property(standardRuleArb, fc.array(dataArb, { minLength: 1, maxLength: 3 }), (rule, samples) => {
        const snapshot = JSON.stringify([rule, samples]);
        deepFreeze(rule);
        deepFreeze(samples);
        for (const data of samples) {
          const reference = outcome(() => jsonLogic.apply(rule as jsonLogic.RulesLogic, data));
          const ours = outcome(() => evaluateRule(rule, data));
          if (!ours.ok) expect(ours.error).toBeInstanceOf(RuleError);
          expectSameOutcome(ours, reference);
        }
        expect(JSON.stringify([rule, samples])).toBe(snapshot);
      }),
      { numRuns: 3000 },
    );
  });

  it("explain() computes what evaluate() computes, standard and custom operators alike", () => {
    fc.assert(
      fc.property(mixedRuleArb, dataArb, (rule, data) => {
        deepFreeze(rule);
        deepFreeze(data);
        const evaluated = outcome(() => evaluateRule(rule, data, { now }));
        const explained = outcome(() => explainRule(rule, data, { now }).result);
        if (evaluated.ok) {
          expect(explained).toStrictEqual(evaluated);
        } else {
          expect(explained.ok).toBe(false);
          expect(evaluated.error).toBeInstanceOf(RuleError);
          expect((explained as { error: Error }).error.message).toBe((evaluated.error as Error).message);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
