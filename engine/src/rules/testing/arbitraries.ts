/**
 * fast-check arbitraries for differential tests: random JSON data and random rules over the
 * standard operators (and, separately, the custom ones). Paths and keys come from a small
 * alphabet so that lookups hit often; none of them reaches object internals, where this
 * evaluator deliberately differs from json-logic-js.
 */
import fc from "fast-check";

const keys = ["a", "b", "c", "0", "1"] as const;

export const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 5 }),
  fc.constantFrom(0, -0, 1.5, -2.25, 1e21),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom("", "0", "1", "2.5", "a", "abc", " a ", "b,c", "A1"),
  fc.boolean(),
  fc.constant(null),
);

/** JSON data: what a rule is evaluated against. */
export const dataArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalarArb, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.constantFrom(...keys), tie("value"), { maxKeys: 4, noNullPrototype: true }),
})).value;

const pathArb = fc.oneof(
  fc.constantFrom("", "a", "b", "c", "a.b", "a.0", "0", "1", "b.c.a", "a.length", "length", "0.a", "c.1.b"),
  fc.integer({ min: 0, max: 2 }),
  fc.constant(null),
);

const literalArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: scalarArb },
  { weight: 1, arbitrary: fc.array(scalarArb, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom({}, { a: 1, b: [2] }) },
);

const varArb: fc.Arbitrary<unknown> = fc.oneof(
  pathArb.map((path) => ({ var: path })),
  fc.tuple(pathArb, literalArb).map(([path, fallback]) => ({ var: [path, fallback] })),
);

/** Operators whose arguments are all evaluated first. */
const eagerOperators = [
  "==", "===", "!=", "!==", ">", ">=", "<", "<=", "!!", "!", "%", "in", "cat", "substr",
  "+", "*", "-", "/", "min", "max", "merge", "missing", "missing_some", "var",
] as const;
const branchingOperators = ["if", "?:", "and", "or"] as const;
const iterationOperators = ["filter", "map", "reduce", "all", "none", "some"] as const;

type Tie = (key: string) => fc.Arbitrary<unknown>;

/** `{op: args}` where a single argument is sometimes written without the list, as json-logic-js allows. */
function call(op: string, args: fc.Arbitrary<unknown[]>): fc.Arbitrary<unknown> {
  return fc.tuple(args, fc.boolean()).map(([list, bare]) => ({ [op]: bare && list.length === 1 ? list[0] : list }));
}

function ruleNodes(tie: Tie, extra: readonly ((tie: Tie) => fc.Arbitrary<unknown>)[]) {
  const sub = tie("rule");
  const leaf = fc.oneof(literalArb, varArb);
  return {
    rule: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 3, arbitrary: leaf },
      { weight: 4, arbitrary: tie("eager") },
      { weight: 2, arbitrary: tie("branching") },
      { weight: 2, arbitrary: tie("iteration") },
      { weight: 1, arbitrary: fc.array(sub, { maxLength: 3 }) },
      ...extra.map((make) => ({ weight: 3, arbitrary: make(tie) })),
    ),
    eager: fc.constantFrom(...eagerOperators).chain((op) => call(op, fc.array(sub, { maxLength: 3 }))),
    branching: fc.constantFrom(...branchingOperators).chain((op) => call(op, fc.array(sub, { maxLength: 5 }))),
    iteration: fc
      .tuple(fc.constantFrom(...iterationOperators), fc.oneof(varArb, sub), sub, fc.option(sub, { nil: undefined }))
      .map(([op, items, each, initial]) => ({ [op]: initial === undefined ? [items, each] : [items, each, initial] })),
  };
}

/** Random rules over json-logic-js's operators. */
export const standardRuleArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ruleNodes(tie, [])).rule;

const timeArb = fc.oneof(
  fc.constantFrom("2024-05-01T10:00:00+08:00", "2024-05-01T02:00:00Z", "2024-12-31T23:59:59.5-05:00", null),
  fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
  fc.constant({ var: "a" }),
);

function customCall(tie: Tie): fc.Arbitrary<unknown> {
  const sub = tie("rule");
  return fc.oneof(
    fc.constantFrom("hours_since", "minutes_since", "days_since").chain((op) => timeArb.map((t) => ({ [op]: [t] }))),
    fc.tuple(timeArb, fc.constantFrom("PT2H", "P90D", "P1DT2H30M")).map((args) => ({ time_add: args })),
    fc.tuple(fc.constantFrom("time_before", "time_after"), timeArb, timeArb).map(([op, a, b]) => ({ [op]: [a, b] })),
    fc.tuple(fc.constantFrom("hour_of_day", "weekday"), timeArb).map(([op, t]) => ({ [op]: [t, "Asia/Shanghai"] })),
    fc.constant({ now: [] }),
    fc.tuple(fc.constantFrom("starts_with", "ends_with"), sub, fc.constantFrom("a", "1", "")).map(([op, s, p]) => ({ [op]: [s, p] })),
    fc.tuple(fc.constantFrom("lower", "upper", "trim", "length"), sub).map(([op, s]) => ({ [op]: [s] })),
    fc.tuple(sub, fc.constantFrom("^a", "\\d", "b,c$")).map(([s, p]) => ({ matches: [s, p, "i"] })),
    fc.tuple(fc.constantFrom("count", "sum"), fc.oneof(varArb, sub), fc.option(sub, { nil: undefined })).map(([op, items, each]) =>
      ({ [op]: each === undefined ? [items] : [items, each] })),
  );
}

/** Random rules mixing the standard and the custom operators (evaluated with a clock). */
export const mixedRuleArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ruleNodes(tie, [customCall])).rule;
