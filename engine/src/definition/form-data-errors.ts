/**
 * Plain-language messages for a form submission that does not fit its form,
 * naming each field by its title (or key) as staff see it on the screen.
 */
import type { ErrorObject } from "ajv";
import { isRecord, oneOf, pointerTo, pointerTokens } from "./problems";

/** One thing wrong with submitted form data; `path` is a JSON pointer into the data. */
export interface FormDataProblem {
  path: string;
  message: string;
}

const WEIGHT = "must be a number of kilograms, e.g. 1.25";

const FORMAT_WORDS: Record<string, string> = {
  weight: WEIGHT,
  photo: "must be a photo: take or upload one",
  barcode: "must be a scanned barcode",
  date: "must be a date such as 2025-03-31",
  "date-time": "must be a date and time such as 2025-03-31T14:30:00+08:00",
  time: "must be a time such as 14:30:00",
  email: "must be an email address such as name@example.com",
  uri: "must be a web address such as https://example.com",
  url: "must be a web address such as https://example.com",
};

const TYPE_WORDS: Record<string, string> = {
  string: "must be text",
  number: "must be a number, e.g. 3 or 2.5",
  integer: "must be a whole number, e.g. 3",
  boolean: "must be yes or no",
  array: "must be a list",
  object: "must be a group of fields",
  null: "must be empty",
};

export function explainFormDataErrors(errors: readonly ErrorObject[], schema: Record<string, unknown>): FormDataProblem[] {
  const seen = new Set<string>();
  const problems: FormDataProblem[] = [];
  for (const error of withoutChoiceBranches(errors)) {
    const explained = explain(error, schema);
    const key = `${explained.path}\n${explained.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(explained);
  }
  return problems;
}

/** An `anyOf`/`oneOf` speaks for itself: its branches' errors would only repeat it. */
function withoutChoiceBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const choices = errors.filter((error) => error.keyword === "anyOf" || error.keyword === "oneOf");
  return errors.filter(
    (error) =>
      !choices.some(
        (choice) =>
          choice !== error &&
          error.schemaPath.startsWith(`${choice.schemaPath}/`) &&
          (error.instancePath === choice.instancePath || error.instancePath.startsWith(`${choice.instancePath}/`)),
      ),
  );
}

function explain(error: ErrorObject, schema: Record<string, unknown>): FormDataProblem {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const at = (message: string, path = error.instancePath) => ({ path, message: `${labelOf(schema, path)}: ${message}` });
  switch (error.keyword) {
    case "required":
      return at("is required", pointerTo(error.instancePath, String(params.missingProperty)));
    case "additionalProperties":
      return at("is not a field of this form", pointerTo(error.instancePath, String(params.additionalProperty)));
    case "type":
      return at(typeof parent.format === "string" && FORMAT_WORDS[parent.format] ? FORMAT_WORDS[parent.format]! : TYPE_WORDS[String(params.type)] ?? `must be ${params.type}`);
    case "format":
      return at(FORMAT_WORDS[String(params.format)] ?? `must be a valid ${params.format}`);
    case "minimum":
      return at(`must be at least ${params.limit}`);
    case "exclusiveMinimum":
      return at(`must be more than ${params.limit}`);
    case "maximum":
      return at(`must be at most ${params.limit}`);
    case "exclusiveMaximum":
      return at(`must be less than ${params.limit}`);
    case "multipleOf":
      return at(`must be a multiple of ${params.multipleOf}`);
    case "minLength":
      return at(Number(params.limit) === 1 ? "must not be empty" : `must have at least ${params.limit} characters`);
    case "maxLength":
      return at(`must have at most ${params.limit} characters`);
    case "minItems":
      return at(`needs at least ${params.limit} ${Number(params.limit) === 1 ? "entry" : "entries"}`);
    case "maxItems":
      return at(`may have at most ${params.limit} entries`);
    case "uniqueItems":
      return at("must not list the same entry twice");
    case "enum":
      return at(`must be ${oneOf(params.allowedValues as unknown[])}`);
    case "const":
      return at(`must be ${JSON.stringify(params.allowedValue)}`);
    case "anyOf":
    case "oneOf": {
      const branches = Array.isArray(error.schema) ? error.schema.filter(isRecord) : [];
      if (branches.length > 0 && branches.every((branch) => "const" in branch)) {
        return at(`must be ${oneOf(branches.map((branch) => (typeof branch.title === "string" ? branch.title : branch.const)))}`);
      }
      return at("does not match any of the allowed choices");
    }
    case "pattern":
      return at("is not in the expected form");
    default:
      return at("is not valid");
  }
}

/** `Lines #2 › SKU`: each field's title, or its key when it has none; list entries by number. */
function labelOf(schema: Record<string, unknown>, path: string): string {
  const labels: string[] = [];
  let current: unknown = schema;
  for (const token of pointerTokens(path)) {
    const node: Record<string, unknown> = isRecord(current) ? current : {};
    if (node.type === "array" || Array.isArray(node.items) || isRecord(node.items)) {
      labels.push(`#${Number(token) + 1}`);
      current = Array.isArray(node.items) ? node.items[Number(token)] : node.items;
    } else {
      current = isRecord(node.properties) ? node.properties[token] : undefined;
      labels.push(isRecord(current) && typeof current.title === "string" ? current.title : token);
    }
  }
  return labels.length === 0 ? "The form" : labels.join(" › ").replaceAll(" › #", " #");
}
