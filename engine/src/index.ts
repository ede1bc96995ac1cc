/**
 * @orderflow/engine: the pure interpreter of orderflow flows. The flow
 * format lives in `@orderflow/engine/definition` (no XState there, for the
 * designer), the rules in `@orderflow/engine/rules`.
 */
export * from "./interpreter/index";
export { runScenario, type Scenario, type ScenarioStep, type SimulationReport } from "./simulate/scenario";
export { formatReport } from "./simulate/report";
