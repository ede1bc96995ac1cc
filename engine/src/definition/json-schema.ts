/**
 * The flow format as a JSON Schema file, for Monaco, the server and templates.
 * Draft-07: what Ajv's default class, @rjsf/validator-ajv8 and Monaco's JSON
 * language all read fully; the TypeBox schema uses nothing newer.
 */
import { Flow } from "./schema";

export const JSON_SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#";

/**
 * The flow format as plain JSON Schema (TypeBox's symbol keys dropped).
 *
 * @example new Ajv().compile(flowJsonSchema())
 */
export function flowJsonSchema(): Record<string, unknown> {
  const { $id, title, ...rest } = JSON.parse(JSON.stringify(Flow)) as Record<string, unknown>;
  return { $schema: JSON_SCHEMA_DIALECT, $id, title, ...rest };
}

/** The text of `engine/schema/flow.schema.json`, exactly as `npm run schema` writes it. */
export function renderFlowJsonSchema(): string {
  return `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
}
