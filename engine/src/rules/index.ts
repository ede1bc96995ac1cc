/**
 * Rules: JsonLogic (json-logic-js 2.0.5 format and semantics) evaluated by a compiled, cached
 * evaluator, plus the custom operators order processing needs, an explain mode for staff and a
 * publish-time checker. See README.md for the operator reference.
 */
export { compileRule, evaluateRule } from "./compile-cache";
export type { CompiledRule, EvaluateOptions, JsonLogicRule } from "./compile-cache";
export { isTruthy } from "./coerce";
export { explainRule } from "./explain";
export type { Explanation } from "./explain";
export { checkRule } from "./check";
export type { RuleProblem } from "./check";
export { ruleOperators } from "./operators/index";
export { RuleError } from "./errors";
export { parseDuration } from "./duration";
