/**
 * The lazy operators of json-logic-js 2.0.5, with its exact semantics: `if`/`?:`, `and`/`or` that
 * stop at the first value deciding them, and the array operators that evaluate their second
 * argument once per item with the item as data. Loops over lists rather than Array.prototype
 * methods with a callback (which would be a new closure per evaluation): JSON lists have no holes,
 * so both visit the same items.
 */
import { isTruthy } from "../coerce";
import { argAt, type Evaluator, type Operator } from "./types";

/** The value of `if`/`?:`: the branch after the first truthy condition, else the last odd argument, else null. */
function branches(args: readonly Evaluator[]): Evaluator {
  if (args.length === 3) {
    const [test, then, otherwise] = args as [Evaluator, Evaluator, Evaluator];
    return (data, env) => (isTruthy(test(data, env)) ? then(data, env) : otherwise(data, env));
  }
  return (data, env) => {
    let i = 0;
    for (; i < args.length - 1; i += 2) {
      if (isTruthy((args[i] as Evaluator)(data, env))) return (args[i + 1] as Evaluator)(data, env);
    }
    return args.length === i + 1 ? (args[i] as Evaluator)(data, env) : null;
  };
}

function branchesOf(name: "if" | "?:"): Operator {
  return { name, form: "lazy", build: branches, explain: { kind: "compound", text: () => "if/then/else:" } };
}

/** `and` (stops at the first falsy value) and `or` (at the first truthy one); the last value otherwise. */
function shortCircuit(stopWhen: boolean): (args: readonly Evaluator[]) => Evaluator {
  return (args) => {
    if (args.length === 2) {
      const [first, second] = args as [Evaluator, Evaluator];
      return (data, env) => {
        const value = first(data, env);
        return isTruthy(value) === stopWhen ? value : second(data, env);
      };
    }
    return (data, env) => {
      let current: unknown;
      for (let i = 0; i < args.length; i++) {
        current = (args[i] as Evaluator)(data, env);
        if (isTruthy(current) === stopWhen) return current;
      }
      return current;
    };
  };
}

const branchingOperators: Operator[] = [
  branchesOf("if"),
  branchesOf("?:"),
  { name: "and", form: "lazy", build: shortCircuit(false), explain: { kind: "compound", text: () => "all of:" } },
  { name: "or", form: "lazy", build: shortCircuit(true), explain: { kind: "compound", text: () => "any of:" } },
];

/** `all`, `none`, `some`: whether the per-item test finds an item that is `stopWhen`; `empty` for no items. */
function quantifier(stopWhen: boolean, found: boolean, empty: boolean): (args: readonly Evaluator[]) => Evaluator {
  return (args) => {
    const list = argAt(args, 0);
    const test = argAt(args, 1);
    return (data, env) => {
      const items = list(data, env);
      if (!Array.isArray(items) || items.length === 0) return empty;
      for (let i = 0; i < items.length; i++) if (isTruthy(test(items[i], env)) === stopWhen) return found;
      return !found;
    };
  };
}

const iterationOperators: Operator[] = [
  {
    name: "filter",
    form: "lazy",
    perItem: 1,
    build: (args) => {
      const list = argAt(args, 0);
      const test = argAt(args, 1);
      return (data, env) => {
        const items = list(data, env);
        const kept: unknown[] = [];
        if (!Array.isArray(items)) return kept;
        for (let i = 0; i < items.length; i++) if (isTruthy(test(items[i], env))) kept.push(items[i]);
        return kept;
      };
    },
    explain: { kind: "value", text: ([items, test]) => `items of ${items?.operand} where ${test?.operand}` },
  },
  {
    name: "map",
    form: "lazy",
    perItem: 1,
    build: (args) => {
      const list = argAt(args, 0);
      const each = argAt(args, 1);
      return (data, env) => {
        const items = list(data, env);
        const mapped: unknown[] = [];
        if (!Array.isArray(items)) return mapped;
        for (let i = 0; i < items.length; i++) mapped.push(each(items[i], env));
        return mapped;
      };
    },
    explain: { kind: "value", text: ([items, each]) => `${each?.operand} for each item of ${items?.operand}` },
  },
  {
    name: "reduce",
    form: "lazy",
    perItem: 1,
    build: (args) => {
      const list = argAt(args, 0);
      const step = argAt(args, 1);
      const start = args[2];
      return (data, env) => {
        const items = list(data, env);
        const initial = start === undefined ? null : start(data, env);
        if (!Array.isArray(items)) return initial;
        let accumulator = initial;
        for (let i = 0; i < items.length; i++) accumulator = step({ current: items[i], accumulator }, env);
        return accumulator;
      };
    },
    explain: {
      kind: "value",
      text: ([items, step, initial]) => `${items?.operand} combined by ${step?.operand} starting from ${initial?.operand ?? "null"}`,
    },
  },
  {
    name: "all",
    form: "lazy",
    perItem: 1,
    build: quantifier(false, false, false),
    explain: { kind: "condition", text: ([items, test]) => `every item of ${items?.operand} has ${test?.operand}` },
  },
  {
    name: "none",
    form: "lazy",
    perItem: 1,
    build: quantifier(true, false, true),
    explain: { kind: "condition", text: ([items, test]) => `no item of ${items?.operand} has ${test?.operand}` },
  },
  {
    name: "some",
    form: "lazy",
    perItem: 1,
    build: quantifier(true, true, false),
    explain: { kind: "condition", text: ([items, test]) => `some item of ${items?.operand} has ${test?.operand}` },
  },
];

export const controlOperators: readonly Operator[] = [...branchingOperators, ...iterationOperators];
