import jsonLogic from "json-logic-js";
import { describe, expect, it } from "vitest";
import { compileRule, evaluateRule, isTruthy, RuleError } from "./index";

const reference = (rule: unknown, data?: unknown): unknown => jsonLogic.apply(rule as jsonLogic.RulesLogic, data);

describe("json-logic-js semantics at the edges", () => {
  // Cases random generation rarely reaches: -0, NaN, coercions, absent arguments.
  const edgeCases: [rule: unknown, data?: unknown][] = [
    [{ "*": [-1, 0, 5] }],
    [{ "*": [-0] }],
    [{ "*": ["1"] }],
    [{ "*": [[2, 3], "4"] }],
    [{ "+": [-0] }],
    [{ "+": [] }],
    [{ "+": [null, "1e3", true] }],
    [{ "-": [[]] }],
    [{ "-": ["5", "2"] }],
    [{ "/": [1, -0] }],
    [{ "%": [-7, 2] }],
    [{ min: [] }],
    [{ max: ["3", [7]] }],
    [{ in: [{ "/": [0, 0] }, [{ "/": [0, 0] }]] }],
    [{ in: [1, "a1"] }],
    [{ in: ["", { var: "note" }] }, { note: "" }],
    [{ in: ["", { var: "note" }] }, { note: "x" }],
    [{ in: [null, { var: "list" }] }, { list: [0, null] }],
    [{ in: ["a", { var: "n" }] }, { n: 5 }],
    [{ "+": [{ var: "x" }, 1] }, { x: "-0" }],
    [{ "+": [{ var: "x" }, { var: "y" }] }, { x: -0, y: -0 }],
    [{ "+": [{ var: "x" }] }, { x: "2.5kg" }],
    [{ "-": [{ var: "x" }, { var: "y" }] }, { x: "5", y: null }],
    [{ "-": [{ var: "x" }, { var: "missing" }] }, { x: 3 }],
    [{ substr: [{ var: "t" }, 1, -1] }, { t: "phone" }],
    [{ substr: [{ var: "t" }, -3] }, { t: "phone" }],
    [{ substr: [{ var: "t" }, 0, 2] }, { t: 13812345678 }],
    [{ substr: [{ var: "t" }, 0, 2] }, { t: null }],
    [{ cat: [{ var: "t" }] }, { t: -0 }],
    [{ cat: [{ var: "t" }] }, { t: [1, [2, null]] }],
    [{ cat: [{ var: "t" }] }, { t: null }],
    // Paths under a shared start (read once per evaluation and item):
    ...[{ a: { b: { c: 1, d: 0 } } }, { a: { b: null } }, { a: [{ c: 1 }] }, { a: { b: "xy" } }, {}].map(
      (data): [unknown, unknown] => [
        [{ var: "a.b.c" }, { var: ["a.b.d", "fb"] }, { var: "a.b" }, { var: "a.b.length" }, { var: "a.b.0" }, { var: "a.b.c.d" }],
        data,
      ],
    ),
    [
      { map: [{ var: "items" }, { cat: [{ var: "p.q.r" }, "/", { var: "p.q.s" }, "/", { var: "p.q" }] }] },
      { items: [{ p: { q: { r: 1, s: 2 } } }, { p: null }, {}, { p: { q: "rs" } }] },
    ],
    [{ in: ["a", 5] }],
    [{ substr: ["jsonlogic", 2, "-2"] }],
    [{ substr: [null, 1] }],
    [{ and: [] }],
    [{ or: [] }],
    [{ "<": [1, 2, { and: [] }] }],
    [{ "<=": [3, 2, 1] }],
    [{ "==": [] }],
    [{ "==": [[1], "1"] }],
    [{ "!": [] }],
    [{ if: [[], 1, 2] }],
    [{ filter: [[1, 2]] }],
    [{ map: [[1, 2]] }],
    [{ reduce: [[1, 2], { var: "" }, 0] }],
    [{ reduce: [{ var: "missing" }, 1] }],
    [{ cat: [null, [1, [2]], {}, true] }],
    [{ merge: [[[1]], 2, null] }],
    [{ var: "" }],
    [{ var: ["a", [1]] }, {}],
    [{ var: "a.length" }, { a: "abc" }],
    [{ var: "1.length" }, [0, [1, 2, 3]]],
    [{ var: 1.5 }, { "1": { "5": "x" } }],
    [{ var: ["a", "fallback"] }, { a: null }],
    [{ missing: [["a", "b"], "c"] }, { a: 1 }],
    [{ missing: ["a.b", ["c", 1]] }, { a: { b: "" } }],
    [{ missing_some: [1, "ab"] }, { a: 1 }],
    [{ missing_some: [0, []] }, {}],
    [[1, { var: "x" }, [{ var: "y" }]], { x: 2, y: 3 }],
    [{ a: 1, b: { var: "x" } }],
    [{}],
  ];

  it.each(edgeCases)("%j with %j matches json-logic-js", (rule, data) => {
    expect(evaluateRule(rule, data)).toStrictEqual(reference(rule, data));
  });

  it("truthiness is JsonLogic's: empty lists are false, \"0\" is true", () => {
    expect([[], [0], "", "0", 0, -0, NaN, null, {}].map(isTruthy)).toEqual([false, true, false, true, false, false, false, false, true]);
  });
});

describe("data access is limited to own properties", () => {
  const data = JSON.parse('{"__proto__": {"x": 1}, "a": {"constructor": {"name": "own"}}, "list": [1, 2], "text": "abc"}');

  it.each([
    ["__proto__.x"],
    ["a.constructor.name"],
    ["list.constructor"],
    ["a.__proto__"],
    ["text.constructor.prototype"],
  ])("never reads through %s", (path) => {
    expect(evaluateRule({ var: [path, "blocked"] }, data)).toBe("blocked");
    expect(evaluateRule({ var: path }, data)).toBeNull();
  });

  it("blocks paths computed at evaluation time too", () => {
    expect(evaluateRule({ var: { cat: ["a.const", "ructor"] } }, data)).toBeNull();
  });

  it("does not see inherited members, unlike json-logic-js", () => {
    expect(evaluateRule({ var: "a.toString" }, data)).toBeNull();
    expect(evaluateRule({ var: "list.map" }, data)).toBeNull();
    expect(evaluateRule({ missing: ["hasOwnProperty", "a"] }, {})).toEqual(["hasOwnProperty", "a"]);
    expect(reference({ missing: ["hasOwnProperty"] }, {})).toEqual([]);
  });

  it("still reads the length of lists and texts and their elements", () => {
    expect(evaluateRule({ var: "list.length" }, data)).toBe(2);
    expect(evaluateRule({ var: "text.length" }, data)).toBe(3);
    expect(evaluateRule({ var: "text.1" }, data)).toBe("b");
    expect(evaluateRule({ var: "list.1" }, data)).toBe(2);
  });

  it("refuses to run data as a rule", () => {
    expect(() => evaluateRule({ missing: { var: "fields" } }, { fields: [{ var: "x" }] })).toThrow(RuleError);
  });
});

describe("compile errors", () => {
  it("names an unknown operator, where it is and what was probably meant", () => {
    const attempt = () => compileRule({ and: [true, { start_with: [{ var: "sku" }, "X"] }] });
    expect(attempt).toThrow(RuleError);
    expect(attempt).toThrow('Unknown operator "start_with"; did you mean "starts_with"? (at /and/1)');
  });

  it("refuses log and method, which json-logic-js knows", () => {
    expect(() => compileRule({ log: "x" })).toThrow(/"log" operator is not supported/);
    expect(() => compileRule({ method: ["abc", "toUpperCase"] })).toThrow(/"method" operator is not supported/);
  });

  it("checks argument counts of custom operators and literal patterns", () => {
    expect(() => compileRule({ hours_since: [] })).toThrow('"hours_since" takes a time (1 argument), but was given 0');
    expect(() => compileRule({ matches: [{ var: "x" }, "a".repeat(201)] })).toThrow(/at most 200 \(at \/matches\/1\)/);
  });
});

describe("evaluation errors", () => {
  it("are RuleErrors that say where they happened", () => {
    let caught: unknown;
    try {
      evaluateRule({ if: [true, { "*": [] }] }, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuleError);
    expect((caught as RuleError).pointer).toBe("/if/1");
    expect((caught as Error).message).toContain("needs at least one number");
    expect(reference.bind(null, { "*": [] })).toThrow();
  });

  it("wrap failures of JavaScript itself", () => {
    const data = { odd: Object.create(null) as object };
    expect(() => evaluateRule({ "+": [{ var: "odd" }, 1] }, data)).toThrow(RuleError);
  });

  it("reject an unusable clock", () => {
    expect(() => evaluateRule(1, {}, { now: Number.NaN })).toThrow(/"now" option must be a finite number/);
  });
});

describe("compiled rules", () => {
  it("hand out a fresh copy of literal lists on every evaluation", () => {
    const rule = compileRule({ if: [true, [1, [2]]] });
    const first = rule.evaluate({}) as unknown[];
    first.push(3);
    (first[1] as unknown[]).push(4);
    expect(rule.evaluate({})).toEqual([1, [2]]);
  });

  it("read a field used several times afresh in every evaluation and for every item", () => {
    const rule = compileRule({ cat: [{ var: "a" }, "-", { var: "a" }, "-", { map: [{ var: "items" }, { "*": [{ var: "a" }, { var: "a" }] }] }] });
    const data = { a: 1, items: [{ a: 2 }, { a: 3 }] };
    expect(rule.evaluate(data)).toBe("1-1-4,9");
    data.a = 5;
    expect(rule.evaluate(data)).toBe("5-5-4,9");
    expect(rule.evaluate({ ...data, a: 7, items: [{ a: 4 }] })).toBe("7-7-16");
  });

  it("are cached by rule object and by JSON text", () => {
    const rule = { "==": [{ var: "a" }, 1] };
    expect(compileRule(rule)).toBe(compileRule(rule));
    expect(compileRule(JSON.parse(JSON.stringify(rule)))).toBe(compileRule(rule));
  });

  it("do not confuse rules whose JSON text is the same but whose values differ", () => {
    expect(evaluateRule({ "/": [1, -0] }, {})).toBe(-Infinity);
    expect(evaluateRule({ "/": [1, 0] }, {})).toBe(Infinity);
    expect(evaluateRule({ "==": [{ var: "x" }, Number.NaN] }, { x: null })).toBe(false);
    expect(evaluateRule({ "==": [{ var: "x" }, null] }, { x: null })).toBe(true);
  });

  it("keep a bounded text cache", () => {
    const text = JSON.stringify({ cat: ["evicted-", { var: "x" }] });
    const first = compileRule(JSON.parse(text));
    expect(compileRule(JSON.parse(text))).toBe(first);
    for (let i = 0; i < 1000; i++) compileRule({ cat: [`filler-${i}`, { var: "x" }] });
    expect(compileRule(JSON.parse(text))).not.toBe(first);
  });
});
