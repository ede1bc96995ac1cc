/**
 * Request validation with Ajv against the same TypeBox schemas the OpenAPI
 * document is made from. Bodies are taken as sent; query and path
 * parameters arrive as text and are converted to the schema's types
 * ("20" → 20) first. Every problem is reported with where it is.
 */
import type { TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { invalidRequest } from "./errors";
import type { FieldProblem } from "./schemas/common";

export type Where = "body" | "query" | "path";

const options = { allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false } as const;
const exact = addFormats(new Ajv(options));
const converting = addFormats(new Ajv({ ...options, coerceTypes: true }));
const compiled = { exact: new WeakMap<TSchema, ValidateFunction>(), converting: new WeakMap<TSchema, ValidateFunction>() };

/** Returns `value` (converted, for parameters) when it fits `schema`; throws a 400 ApiError listing every problem otherwise. */
export function checkRequest<T>(schema: TSchema, value: unknown, where: Where): T {
  const kind = where === "body" ? "exact" : "converting";
  let validate = compiled[kind].get(schema);
  if (!validate) {
    validate = (kind === "exact" ? exact : converting).compile(schema);
    compiled[kind].set(schema, validate);
  }
  if (validate(value)) return value as T;
  throw invalidRequest(where, explain(validate.errors ?? [], where));
}

function explain(errors: readonly ErrorObject[], where: Where): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const error of withoutUnionBranches(errors)) {
    const pointer = pointerOf(error);
    const problem = { field: where === "body" ? pointer : pointer.slice(1).split("/")[0] || "", message: messageOf(error) };
    const key = `${problem.field}\n${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/**
 * A union speaks for itself, its branches' errors would only repeat it;
 * except a union told apart by a constant field (`type`), where the branch
 * the value picked explains what is wrong with it, and an unknown `type` is
 * the one problem.
 */
function withoutUnionBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const union of errors.filter((error) => error.keyword === "anyOf" || error.keyword === "oneOf")) {
    const inBranch = (error: ErrorObject) => error !== union && error.schemaPath.startsWith(`${union.schemaPath}/`);
    const picked = pickedBranch(union);
    if (picked === undefined) {
      kept = kept.filter((error) => !inBranch(error));
    } else if (typeof picked === "number") {
      kept = kept.filter((error) => error !== union && (!inBranch(error) || error.schemaPath.startsWith(`${union.schemaPath}/${picked}/`)));
    } else {
      kept = kept.filter((error) => !inBranch(error)).map((error) => (error === union ? picked : error));
    }
  }
  return kept;
}

/** For a union of objects told apart by a constant field: the index of the branch the data picked, or an error on that field when it picked none. */
function pickedBranch(union: ErrorObject): number | ErrorObject | undefined {
  const branches = Array.isArray(union.schema) ? (union.schema as Record<string, any>[]) : [];
  const data = union.data as Record<string, unknown> | undefined;
  if (branches.length === 0 || typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const key = Object.keys(branches[0]!.properties ?? {}).find((name) => branches.every((branch) => branch.properties?.[name] && "const" in branch.properties[name]));
  if (key === undefined) return undefined;
  const index = branches.findIndex((branch) => branch.properties[key].const === data[key]);
  if (index >= 0) return index;
  const allowed = branches.map((branch) => branch.properties[key].const);
  return { ...union, keyword: "enum", instancePath: `${union.instancePath}/${key}`, params: { allowedValues: allowed } };
}

function pointerOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const child = error.keyword === "required" ? params.missingProperty : error.keyword === "additionalProperties" ? params.additionalProperty : undefined;
  return typeof child === "string" ? `${error.instancePath}/${child.replaceAll("~", "~0").replaceAll("/", "~1")}` : error.instancePath;
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not a known field: remove it or check its spelling";
    case "enum":
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "pattern": {
      // The schema's description says in words what the pattern asks for.
      const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
      return typeof description === "string" ? `${error.message ?? "does not match its pattern"}: ${description}` : (error.message ?? "is not valid");
    }
    case "anyOf":
    case "oneOf": {
      const branches = Array.isArray(error.schema) ? (error.schema as Record<string, unknown>[]) : [];
      const constants = branches.filter((branch) => "const" in branch).map((branch) => JSON.stringify(branch.const));
      return constants.length === branches.length && constants.length > 0 ? `must be one of ${constants.join(", ")}` : "does not match any of the allowed forms (see the API reference)";
    }
    default:
      return error.message ?? "is not valid";
  }
}

const lenient = addFormats(new Ajv({ allErrors: true, verbose: true, strict: false }));
const lenientCompiled = new WeakMap<object, ValidateFunction>();

/**
 * Checks a part of the body against a schema a user wrote (a flow's
 * inputSchema): problems are reported under `at` ("/input/address/city").
 * A schema that does not compile checks nothing; validating the flow reports it.
 */
export function checkAgainstUserSchema(schema: object, value: unknown, at: string): void {
  let validate = lenientCompiled.get(schema);
  if (!validate) {
    try {
      validate = lenient.compile(schema);
    } catch {
      return;
    }
    lenientCompiled.set(schema, validate);
  }
  if (validate(value)) return;
  throw invalidRequest("body", explain(validate.errors ?? [], "body").map((problem) => ({ ...problem, field: at + problem.field })));
}
