import { aggregateOperators } from "./aggregate";
import { controlOperators } from "./control";
import { standardOperators } from "./standard";
import { textOperators } from "./text";
import { timeOperators } from "./time";
import type { Operator } from "./types";

const all: readonly Operator[] = [...standardOperators, ...controlOperators, ...timeOperators, ...textOperators, ...aggregateOperators];

/** Every operator a rule may use, by name. */
export const operatorTable: ReadonlyMap<string, Operator> = new Map(all.map((op) => [op.name, op]));

/** The names of every supported operator. */
export const ruleOperators: readonly string[] = Object.freeze(all.map((op) => op.name));

/** Operators json-logic-js knows that rules here may not use, and why. */
export const refusedOperators: ReadonlyMap<string, string> = new Map([
  ["log", `The "log" operator is not supported (it writes to the console during evaluation); remove it`],
  ["method", `The "method" operator is not supported (it calls arbitrary JavaScript methods); remove it`],
]);

export type { ArgText, EvalEnv, Evaluator, ExplainKind, Operator } from "./types";
