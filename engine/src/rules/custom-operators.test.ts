import { describe, expect, it } from "vitest";
import { evaluateRule, RuleError } from "./index";

const now = Date.parse("2024-05-01T13:30:00+08:00");

describe("time operators", () => {
  const order = { createdAt: "2024-05-01T10:00:00+08:00", paidAt: null, shippedAt: Date.parse("2024-05-02T10:00:00+08:00") };

  it("measure fractional time since a time against the injected clock", () => {
    expect(evaluateRule({ hours_since: { var: "createdAt" } }, order, { now })).toBe(3.5);
    expect(evaluateRule({ minutes_since: { var: "createdAt" } }, order, { now })).toBe(210);
    expect(evaluateRule({ days_since: { var: "createdAt" } }, order, { now })).toBeCloseTo(3.5 / 24, 12);
    expect(evaluateRule({ hours_since: { var: "shippedAt" } }, order, { now })).toBe(-20.5);
    expect(evaluateRule({ ">": [{ hours_since: { var: "createdAt" } }, 2] }, order, { now })).toBe(true);
  });

  it("give null for a missing time instead of failing", () => {
    expect(evaluateRule({ hours_since: { var: "paidAt" } }, order, { now })).toBeNull();
    expect(evaluateRule({ time_add: [{ var: "nope" }, "PT1H"] }, order, { now })).toBeNull();
    expect(evaluateRule({ time_before: [{ var: "paidAt" }, { now: [] }] }, order, { now })).toBe(false);
  });

  it("never read the system clock", () => {
    expect(() => evaluateRule({ now: [] }, {})).toThrow(RuleError);
    expect(() => evaluateRule({ hours_since: "2024-05-01T10:00:00Z" }, {})).toThrow(/pass \{ now: <epoch ms> \}/);
    expect(evaluateRule({ now: [] }, {}, { now })).toBe("2024-05-01T05:30:00.000Z");
  });

  it("add ISO-8601 durations", () => {
    expect(evaluateRule({ time_add: [{ var: "createdAt" }, "PT2H"] }, order)).toBe("2024-05-01T04:00:00.000Z");
    expect(evaluateRule({ time_add: [{ var: "createdAt" }, "P90D"] }, order)).toBe("2024-07-30T02:00:00.000Z");
    const late = { and: [true, { time_add: [{ var: "createdAt" }, { var: "bad" }] }] };
    expect(() => evaluateRule(late, { ...order, bad: "2h" })).toThrow('"2h" is not an ISO-8601 duration');
    expect(() => evaluateRule(late, { ...order, bad: "2h" })).toThrow("(at /and/1)");
  });

  it("order two times", () => {
    const rule = (op: string) => ({ [op]: [{ var: "createdAt" }, { var: "shippedAt" }] });
    expect(evaluateRule(rule("time_before"), order)).toBe(true);
    expect(evaluateRule(rule("time_after"), order)).toBe(false);
    expect(evaluateRule({ time_after: [{ now: [] }, { time_add: [{ var: "createdAt" }, "PT2H"] }] }, order, { now })).toBe(true);
  });

  it("read hour of day and weekday in a zone, Asia/Shanghai by default", () => {
    const late = { at: "2024-05-05T23:30:00+08:00" }; // a Sunday night in Shanghai
    expect(evaluateRule({ hour_of_day: { var: "at" } }, late)).toBe(23);
    expect(evaluateRule({ weekday: { var: "at" } }, late)).toBe(7);
    expect(evaluateRule({ hour_of_day: [{ var: "at" }, "Europe/London"] }, late)).toBe(16);
    expect(evaluateRule({ in: [{ weekday: [{ var: "at" }, "UTC"] }, [6, 7]] }, late)).toBe(true);
    expect(() => evaluateRule({ weekday: [{ var: "at" }, { var: "zone" }] }, { ...late, zone: "Nowhere/City" })).toThrow(
      /not a known IANA time zone/,
    );
  });
});

describe("text operators", () => {
  const address = { phone: "13812345678", numericPhone: 13812345678, city: "  Shanghai ", note: "请代付，谢谢" };

  it("test prefixes and suffixes, reading numbers as text", () => {
    expect(evaluateRule({ starts_with: [{ var: "phone" }, "138"] }, address)).toBe(true);
    expect(evaluateRule({ ends_with: [{ var: "numericPhone" }, 678] }, address)).toBe(true);
    expect(evaluateRule({ starts_with: [{ var: "missing" }, ""] }, address)).toBe(false);
  });

  it("transform text and give null for other values", () => {
    expect(evaluateRule({ trim: { var: "city" } }, address)).toBe("Shanghai");
    expect(evaluateRule({ upper: { trim: { var: "city" } } }, address)).toBe("SHANGHAI");
    expect(evaluateRule({ lower: "TMall" }, {})).toBe("tmall");
    expect(evaluateRule({ lower: { var: "missing" } }, {})).toBeNull();
    expect(evaluateRule({ lower: [[1]] }, {})).toBeNull();
  });

  it("count characters (an emoji once) and list items", () => {
    expect(evaluateRule({ length: "上海市👍" }, {})).toBe(4);
    expect(evaluateRule({ length: [[1, 2, 3]] }, {})).toBe(3);
    expect(evaluateRule({ length: { var: "missing" } }, {})).toBe(0);
    expect(evaluateRule({ length: 12 }, {})).toBeNull();
  });

  it("match regular expressions with flags", () => {
    const mobile = { matches: [{ var: "phone" }, "^1[3-9]\\d{9}$"] };
    expect(evaluateRule(mobile, address)).toBe(true);
    expect(evaluateRule(mobile, { phone: "02112345678" })).toBe(false);
    expect(evaluateRule({ matches: [{ var: "numericPhone" }, "^1[3-9]\\d{9}$"] }, address)).toBe(true);
    expect(evaluateRule({ matches: [{ var: "note" }, "代付|刷单"] }, address)).toBe(true);
    expect(evaluateRule({ matches: ["ABC", "^abc$", "i"] }, {})).toBe(true);
    expect(evaluateRule({ matches: [{ var: "missing" }, "^$"] }, {})).toBe(false);
  });

  it("give the same answer every time (no stateful global flag)", () => {
    expect(() => evaluateRule({ matches: ["a", "a", "g"] }, {})).toThrow(/flags/);
    const rule = { matches: [{ var: "x" }, { var: "pattern" }] };
    expect([1, 2, 3].map(() => evaluateRule(rule, { x: "aa", pattern: "a" }))).toEqual([true, true, true]);
  });

  it("check patterns that only arrive with the data", () => {
    const rule = { matches: ["x", { var: "pattern" }] };
    expect(() => evaluateRule(rule, { pattern: "(" })).toThrow(/not a valid regular expression/);
    expect(() => evaluateRule(rule, { pattern: "x".repeat(201) })).toThrow(/at most 200/);
    expect(() => evaluateRule(rule, { pattern: 5 })).toThrow(/must be a text/);
  });
});

describe("counting and summing", () => {
  const customer = {
    returns: [
      { at: "2024-04-20T00:00:00+08:00", amount: 120 },
      { at: "2024-03-01T00:00:00+08:00", amount: "80.5" },
      { at: "2023-11-11T00:00:00+08:00", amount: 300 },
    ],
  };

  it("count items, or the items a condition holds for", () => {
    const recent = { count: [{ var: "returns" }, { "<=": [{ days_since: { var: "at" } }, 90] }] };
    expect(evaluateRule(recent, customer, { now })).toBe(2);
    expect(evaluateRule({ count: { var: "returns" } }, customer)).toBe(3);
    expect(evaluateRule({ count: { var: "nothing" } }, customer)).toBe(0);
  });

  it("sum items, or an expression per item, like +", () => {
    expect(evaluateRule({ sum: [{ var: "returns" }, { var: "amount" }] }, customer)).toBe(500.5);
    expect(evaluateRule({ sum: [[1, "2", 3.5]] }, {})).toBe(6.5);
    expect(evaluateRule({ sum: [["x", 1]] }, {})).toBeNaN();
    expect(evaluateRule({ sum: { var: "nothing" } }, {})).toBe(0);
  });
});
