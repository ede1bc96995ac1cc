/**
 * Staff forms: a JSON Schema (type object) for the data and a uiSchema for how
 * it looks. Fields with format `photo`, `barcode` or `weight` are drawn with
 * the camera, scanner and scale widgets of the same names; arrays of objects
 * are repeatable groups (e.g. one row per parcel).
 */
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { createAjv, FORM_FIELD_FORMATS, type FormFieldFormat } from "./ajv";
import { explainFormDataErrors, type FormDataProblem } from "./form-data-errors";
import { explainSchemaErrors, describeValue } from "./schema-errors";
import type { FormDefinition } from "./schema";
import { isRecord, listOf, pointerTo, pointerTokens, problem, sentences, suggestion, type FlowProblem } from "./problems";

export type { FormDataProblem } from "./form-data-errors";

/** The widgets a uiSchema may name: @rjsf/core's standard ones and orderflow's device widgets. */
export const FORM_WIDGETS = [
  "text", "textarea", "password", "color", "email", "uri", "data-url", "date", "datetime", "time", "alt-date", "alt-datetime",
  "updown", "range", "radio", "select", "checkbox", "checkboxes", "hidden", "file",
  "photo", "barcode", "weight",
] as const;

/** The JSON type each device format and widget works on. */
const DEVICE_TYPES: Record<FormFieldFormat, readonly string[]> = { photo: ["string"], barcode: ["string"], weight: ["number"] };

let sharedAjv: Ajv | undefined;
const validators = new WeakMap<object, ValidateFunction>();

function formAjv(): Ajv {
  return (sharedAjv ??= createAjv());
}

/**
 * Problems with a form definition, pointers below `pointer` (e.g. `/forms/packing`).
 *
 * @example checkForm({ title: "Pack", schema: { type: "object", required: ["wieght"], properties: { weight: { type: "number", format: "weight" } } } }, "/forms/pack")
 *          // → [{ pointer: "/forms/pack/schema/required/0", code: "invalid_form", message: 'Form "pack": "wieght" is listed as required …' }]
 */
export function checkForm(form: FormDefinition, pointer = ""): FlowProblem[] {
  const subject = formSubject(pointer);
  if (!isRecord(form) || !isRecord(form.schema)) {
    return [problem(pointerTo(pointer, "schema"), "invalid_form", `${subject} has no schema: give it a JSON Schema of type "object" listing its fields.`)];
  }
  const schemaAt = pointerTo(pointer, "schema");
  const problems: FlowProblem[] = [];
  if (form.schema.type !== "object") {
    problems.push(
      problem(pointerTo(schemaAt, "type"), "invalid_form", `${subject}: the schema's type must be "object" (a form is a group of fields), not ${describeValue(form.schema.type)}.`),
    );
  }
  checkFields(form.schema, schemaAt, "", subject, problems);
  if (form.uiSchema !== undefined) checkUi(form.schema, form.uiSchema, pointerTo(pointer, "uiSchema"), "", subject, problems);
  if (problems.some((found) => found.severity === "error")) return problems;

  const ajv = formAjv();
  if (!ajv.validateSchema(form.schema)) {
    const locate = (at: string) => ({ subject, field: pointerTokens(at.slice(pointer.length)) });
    return [...problems, ...explainSchemaErrors((ajv.errors ?? []) as ErrorObject[], schemaAt, locate).map((found) => ({ ...found, code: "invalid_form" }))];
  }
  try {
    validatorFor(form);
  } catch (error) {
    problems.push(compileProblem(error, form.schema, schemaAt, subject));
  }
  return problems;
}

/**
 * Checks submitted data against its form: empty when it fits. The engine
 * refuses a task submission with problems; the server answers with them.
 *
 * @example validateFormData(packForm, { weight: "heavy" })
 *          // → [{ path: "/weight", message: "weight: must be a number of kilograms, e.g. 1.25" }]
 */
export function validateFormData(form: FormDefinition, data: unknown): FormDataProblem[] {
  let validate: ValidateFunction;
  try {
    validate = validatorFor(form);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`This form's schema is not valid, so submissions cannot be checked (${reason}); validate the flow to see how to fix it.`);
  }
  return validate(data) ? [] : explainFormDataErrors(validate.errors ?? [], form.schema);
}

/** The compiled validator of a form, made once per form object. */
function validatorFor(form: FormDefinition): ValidateFunction {
  let validate = validators.get(form);
  if (!validate) {
    const ajv = formAjv();
    validate = ajv.compile(form.schema);
    // Ajv keeps every compiled schema (and its $id) itself; the WeakMap is the only cache forms need.
    ajv.removeSchema(form.schema);
    validators.set(form, validate);
  }
  return validate;
}

function checkFields(schema: Record<string, unknown>, at: string, path: string, subject: string, problems: FlowProblem[]): void {
  const field = path === "" ? "the form" : `field "${path}"`;
  if (typeof schema.format === "string") {
    const format = schema.format;
    if (!Object.hasOwn(formAjv().formats, format)) {
      problems.push(
        problem(
          pointerTo(at, "format"),
          "invalid_form",
          sentences(
            `${subject}: ${field} has the format "${format}", which does not exist`,
            suggestion(format, Object.keys(formAjv().formats)),
            'Use "photo", "barcode" or "weight" for the camera, scanner and scale, or a standard format such as "date" or "email"',
          ),
        ),
      );
    } else if (isDeviceFormat(format) && !fitsType(schema.type, DEVICE_TYPES[format])) {
      problems.push(problem(pointerTo(at, "type"), "invalid_form", `${subject}: ${field} has the format "${format}", which needs type "${DEVICE_TYPES[format][0]}".`));
    }
  }
  const properties = isRecord(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    schema.required.forEach((name, index) => {
      if (typeof name === "string" && Object.hasOwn(properties, name)) return;
      problems.push(
        problem(
          pointerTo(at, "required", index),
          "invalid_form",
          sentences(
            `${subject}: ${JSON.stringify(name)} is listed as required, but ${path === "" ? "the form" : `"${path}"`} has no such field`,
            typeof name === "string" ? suggestion(name, Object.keys(properties)) : "",
            "Add the field or remove it from required",
          ),
        ),
      );
    });
  }
  for (const [key, child] of Object.entries(properties)) {
    if (isRecord(child)) checkFields(child, pointerTo(at, "properties", key), path === "" ? key : `${path}.${key}`, subject, problems);
  }
  if (isRecord(schema.items)) checkFields(schema.items, pointerTo(at, "items"), `${path}[]`, subject, problems);
}

function checkUi(schema: unknown, ui: unknown, at: string, path: string, subject: string, problems: FlowProblem[]): void {
  if (!isRecord(ui)) return;
  const node = isRecord(schema) ? schema : {};
  const properties = isRecord(node.properties) ? node.properties : {};
  for (const [key, value] of Object.entries(ui)) {
    const where = pointerTo(at, key);
    if (key === "ui:widget") {
      checkWidget(node, value, where, path, subject, problems);
    } else if (key.startsWith("ui:")) {
      continue;
    } else if (key === "items" && isRecord(node.items)) {
      checkUi(node.items, value, where, `${path}[]`, subject, problems);
    } else if (Object.hasOwn(properties, key)) {
      checkUi(properties[key], value, where, path === "" ? key : `${path}.${key}`, subject, problems);
    } else {
      problems.push(
        problem(
          where,
          "invalid_form",
          sentences(
            `${subject}: the uiSchema describes "${path === "" ? key : `${path}.${key}`}", which is not a field of the form`,
            suggestion(key, Object.keys(properties)),
            "Rename it or remove it",
          ),
          "warning",
        ),
      );
    }
  }
}

function checkWidget(schema: Record<string, unknown>, widget: unknown, at: string, path: string, subject: string, problems: FlowProblem[]): void {
  const field = path === "" ? "the form" : `field "${path}"`;
  if (typeof widget !== "string" || !(FORM_WIDGETS as readonly string[]).includes(widget)) {
    const named = typeof widget === "string" ? `"${widget}"` : describeValue(widget);
    problems.push(
      problem(
        at,
        "invalid_form",
        sentences(
          `${subject}: ${field} uses the widget ${named}, which does not exist`,
          typeof widget === "string" ? suggestion(widget, FORM_WIDGETS) : "",
          `Widgets: ${listOf(FORM_WIDGETS)}`,
        ),
      ),
    );
  } else if (isDeviceFormat(widget) && !fitsType(schema.type, DEVICE_TYPES[widget])) {
    problems.push(problem(at, "invalid_form", `${subject}: the widget "${widget}" is for fields of type "${DEVICE_TYPES[widget][0]}", but ${field} has type ${JSON.stringify(schema.type)}.`));
  }
}

/** Ajv refuses some schemas only when compiling them, e.g. an unknown keyword (often a misspelling). */
function compileProblem(error: unknown, schema: Record<string, unknown>, at: string, subject: string): FlowProblem {
  const message = error instanceof Error ? error.message : String(error);
  const keyword = /unknown keyword: "([^"]+)"/.exec(message)?.[1];
  if (keyword !== undefined) {
    const known = Object.keys(formAjv().RULES.all);
    return problem(
      findKey(schema, keyword, at) ?? at,
      "invalid_form",
      sentences(`${subject}: the schema uses "${keyword}", which is not a JSON Schema keyword`, suggestion(keyword, known), "Fix or remove it"),
    );
  }
  return problem(at, "invalid_form", `${subject}: the schema cannot be used (${message}).`);
}

/** The pointer of the first object (depth first) that has `key`. */
function findKey(value: unknown, key: string, at: string): string | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findKey(item, key, pointerTo(at, index));
      if (found) return found;
    }
  } else if (isRecord(value)) {
    if (Object.hasOwn(value, key)) return pointerTo(at, key);
    for (const [name, child] of Object.entries(value)) {
      const found = findKey(child, key, pointerTo(at, name));
      if (found) return found;
    }
  }
  return undefined;
}

function formSubject(pointer: string): string {
  const tokens = pointerTokens(pointer);
  return tokens.length === 2 && tokens[0] === "forms" ? `Form "${tokens[1]}"` : "The form";
}

function isDeviceFormat(name: string): name is FormFieldFormat {
  return Object.hasOwn(FORM_FIELD_FORMATS, name);
}

function fitsType(type: unknown, allowed: readonly string[]): boolean {
  return typeof type === "string" && allowed.includes(type);
}
