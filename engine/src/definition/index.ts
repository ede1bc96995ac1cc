/**
 * `@orderflow/engine/definition`: the flow format and everything needed to
 * check a flow without running it. Imports no XState, so the designer can
 * bundle it.
 *
 * @example
 * import { validateFlow } from "@orderflow/engine/definition";
 * const { ok, problems } = validateFlow(flowJson);
 */
export * from "./schema";
export * from "./outcomes";
export * from "./graph";
export * from "./validate";
export * from "./migrate";
export * from "./forms";
export { createAjv, FORM_FIELD_FORMATS, type FormFieldFormat } from "./ajv";
export { flowJsonSchema, renderFlowJsonSchema, JSON_SCHEMA_DIALECT } from "./json-schema";
