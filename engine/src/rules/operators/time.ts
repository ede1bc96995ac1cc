/**
 * Date/time operators. Times are ISO-8601 texts with an offset, epoch milliseconds or Date
 * objects; "now" is the clock injected through the evaluation options, never the system clock.
 */
import { parseDuration } from "../duration";
import { RuleError } from "../errors";
import { isScalarLiteral } from "../logic-node";
import { assertTimeZone, hourInZone, requireNow, toEpochMs, toIso, weekdayInZone } from "../time";
import type { ArgumentProblem, FixedOperator, Operator } from "./types";

function literalProblem(args: readonly unknown[], index: number, check: (value: unknown) => void): ArgumentProblem | null {
  if (args.length <= index || !isScalarLiteral(args[index])) return null;
  try {
    check(args[index]);
    return null;
  } catch (error) {
    return { index, message: (error as RuleError).message };
  }
}

/**
 * `hours_since`, `minutes_since`, `days_since`: fractional time elapsed from a time until now
 * (negative for future times; null when the time is null).
 *
 * @example {">": [{"hours_since": {"var": "order.createdAt"}}, 2]}
 */
function since(name: string, unitMs: number, unitWords: string): FixedOperator {
  return {
    name,
    form: "fixed",
    arity: { min: 1, max: 1, usage: "a time" },
    apply: (time, _b, _c, _data, env) => {
      const now = requireNow(env.now, name);
      const at = toEpochMs(time);
      return at === null ? null : (now - at) / unitMs;
    },
    explain: { kind: "value", text: ([time]) => `${unitWords} since ${time?.operand}` },
  };
}

/**
 * `hour_of_day` (0-23) and `weekday` (Monday = 1 … Sunday = 7) of a time in an IANA time zone,
 * "Asia/Shanghai" unless given.
 *
 * @example {">=": [{"hour_of_day": [{"var": "order.createdAt"}, "Asia/Shanghai"]}, 22]}
 * @example {"in": [{"weekday": {"var": "order.createdAt"}}, [6, 7]]}
 */
function zonedField(name: string, words: string, field: (epochMs: number, zone: unknown) => number): FixedOperator {
  return {
    name,
    form: "fixed",
    arity: { min: 1, max: 2, usage: "a time and optionally an IANA time zone" },
    validate: (args) => literalProblem(args, 1, assertTimeZone),
    apply: (time, zone) => {
      const at = toEpochMs(time);
      if (at === null) {
        assertTimeZone(zone);
        return null;
      }
      return field(at, zone);
    },
    explain: {
      kind: "value",
      text: ([time, zone]) => `${words} of ${time?.operand}${zone === undefined ? "" : ` in ${zone.operand}`}`,
    },
  };
}

/**
 * `time_before` / `time_after`: whether the first time is strictly earlier / later than the
 * second; false when either is null.
 *
 * @example {"time_before": [{"var": "shipment.promisedAt"}, {"now": []}]}
 */
function timeOrder(name: string, words: string, holds: (a: number, b: number) => boolean): FixedOperator {
  return {
    name,
    form: "fixed",
    arity: { min: 2, max: 2, usage: "two times" },
    apply: (first, second) => {
      const a = toEpochMs(first);
      const b = toEpochMs(second);
      return a !== null && b !== null && holds(a, b);
    },
    explain: { kind: "condition", text: ([a, b]) => `${a?.operand} is ${words} ${b?.operand}` },
  };
}

export const timeOperators: readonly Operator[] = [
  /**
   * `now`: the injected clock as an ISO-8601 text (UTC).
   *
   * @example {"time_after": [{"var": "coupon.expiresAt"}, {"now": []}]}
   */
  {
    name: "now",
    form: "fixed",
    arity: { min: 0, max: 0, usage: "no arguments" },
    apply: (_a, _b, _c, _data, env) => toIso(requireNow(env.now, "now")),
    explain: { kind: "value", text: () => "now" },
  },
  since("hours_since", 3_600_000, "hours"),
  since("minutes_since", 60_000, "minutes"),
  since("days_since", 86_400_000, "days"),
  /**
   * `time_add`: a time plus an ISO-8601 duration, as an ISO-8601 text (UTC); null when the time is null.
   *
   * @example {"time_after": [{"now": []}, {"time_add": [{"var": "order.paidAt"}, "PT2H"]}]}
   */
  {
    name: "time_add",
    form: "fixed",
    arity: { min: 2, max: 2, usage: `a time and an ISO-8601 duration like "PT2H"` },
    validate: (args) =>
      literalProblem(args, 1, (duration) => {
        parseDuration(duration as string);
      }),
    apply: (time, duration) => {
      const at = toEpochMs(time);
      const ms = parseDuration(duration as string);
      return at === null ? null : toIso(at + ms);
    },
    explain: { kind: "value", text: ([time, duration]) => `${time?.operand} plus ${duration?.operand}` },
  },
  timeOrder("time_before", "before", (a, b) => a < b),
  timeOrder("time_after", "after", (a, b) => a > b),
  zonedField("hour_of_day", "hour of day", hourInZone),
  zonedField("weekday", "weekday", weekdayInZone),
];
