/**
 * The eager operators of json-logic-js 2.0.5 (minus `log`), with its exact semantics: loose
 * JavaScript comparisons and coercions, `parseFloat` arithmetic. The lazy ones are in control.ts.
 */
import { isTruthy, toFloat } from "../coerce";
import { RuleError } from "../errors";
import { isLogicNode, isScalarLiteral } from "../logic-node";
import { createPathReader, isLiteralVar, readVar } from "../var-path";
import type { ArgText, Evaluator, ExplainKind, FixedOperator, Operator } from "./types";

const list = (args: readonly ArgText[]): string => args.map((a) => a.operand).join(", ");

/**
 * `substr` as json-logic-js has it: String.prototype.substr, with a negative length counted from
 * the end. substr is what json-logic-js calls; reimplementing its coercions would drift.
 */
function substring(source: unknown, start: unknown, length: unknown): string {
  if ((length as number) < 0) {
    const rest = String(source).substr(start as number);
    return rest.substr(0, rest.length + (length as number));
  }
  return String(source).substr(start as number, length as number);
}

/** `in`: whether `haystack` (a text or a list) contains `needle`. */
function isIn(needle: unknown, haystack: unknown): boolean {
  if (!haystack) return false;
  if (typeof haystack === "string") return haystack.indexOf(needle as string) !== -1;
  if (Array.isArray(haystack)) return haystack.indexOf(needle) !== -1;
  if (typeof haystack === "object" && Object.hasOwn(haystack, "indexOf")) {
    throw new RuleError(`"in" can only look inside a list or a text`);
  }
  return false;
}

/**
 * A comparison of two values, written out once per operator: against a literal right side
 * (`{">": [{"var": "order.total"}, 1000]}`, the most common node) and between two computed values.
 * Each operator's own closure compiles with the comparison inline; one closure shared by all
 * operators would have to call the implementation, through a call site that sees every operator
 * and so cannot be inlined. `!` and `!!` likewise.
 */
interface TwoSided {
  withLiteral: (left: Evaluator, literal: unknown) => Evaluator;
  between: (left: Evaluator, right: Evaluator) => Evaluator;
}

/** The specialize of a comparison of two arguments. */
const twoSided =
  ({ withLiteral, between }: TwoSided): FixedOperator["specialize"] =>
  (args, [left, right]) => {
    if (args.length !== 2 || left === undefined || right === undefined) return undefined;
    return isScalarLiteral(args[1]) ? withLiteral(left, args[1]) : between(left, right);
  };

function compare(name: string, words: string, apply: (a: unknown, b: unknown) => boolean, sides: TwoSided): FixedOperator {
  return {
    name,
    form: "fixed",
    apply,
    specialize: twoSided(sides),
    explain: { kind: "condition", text: ([a, b]) => `${a?.operand} ${words} ${b?.operand}` },
  };
}

function chainedCompare(name: "<" | "<=", apply: (a: unknown, b: unknown) => boolean, sides: TwoSided): FixedOperator {
  return {
    name,
    form: "fixed",
    apply: (a, b, c) => (c === undefined ? apply(a, b) : apply(a, b) && apply(b, c)),
    specialize: twoSided(sides),
    explain: {
      kind: "condition",
      text: (args) => args.slice(0, 3).map((a) => a.operand).join(` ${name} `),
    },
  };
}

/** `!` and `!!` read as one line about a value, or as a heading over a condition they negate/assert. */
function truthKind(args: readonly ArgText[]): ExplainKind {
  const kind = args[0]?.kind;
  return kind === "condition" || kind === "compound" ? "compound" : "condition";
}

/** Rules inside data are never run: json-logic-js would evaluate a one-key object found in `missing`. */
function assertNoRuleInside(value: unknown): void {
  if (isLogicNode(value)) {
    throw new RuleError(`"missing" was given ${JSON.stringify(value)} as a field name; field names must be texts or numbers`);
  }
  if (Array.isArray(value)) value.forEach(assertNoRuleInside);
}

/** Fields among `args` (or among the list `args[0]`) whose value is null, absent or "". */
function missingFields(args: readonly unknown[], data: unknown): unknown[] {
  const keys: readonly unknown[] = Array.isArray(args[0]) ? args[0] : args;
  const missing: unknown[] = [];
  for (const key of keys) {
    assertNoRuleInside(key);
    const value = Array.isArray(key) ? readVar(data, key[0], key[1]) : readVar(data, key, undefined);
    if (value === null || value === "") missing.push(key);
  }
  return missing;
}

/** Identifies a literal exactly (0 and -0, NaN and null, 1 and "1" differ). */
function literalKey(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "n-0" : `n${value}`;
  return `${typeof value}${JSON.stringify(value) ?? ""}`;
}


const valueOperators: Operator[] = [
  {
    name: "var",
    form: "fixed",
    keepsArguments: true,
    apply: (path, fallback, _c, data) => readVar(data, path, fallback),
    specialize: (args) => (isLiteralVar(args) ? createPathReader(args[0], args[1]) : undefined),
    shareKey: (args) => (isLiteralVar(args) ? `var ${literalKey(args[0])} ${literalKey(args[1])}` : undefined),
    explain: {
      kind: ([path]) => (path?.kind === "literal" ? "var" : "value"),
      text: ([path, fallback]) => {
        const where = path === undefined || path.kind !== "literal"
          ? `value at ${path?.operand ?? "the data"}`
          : path.value === null || path.value === "" ? "the data" : String(path.value);
        return fallback === undefined ? where : `${where} (default ${fallback.operand})`;
      },
    },
  },
  {
    name: "missing",
    form: "list",
    keepsArguments: true,
    apply: (args, data) => missingFields(args, data),
    explain: { kind: "condition", text: (args) => `missing among ${list(args)}` },
  },
  {
    name: "missing_some",
    form: "fixed",
    keepsArguments: true,
    apply: (needed, options, _c, data) => {
      if (options === null || options === undefined) {
        throw new RuleError(`"missing_some" needs a list of field names as its second argument`);
      }
      // json-logic-js runs `options` through `missing` as a rule, so every element is a field name.
      assertNoRuleInside(options);
      const missing = missingFields(Array.isArray(options) ? options : [options], data);
      const present = (options as { length: number }).length - missing.length;
      return present >= (needed as number) ? [] : missing;
    },
    explain: { kind: "condition", text: ([n, fields]) => `fewer than ${n?.operand} present among ${fields?.operand}` },
  },
];

const comparisonOperators: Operator[] = [
  // Loose and strict equality are JsonLogic's definition, coercions included.
  compare("==", "equals", (a, b) => a == b, {
    withLiteral: (x, l) => (data, env) => x(data, env) == l,
    between: (x, y) => (data, env) => x(data, env) == y(data, env),
  }),
  compare("===", "is exactly", (a, b) => a === b, {
    withLiteral: (x, l) => (data, env) => x(data, env) === l,
    between: (x, y) => (data, env) => x(data, env) === y(data, env),
  }),
  compare("!=", "does not equal", (a, b) => a != b, {
    withLiteral: (x, l) => (data, env) => x(data, env) != l,
    between: (x, y) => (data, env) => x(data, env) != y(data, env),
  }),
  compare("!==", "is not exactly", (a, b) => a !== b, {
    withLiteral: (x, l) => (data, env) => x(data, env) !== l,
    between: (x, y) => (data, env) => x(data, env) !== y(data, env),
  }),
  compare(">", ">", (a, b) => (a as number) > (b as number), {
    withLiteral: (x, l) => (data, env) => (x(data, env) as number) > (l as number),
    between: (x, y) => (data, env) => (x(data, env) as number) > (y(data, env) as number),
  }),
  compare(">=", ">=", (a, b) => (a as number) >= (b as number), {
    withLiteral: (x, l) => (data, env) => (x(data, env) as number) >= (l as number),
    between: (x, y) => (data, env) => (x(data, env) as number) >= (y(data, env) as number),
  }),
  chainedCompare("<", (a, b) => (a as number) < (b as number), {
    withLiteral: (x, l) => (data, env) => (x(data, env) as number) < (l as number),
    between: (x, y) => (data, env) => (x(data, env) as number) < (y(data, env) as number),
  }),
  chainedCompare("<=", (a, b) => (a as number) <= (b as number), {
    withLiteral: (x, l) => (data, env) => (x(data, env) as number) <= (l as number),
    between: (x, y) => (data, env) => (x(data, env) as number) <= (y(data, env) as number),
  }),
  {
    name: "!!",
    form: "fixed",
    apply: (a) => isTruthy(a),
    specialize: (args, [x]) => (args.length === 1 && x !== undefined ? (data, env) => isTruthy(x(data, env)) : undefined),
    explain: { kind: truthKind, text: ([a]) => (truthKind([a as ArgText]) === "compound" ? "this holds:" : `${a?.operand} is not empty`) },
  },
  {
    name: "!",
    form: "fixed",
    apply: (a) => !isTruthy(a),
    specialize: (args, [x]) => (args.length === 1 && x !== undefined ? (data, env) => !isTruthy(x(data, env)) : undefined),
    explain: { kind: truthKind, text: ([a]) => (truthKind([a as ArgText]) === "compound" ? "not:" : `${a?.operand} is empty`) },
  },
  {
    name: "in",
    form: "fixed",
    apply: isIn,
    // A literal looked for in a text or a list (the usual call) is answered here; any other
    // haystack goes through the general call, which can fail and says where.
    specialize: (args, [, haystack], general) => {
      if (args.length !== 2 || haystack === undefined || !isScalarLiteral(args[0])) return undefined;
      const needle = args[0];
      return (data, env) => {
        const h = haystack(data, env);
        if (typeof h === "string") return h !== "" && h.indexOf(needle as string) !== -1;
        return Array.isArray(h) ? h.indexOf(needle) !== -1 : general(data, env);
      };
    },
    explain: {
      kind: "condition",
      text: ([a, b]) => (Array.isArray(b?.value) ? `${a?.operand} is one of ${b?.operand}` : `${b?.operand} contains ${a?.operand}`),
    },
  },
];

const arithmeticOperators: Operator[] = [
  {
    name: "+",
    form: "list",
    apply: (args) => {
      let sum = 0;
      for (const value of args) sum += toFloat(value);
      return sum;
    },
    // One or two numbers (`{"+": [x, 1]}`, `{"+": [x]}`): the same additions in the same order,
    // without the list; anything but numbers goes through the general call.
    specialize: (args, [a, b], general) => {
      if (args.length === 1 && a !== undefined) {
        return (data, env) => {
          const x = a(data, env);
          return typeof x === "number" ? 0 + (x + 0) : general(data, env);
        };
      }
      if (args.length !== 2 || a === undefined || b === undefined) return undefined;
      return (data, env) => {
        const x = a(data, env);
        const y = b(data, env);
        return typeof x === "number" && typeof y === "number" ? 0 + (x + 0) + (y + 0) : general(data, env);
      };
    },
    explain: { kind: "value", text: (args) => (args.length === 1 ? `number ${args[0]?.operand}` : args.map((a) => a.operand).join(" + ")) },
  },
  {
    name: "*",
    form: "list",
    keepsArguments: true,
    apply: (args) => {
      if (args.length === 0) throw new RuleError(`"*" needs at least one number to multiply`);
      if (args.length === 1) return args[0];
      let product = toFloat(args[0]) * toFloat(args[1]);
      for (let i = 2; i < args.length; i++) product = toFloat(product) * toFloat(args[i]);
      return product;
    },
    explain: { kind: "value", text: (args) => args.map((a) => a.operand).join(" × ") },
  },
  {
    name: "-",
    form: "fixed",
    apply: (a, b) => (b === undefined ? -(a as number) : (a as number) - (b as number)),
    // The difference of two numbers; anything else (which may coerce, or fail) through the general call.
    specialize: (args, [a, b], general) => {
      if (args.length !== 2 || a === undefined || b === undefined) return undefined;
      return (data, env) => {
        const x = a(data, env);
        const y = b(data, env);
        return typeof x === "number" && typeof y === "number" ? x - y : general(data, env);
      };
    },
    explain: { kind: "value", text: ([a, b]) => (b === undefined ? `minus ${a?.operand}` : `${a?.operand} - ${b.operand}`) },
  },
  {
    name: "/",
    form: "fixed",
    apply: (a, b) => (a as number) / (b as number),
    explain: { kind: "value", text: ([a, b]) => `${a?.operand} / ${b?.operand}` },
  },
  {
    name: "%",
    form: "fixed",
    apply: (a, b) => (a as number) % (b as number),
    explain: { kind: "value", text: ([a, b]) => `${a?.operand} mod ${b?.operand}` },
  },
  {
    name: "min",
    form: "list",
    apply: (args) => Math.min(...(args as number[])),
    explain: { kind: "value", text: (args) => `smallest of ${list(args)}` },
  },
  {
    name: "max",
    form: "list",
    apply: (args) => Math.max(...(args as number[])),
    explain: { kind: "value", text: (args) => `largest of ${list(args)}` },
  },
];

const textAndListOperators: Operator[] = [
  {
    name: "cat",
    form: "list",
    apply: (args) => args.join(""),
    // One text or number (`{"cat": [{"+": [x]}]}`) is its own text; anything else is joined.
    specialize: (args, [a], general) => {
      if (args.length !== 1 || a === undefined) return undefined;
      return (data, env) => {
        const value = a(data, env);
        return typeof value === "string" ? value : typeof value === "number" ? String(value) : general(data, env);
      };
    },
    explain: { kind: "value", text: (args) => `text ${args.map((a) => a.operand).join(" + ")}` },
  },
  {
    name: "substr",
    form: "fixed",
    apply: substring,
    // Literal bounds, as rules write them: the text is cut here; other values go through the general call.
    specialize: (args, [source], general) => {
      if (args.length < 2 || args.length > 3 || source === undefined || !args.slice(1).every((arg) => typeof arg === "number" || arg === undefined)) return undefined;
      const [, start, length] = args as [unknown, number, number | undefined];
      return (data, env) => {
        const text = source(data, env);
        return typeof text === "string" ? substring(text, start, length) : general(data, env);
      };
    },
    explain: {
      kind: "value",
      text: ([s, start, length]) => `part of ${s?.operand} from ${start?.operand}${length === undefined ? "" : ` (length ${length.operand})`}`,
    },
  },
  {
    name: "merge",
    form: "list",
    keepsArguments: true,
    apply: (args) => args.reduce((merged: unknown[], value) => merged.concat(value), []),
    explain: { kind: "value", text: (args) => `one list of ${list(args)}` },
  },
];

export const standardOperators: readonly Operator[] = [
  ...valueOperators,
  ...comparisonOperators,
  ...arithmeticOperators,
  ...textAndListOperators,
];
