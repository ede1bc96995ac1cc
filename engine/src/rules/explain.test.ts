import { describe, expect, it } from "vitest";
import { evaluateRule, explainRule, RuleError } from "./index";

const now = Date.parse("2024-05-01T13:30:00+08:00");

describe("explainRule", () => {
  it("says which sub-conditions held, with their values", () => {
    const rule = { and: [{ ">": [{ var: "order.total" }, 1000] }, { "!!": { var: "order.address.city" } }] };
    const explained = explainRule(rule, { order: { total: 1280, address: { city: "" } } });
    expect(explained.lines).toBe(["✗ all of:", "  ✓ order.total 1280 > 1000", '  ✗ order.address.city "" is not empty'].join("\n"));
    expect(explained.result).toBe(false);
    expect(explained.tree).toEqual({
      text: "all of:",
      held: false,
      result: false,
      children: [
        { text: "order.total 1280 > 1000", held: true, result: true, children: [] },
        { text: 'order.address.city "" is not empty', held: false, result: false, children: [] },
      ],
    });
  });

  it("reads computed operands inline with their value", () => {
    const rule = { ">": [{ hours_since: { var: "order.createdAt" } }, 2] };
    const { lines } = explainRule(rule, { order: { createdAt: "2024-05-01T10:00:00+08:00" } }, { now });
    expect(lines).toBe("✓ hours since order.createdAt (3.5) > 2");
  });

  it("lists the per-item checks of count", () => {
    const rule = { "<=": [{ count: [{ var: "customer.returns" }, { "<=": [{ days_since: { var: "at" } }, 90] }] }, 3] };
    const data = { customer: { returns: [{ at: "2024-04-01T00:00:00Z" }, { at: "2023-01-01T00:00:00Z" }] } };
    expect(explainRule(rule, data, { now }).lines).toBe(
      [
        "✓ number of items in customer.returns with days since at <= 90 (1) <= 3",
        "  ✓ #1: days since at (30.23) <= 90",
        "  ✗ #2: days since at (486.23) <= 90",
      ].join("\n"),
    );
  });

  it("reads membership and negation in words", () => {
    const rule = {
      or: [
        { in: [{ var: "payment.status" }, ["paid", "partially_paid"]] },
        { "!": { in: ["代付", { var: "note" }] } },
        { "!": { var: "flagged" } },
      ],
    };
    const { lines } = explainRule(rule, { payment: { status: "pending" }, note: "请代付", flagged: false });
    expect(lines).toBe(
      [
        "✓ any of:",
        '  ✗ payment.status "pending" is one of ["paid","partially_paid"]',
        "  ✗ not:",
        '    ✓ note "请代付" contains "代付"',
        "  ✓ flagged false is empty",
      ].join("\n"),
    );
  });

  it("shows only the branches that were evaluated", () => {
    const rule = { if: [{ "<": [{ var: "n" }, 0] }, "negative", { "==": [{ var: "n" }, 0] }, "zero", "positive"] };
    expect(explainRule(rule, { n: 0 }).lines).toBe(["✓ if/then/else:", "  ✗ n 0 < 0", "  ✓ n 0 equals 0", '  ✓ "zero"'].join("\n"));
  });

  it("agrees with evaluateRule and fails with the same RuleError", () => {
    const rule = { and: [true, { time_add: [{ var: "at" }, "PT1H"] }] };
    expect(explainRule(rule, { at: 0 }).result).toBe(evaluateRule(rule, { at: 0 }));
    expect(() => explainRule(rule, { at: "noon" })).toThrow(RuleError);
    expect(() => explainRule(rule, { at: "noon" })).toThrow(/"noon" is not an ISO-8601 time.*\(at \/and\/1\)/);
    expect(() => explainRule({ nope: [] }, {})).toThrow('Unknown operator "nope"');
  });
});

describe("explainRule, compiled once per rule", () => {
  it("explains each evaluation afresh: only what this one evaluated, with its values", () => {
    const rule = { and: [{ ">": [{ var: "total" }, 100] }, { in: [{ var: "status" }, ["paid", "shipped"]] }] };
    expect(explainRule(rule, { total: 120, status: "paid" }).lines).toBe(
      ["✓ all of:", "  ✓ total 120 > 100", '  ✓ status "paid" is one of ["paid","shipped"]'].join("\n"),
    );
    expect(explainRule(rule, { total: 80, status: "paid" }).lines).toBe(["✗ all of:", "  ✗ total 80 > 100"].join("\n"));
  });

  it("words a sentence by the value it gets when that changes the wording", () => {
    const rule = { in: ["VIP", { var: "tags" }] };
    expect(explainRule(rule, { tags: "VIP-2024" }).lines).toBe('✓ tags "VIP-2024" contains "VIP"');
    expect(explainRule(rule, { tags: ["VIP"] }).lines).toBe('✓ "VIP" is one of tags ["VIP"]');
  });

  it("numbers the per-item checks of every evaluation from 1, nested checks included", () => {
    const rule = { some: [{ var: "lines" }, { and: [{ ">": [{ var: "qty" }, 1] }, { "==": [{ var: "sku" }, "A"] }] }] };
    const lines = (data: unknown) => explainRule(rule, data).lines;
    expect(lines({ lines: [{ qty: 2, sku: "B" }, { qty: 3, sku: "A" }] })).toBe(
      [
        '✓ some item of lines [{"qty":2,"sku":"B"},{"qty":3,"sku":"A"}] has all of:',
        "  ✗ #1: all of:",
        "    ✓ qty 2 > 1",
        '    ✗ sku "B" equals "A"',
        "  ✓ #2: all of:",
        "    ✓ qty 3 > 1",
        '    ✓ sku "A" equals "A"',
      ].join("\n"),
    );
    expect(lines({ lines: [{ qty: 1, sku: "A" }] })).toBe(
      ['✗ some item of lines [{"qty":1,"sku":"A"}] has all of:', "  ✗ #1: all of:", "    ✗ qty 1 > 1"].join("\n"),
    );
  });

  it("keeps texts of the rule that look like its own markers as they are", () => {
    const path = "a\uE000b\uE0000o\uE000";
    const rule = { "==": [{ var: path }, "\uE0011l\uE001"] };
    expect(explainRule(rule, { [path]: 1 }).lines).toBe(`✗ ${path} 1 equals "\uE0011l\uE001"`);
  });
});
