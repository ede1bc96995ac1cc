/**
 * How the values of a mapping (an action's `input`, a task's `prefill`, a
 * decision table's `inputs` and row `output`, a for_each's `input`, an end's
 * `output`) are read. JsonLogic cannot build an object, so a mapping can,
 * keeping JsonLogic's own rule that an object with one key is an operator:
 *
 * - an object with exactly one key is a JsonLogic expression
 *   (`{"var": "input.buyer.name"}`, `{"if": […]}`), except `{"$object": {…}}`;
 * - an object with two or more keys (or none) is a nested mapping: each
 *   field is read by these rules;
 * - `{"$object": {…}}` is a nested mapping whatever its fields, for an object
 *   of one field (`{"$object": {"name": {"var": "input.buyer.name"}}}`);
 * - a list is a list of values, each read by these rules;
 * - anything else (text, number, boolean, null) stands for itself.
 *
 * The validator (check-nodes.ts) and the interpreter (compile-mapping.ts)
 * both read values through `readMappingValue`, so they never disagree.
 *
 * @example
 * { "recipient": { "name": { "var": "input.buyer.name" }, "phone": { "var": "input.buyer.phone" } }, "speed": "standard" }
 */
import { MAPPING_KEY_PATTERN } from "./schema";

/** The key that marks its value as a nested mapping. `$` cannot begin a field name, so it is never one. */
export const OBJECT_KEY = "$object";

export type MappingValue =
  | { kind: "expression"; rule: Record<string, unknown> }
  | { kind: "object"; fields: Record<string, unknown>; wrapped: boolean }
  | { kind: "list"; items: readonly unknown[] }
  | { kind: "literal"; value: unknown };

const fieldName = new RegExp(MAPPING_KEY_PATTERN);

export function isFieldName(name: string): boolean {
  return fieldName.test(name);
}

/**
 * What one value of a mapping is. `$object` around something that is not an
 * object is read as a literal; the validator refuses it.
 */
export function readMappingValue(value: unknown): MappingValue {
  if (Array.isArray(value)) return { kind: "list", items: value };
  if (typeof value !== "object" || value === null) return { kind: "literal", value };
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length !== 1) return { kind: "object", fields: record, wrapped: false };
  if (keys[0] !== OBJECT_KEY) return { kind: "expression", rule: record };
  const inner = record[OBJECT_KEY];
  const isObject = typeof inner === "object" && inner !== null && !Array.isArray(inner);
  return isObject ? { kind: "object", fields: inner as Record<string, unknown>, wrapped: true } : { kind: "literal", value };
}
