/**
 * Turns Ajv's errors into sentences staff can act on: which field, what is
 * wrong with it, how to fix it. Unions (`anyOf`) are narrowed to the branch
 * the data was evidently meant to be, so one mistake gives one message.
 */
import type { ErrorObject } from "ajv";
import { DURATION_PATTERN, ID_PATTERN, MAPPING_KEY_PATTERN } from "./schema";
import { capitalise, fieldPath, isRecord, listOf, oneOf, pointerTo, problem, sentences, suggestion, type FlowProblem, type ProblemLocation } from "./problems";

/**
 * Plain-language problems for the errors of validating the value at `base`;
 * `locate` names what an absolute pointer is about.
 */
export function explainSchemaErrors(errors: readonly ErrorObject[], base: string, locate: (pointer: string) => ProblemLocation): FlowProblem[] {
  const seen = new Set<string>();
  const problems: FlowProblem[] = [];
  for (const error of resolveUnions(errors)) {
    const explained = explain(error, base, locate);
    const key = `${explained.pointer}\n${explained.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(explained);
    }
  }
  return problems;
}

/** Why an id is refused, naming the offending character. */
function explainId(value: string): string {
  const first = [...value][0];
  if (first === undefined) return "an id must not be empty";
  if (!/[A-Za-z]/.test(first)) return `"${value}" starts with ${characterName(first)}: ids start with a letter, then use letters, digits, _ and -`;
  const bad = [...value].find((char) => !/[A-Za-z0-9_-]/.test(char));
  if (bad !== undefined) return `"${value}" contains ${characterName(bad)}: ids may use letters, digits, _ and -, and start with a letter`;
  return `"${value}" is ${value.length} characters long: ids may have at most 64`;
}

/** A usable id close to a refused one. */
function suggestId(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^[^A-Za-z]+/, "").slice(0, 64);
  return cleaned === "" ? "step_1" : cleaned;
}

function characterName(char: string): string {
  return char === " " ? "a space" : `"${char}"`;
}

function explain(error: ErrorObject, base: string, locate: (pointer: string) => ProblemLocation): FlowProblem {
  const pointer = base + error.instancePath;
  const { subject, field } = locate(pointer);
  const Subject = capitalise(subject);
  const it = field.length > 0 ? `"${fieldPath(field)}"` : "it";
  // "Node "x" (task): "retry.maxAttempts" must be …", or "Alert #2 must be …" when the subject itself is wrong.
  const lead = field.length > 0 ? `${Subject}: ${it}` : Subject;
  const at = (message: string, code = "schema", where = pointer) => problem(where, code, message);
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      const described = describedBy(isRecord(parent.properties) ? parent.properties[missing] : undefined);
      return at(`${Subject} is missing "${fieldPath([...field, missing])}": add it${described ? ` (${described})` : ""}.`, "schema", pointerTo(pointer, missing));
    }
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const where = pointerTo(pointer, extra);
      const keyPattern = isRecord(parent.patternProperties) ? Object.keys(parent.patternProperties)[0] : undefined;
      if (keyPattern === ID_PATTERN) return at(`${Subject}: in ${it}, ${explainId(extra)}. Rename it, e.g. "${suggestId(extra)}".`, "bad_id", where);
      if (keyPattern === MAPPING_KEY_PATTERN) {
        return at(
          `${lead} has the field name "${extra}", which is not allowed: field names use letters, digits and _, and do not start with a digit. Rename it, e.g. "${extra.replace(/\W+/g, "_").replace(/^(\d)/, "_$1")}".`,
          "schema",
          where,
        );
      }
      const known = isRecord(parent.properties) ? Object.keys(parent.properties) : [];
      return at(
        sentences(
          `${Subject} has an unknown field "${fieldPath([...field, extra])}"`,
          suggestion(extra, known),
          known.length === 1 ? `Remove or rename it; the only field allowed here is ${listOf(known)}` : `Remove or rename it; the fields allowed here are ${listOf(known)}`,
        ),
        "schema",
        where,
      );
    }
    case "type":
      return at(`${lead} must be ${typeWords(params.type)}, not ${describeValue(error.data)}.`);
    case "const":
      return at(`${lead} must be ${JSON.stringify(params.allowedValue)}, not ${describeValue(error.data)}.`);
    case "enum":
      return at(`${lead} must be ${oneOf(params.allowedValues as unknown[])}, not ${describeValue(error.data)}.`);
    case "pattern": {
      const value = String(error.data);
      if (params.pattern === ID_PATTERN) return at(`${lead} ${explainId(value)}. Use e.g. "${suggestId(value)}".`, "bad_id");
      if (params.pattern === DURATION_PATTERN) {
        return at(
          `${lead} is "${value}", which is not a duration. Write it like "PT30M" (30 minutes), "PT2H" (2 hours), "P1D" (1 day) or "P1DT12H"; weeks, days, hours, minutes and seconds are allowed, months and years are not.`,
        );
      }
      return at(`${lead} is "${value}", which does not have the expected form (${String(params.pattern)}).`);
    }
    case "minLength":
      return at(Number(params.limit) === 1 ? `${lead} must not be empty.` : `${lead} must be at least ${params.limit} characters long.`);
    case "maxLength":
      return at(`${lead} must be at most ${params.limit} characters long.`);
    case "minimum":
    case "exclusiveMinimum":
    case "maximum":
    case "exclusiveMaximum": {
      const words = { minimum: "at least", exclusiveMinimum: "more than", maximum: "at most", exclusiveMaximum: "less than" }[error.keyword];
      return at(`${lead} must be ${words} ${params.limit}, not ${describeValue(error.data)}.`);
    }
    case "minItems":
      return at(`${lead} needs at least ${params.limit} ${Number(params.limit) === 1 ? "entry" : "entries"}.`);
    case "maxItems":
      return at(`${lead} may have at most ${params.limit} entries.`);
    case "minProperties": {
      const names = isRecord(parent.properties) ? Object.keys(parent.properties) : [];
      return at(names.length === 1 ? `${lead} needs ${oneOf(names)}.` : `${lead} needs at least ${oneOf(names)}.`);
    }
    case "uniqueItems": {
      const twice = Array.isArray(error.data) ? error.data[Number(params.j)] : undefined;
      return at(`${lead} lists ${JSON.stringify(twice)} twice; each entry must be different.`);
    }
    case "anyOf":
      return explainUnion(error, pointer, Subject, lead, field);
    case "format":
      return at(`${lead} must be a valid ${String(params.format)}, not ${describeValue(error.data)}.`);
    default:
      return at(`${lead} is not valid (${error.message ?? error.keyword}).`);
  }
}

/** A union no branch of which fits, even roughly. */
function explainUnion(error: ErrorObject, pointer: string, Subject: string, lead: string, field: string[]): FlowProblem {
  const branches = (Array.isArray(error.schema) ? error.schema : []).filter(isRecord);
  const constants = branches.map((branch) => branch.const);
  if (branches.length > 0 && branches.every((branch) => "const" in branch)) {
    return problem(pointer, "schema", `${lead} must be ${oneOf(constants)}, not ${describeValue(error.data)}.`);
  }
  const key = discriminator(branches);
  if (key !== undefined && isRecord(error.data)) {
    const allowed = branches.map((branch) => (branch.properties as Record<string, { const: unknown }>)[key]!.const);
    const where = pointerTo(pointer, key);
    const given = error.data[key];
    const name = `"${fieldPath([...field, key])}"`;
    const message =
      given === undefined
        ? `${Subject} is missing ${name}: set it to ${oneOf(allowed)}.`
        : `${Subject}: ${name} must be ${oneOf(allowed)}, not ${describeValue(given)}.`;
    return problem(where, "schema", message);
  }
  const description = describedBy(error.parentSchema);
  const expected = description ?? [...new Set(branches.map((branch) => typeWords(branch.type)))].join(" or ");
  return problem(pointer, "schema", `${lead} has the wrong form (${describeValue(error.data)}). Expected: ${expected}.`);
}

/**
 * Replaces each `anyOf` error and its branches' errors by the errors of the
 * branch the data was meant for (chosen by a `type`/`kind` constant, then by
 * JSON type, then by fewest errors); keeps the union error itself only when no
 * branch fits.
 */
function resolveUnions(errors: readonly ErrorObject[]): ErrorObject[] {
  let remaining = [...errors];
  const unions = errors.filter((error) => error.keyword === "anyOf").sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const union of unions) {
    if (!remaining.includes(union)) continue;
    const prefix = `${union.schemaPath}/`;
    const inUnion = (error: ErrorObject) =>
      error.schemaPath.startsWith(prefix) && (error.instancePath === union.instancePath || error.instancePath.startsWith(`${union.instancePath}/`));
    const byBranch = new Map<number, ErrorObject[]>();
    for (const error of remaining.filter(inUnion)) {
      const branch = Number(error.schemaPath.slice(prefix.length).split("/")[0]);
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), error]);
    }
    const chosen = chooseBranch((Array.isArray(union.schema) ? union.schema : []) as unknown[], union.data, byBranch);
    const replacement = chosen === undefined ? [union] : (byBranch.get(chosen) ?? []);
    const at = remaining.indexOf(union);
    remaining = [...remaining.slice(0, at).filter((e) => !inUnion(e)), ...replacement, ...remaining.slice(at + 1).filter((e) => !inUnion(e))];
  }
  return remaining;
}

function chooseBranch(branches: unknown[], data: unknown, byBranch: Map<number, ErrorObject[]>): number | undefined {
  const schemas = branches.map((branch) => (isRecord(branch) ? branch : {}));
  if (schemas.every((schema) => "const" in schema)) return undefined;
  const key = discriminator(schemas);
  if (key !== undefined) {
    if (!isRecord(data)) return undefined;
    const index = schemas.findIndex((schema) => (schema.properties as Record<string, { const: unknown }>)[key]!.const === data[key]);
    return index < 0 ? undefined : index;
  }
  const candidates = schemas.map((_, index) => index).filter((index) => typeMatches(schemas[index]!.type, data));
  if (candidates.length === 0) return undefined;
  return candidates.reduce((best, index) => ((byBranch.get(index)?.length ?? 0) < (byBranch.get(best)?.length ?? 0) ? index : best));
}

/** A property every branch fixes to a constant, e.g. `type` of a wait's `until`. */
function discriminator(schemas: Record<string, unknown>[]): string | undefined {
  const first = schemas[0]?.properties;
  if (!isRecord(first)) return undefined;
  return Object.keys(first).find((key) =>
    schemas.every((schema) => isRecord(schema.properties) && isRecord(schema.properties[key]) && "const" in (schema.properties[key] as object)),
  );
}

function typeMatches(type: unknown, data: unknown): boolean {
  if (type === undefined) return true;
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => t === jsonType(data) || (t === "number" && jsonType(data) === "integer") || (t === "integer" && Number.isInteger(data)));
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

const TYPE_WORDS: Record<string, string> = {
  string: "a text",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a group of fields ({ … })",
  null: "null",
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(",");
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(" or ");
}

/** How a value looks to a person: `the text "3"`, `the number 3`, `a list`. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `the value ${value}`;
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (value === undefined) return "nothing";
  return "a group of fields";
}

function describedBy(schema: unknown): string | undefined {
  return isRecord(schema) && typeof schema.description === "string" ? schema.description.replace(/\.$/, "") : undefined;
}
