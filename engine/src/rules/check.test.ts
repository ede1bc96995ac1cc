import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRule, compileRule } from "./index";
import { mixedRuleArb } from "./testing/arbitraries";

describe("checkRule", () => {
  it("finds nothing wrong with a sound rule", () => {
    const rule = {
      and: [
        { matches: [{ var: "order.address.phone" }, "^1[3-9]\\d{9}$"] },
        { "<=": [{ count: [{ var: "customer.returns" }, { "<=": [{ days_since: { var: "at" } }, 90] }] }, 3] },
        { time_after: [{ now: [] }, { time_add: [{ var: "order.paidAt" }, "PT2H"] }] },
        { in: [{ weekday: [{ var: "order.createdAt" }, "Europe/Berlin"] }, [6, 7]] },
        { missing: ["order.id", "order.total"] },
      ],
    };
    expect(checkRule(rule)).toEqual([]);
  });

  it("reports every problem with a pointer below the given base", () => {
    const rule = {
      and: [
        { startsWith: [{ var: "sku" }, "X-"] },
        { var: "customer.__proto__.admin" },
        { matches: [{ var: "x" }, "(unclosed"] },
        { time_add: [{ var: "at" }, "P1M"] },
        { hours_since: [{ var: "a" }, { var: "b" }] },
        { log: "debug" },
        { weekday: [{ var: "at" }, "Moon/Base"] },
        { missing_some: [1, ["a", "b.constructor"]] },
      ],
    };
    expect(checkRule(rule, "/nodes/audit/config/rule")).toEqual([
      { pointer: "/nodes/audit/config/rule/and/0", message: 'Unknown operator "startsWith"; did you mean "starts_with"?' },
      { pointer: "/nodes/audit/config/rule/and/1/var", message: expect.stringContaining('"customer.__proto__.admin" uses "__proto__"') },
      { pointer: "/nodes/audit/config/rule/and/2/matches/1", message: expect.stringContaining("not a valid regular expression") },
      { pointer: "/nodes/audit/config/rule/and/3/time_add/1", message: expect.stringContaining("write it in days or weeks") },
      { pointer: "/nodes/audit/config/rule/and/4", message: '"hours_since" takes a time (1 argument), but was given 2' },
      { pointer: "/nodes/audit/config/rule/and/5", message: expect.stringContaining('"log" operator is not supported') },
      { pointer: "/nodes/audit/config/rule/and/6/weekday/1", message: expect.stringContaining('"Moon/Base" is not a known IANA time zone') },
      { pointer: "/nodes/audit/config/rule/and/7/missing_some/1/1", message: expect.stringContaining('uses "constructor"') },
    ]);
  });

  it("refuses patterns longer than 200 characters", () => {
    expect(checkRule({ matches: ["x", "a".repeat(201)] })).toEqual([
      { pointer: "/matches/1", message: 'The pattern of "matches" is 201 characters long; keep it at most 200' },
    ]);
    expect(checkRule({ matches: ["x", "a".repeat(200)] })).toEqual([]);
  });

  it("reports values JSON cannot hold", () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    const problems = checkRule({ and: [Number.NaN, undefined, new Date(0), () => 1, cyclic, { "a/b": { c: Infinity, d: 1 }, e: 2 }] });
    expect(problems.map((p) => p.pointer)).toEqual(["/and/0", "/and/1", "/and/2", "/and/3", "/and/4/0", "/and/5/a~1b/c"]);
    expect(problems[2]?.message).toBe("This value is a Date object; rules may only contain plain JSON objects");
  });

  it("suggests nothing when no operator is close, and lists what exists", () => {
    const [problem] = checkRule({ frobnicate: [] });
    expect(problem?.message).toMatch(/^Unknown operator "frobnicate"; use one of the supported operators: var, missing,/);
    expect(checkRule({ c: 1 })[0]?.message).not.toContain("did you mean");
    expect(checkRule({ "=>": [1, 2] })[0]?.message).toContain('did you mean ">="?');
  });

  it("passes exactly the rules that compile", () => {
    fc.assert(
      fc.property(mixedRuleArb, fc.boolean(), (rule, corrupt) => {
        const candidate = corrupt ? { and: [rule, { matches: ["x", { var: "p" }, "gx"] }, { hours_since: [] }] } : rule;
        let compiles = true;
        try {
          compileRule(candidate);
        } catch {
          compiles = false;
        }
        expect(checkRule(candidate).length === 0).toBe(compiles);
      }),
      { numRuns: 500 },
    );
  });
});
