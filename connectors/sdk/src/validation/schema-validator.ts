/**
 * One Ajv for every schema the SDK checks: props, outputs, the canonical
 * order. Errors come back as field paths a person can act on
 * (`input.lines[0].quantity: must be >= 1`), never as Ajv's raw objects.
 */
import type { TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/** Keywords the SDK adds for the designer; Ajv must know them in strict mode. */
export const DESIGNER_KEYWORDS = ["x-title", "x-description", "x-secret", "x-options", "x-widget"] as const;

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true, coerceTypes: false });
  addFormats(ajv);
  for (const keyword of DESIGNER_KEYWORDS) ajv.addKeyword({ keyword });
  return ajv;
}

const shared = createAjv();
const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles once per schema object; throws with Ajv's reason when the schema itself is invalid. */
export function compileSchema(schema: TSchema | Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = shared.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export interface FieldProblem {
  /** A path from the root, e.g. `input.address.city` or `lines[2].sku`. */
  path: string;
  message: string;
}

/**
 * Checks `value` against `schema` (filling in declared defaults) and lists
 * every problem with its path under `root`.
 */
export function checkAgainst(schema: TSchema | Record<string, unknown>, value: unknown, root: string): FieldProblem[] {
  const validate = compileSchema(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => {
    const problem = toProblem(error, root);
    return { ...problem, path: problem.path.replace(/^\./, "") };
  });
}

function toProblem(error: ErrorObject, root: string): FieldProblem {
  let path = root + pointerToPath(error.instancePath);
  if (error.keyword === "required") path += join((error.params as { missingProperty: string }).missingProperty);
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return { path: path + join(extra), message: "is not a known field: remove it or check its spelling" };
  }
  if (error.keyword === "enum") {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return { path, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}` };
  }
  if (error.keyword === "required") return { path, message: "is required" };
  return { path, message: error.message ?? "is invalid" };
}

function pointerToPath(pointer: string): string {
  if (pointer === "") return "";
  return pointer
    .split("/")
    .slice(1)
    .map((segment) => join(segment.replaceAll("~1", "/").replaceAll("~0", "~")))
    .join("");
}

function join(segment: string): string {
  if (/^\d+$/.test(segment)) return `[${segment}]`;
  return /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
}

/** Problems as one sentence, for an error message. */
export function describeProblems(problems: FieldProblem[]): string {
  return problems.map((p) => `${p.path || "(the whole value)"} ${p.message}`).join("; ");
}
