import { closestName } from "../suggest";
import { operatorTable, refusedOperators, ruleOperators } from "./index";
import type { ArgumentProblem, Operator } from "./types";

/** Why a rule may not use the operator `name`, naming the fix. */
export function unknownOperatorMessage(name: string): string {
  const refused = refusedOperators.get(name);
  if (refused !== undefined) return refused;
  const suggestion = closestName(name, ruleOperators);
  return suggestion === undefined
    ? `Unknown operator "${name}"; use one of the supported operators: ${ruleOperators.join(", ")}`
    : `Unknown operator "${name}"; did you mean "${suggestion}"?`;
}

/** The operator named `name`, or undefined when rules may not use it. */
export function lookupOperator(name: string): Operator | undefined {
  return operatorTable.get(name);
}

/**
 * What is wrong with how a rule calls `op`, judging only the rule itself: the argument count of
 * fixed-arity custom operators and the operator's own checks of literal arguments. `index` -1
 * means the call as a whole.
 */
export function usageProblem(op: Operator, args: readonly unknown[]): ArgumentProblem | null {
  const arity = op.arity;
  if (arity !== undefined && (args.length < arity.min || args.length > arity.max)) {
    const count = arity.min === arity.max ? `${arity.min}` : `${arity.min} to ${arity.max}`;
    const noun = arity.max === 1 ? "argument" : "arguments";
    return {
      index: -1,
      message: `"${op.name}" takes ${arity.usage} (${count} ${noun}), but was given ${args.length}`,
    };
  }
  return op.validate?.(args) ?? null;
}
