/**
 * The OpenAPI 3.1 document, read from the app's own routes: each route's
 * `endpoint(spec)` handler carries the schemas that validate its requests,
 * so what is documented is what is enforced. Schemas exported from
 * `schemas/` become named components; everything else is inlined.
 */
import type { TSchema } from "@sinclair/typebox";
import type { RouterRoute } from "hono/types";
import { isEndpoint, type EndpointSpec } from "../endpoint";
import { ErrorBody } from "../schemas/common";
import { SESSION_COOKIE } from "../session-cookie";
import { schemaNames } from "./schema-names";

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** The roles that may call it; "public" or "signed-in" for anyone (signed in). */
  "x-roles": string[];
  security: Record<string, string[]>[];
  parameters?: { name: string; in: "path" | "query"; required: boolean; schema: unknown; description?: string }[];
  requestBody?: { required: true; content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

/** Hono's `/flows/:id` as OpenAPI's `/flows/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
}

/** Every route of an app that declares itself with `endpoint(spec)`, as [method, path, spec]. */
export function declaredRoutes(routes: readonly RouterRoute[]): { method: string; path: string; spec: EndpointSpec }[] {
  const found = new Map<string, { method: string; path: string; spec: EndpointSpec }>();
  for (const route of routes) {
    if (route.method === "ALL" || !isEndpoint(route.handler)) continue;
    found.set(`${route.method} ${route.path}`, { method: route.method.toLowerCase(), path: route.path, spec: route.handler.spec });
  }
  return [...found.values()];
}

export function buildOpenApi(routes: readonly RouterRoute[], info: { version: string }): OpenApiDocument {
  const names = schemaNames();
  const used = new Map<string, TSchema>();
  const ref = (schema: TSchema): unknown => {
    const name = names.get(schema);
    if (name === undefined) return plain(schema, names, used);
    used.set(name, schema);
    return { $ref: `#/components/schemas/${name}` };
  };

  const paths: OpenApiDocument["paths"] = {};
  for (const { method, path, spec } of declaredRoutes(routes)) {
    const at = openApiPath(path);
    (paths[at] ??= {})[method] = operation(method, at, spec, ref);
  }

  const schemas: Record<string, unknown> = {};
  for (let added = true; added; ) {
    added = false;
    for (const [name, schema] of [...used]) {
      if (name in schemas) continue;
      schemas[name] = plain(schema, names, used, schema);
      added = true;
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "orderflow runtime server",
      version: info.version,
      description:
        "Flows, instances, tasks, files and alerts of an orderflow server. Sign in with POST /auth/login (a session cookie) or send an API token as `Authorization: Bearer <token>`. Every error answer is `{ error: { code, message, field?, problems? } }`.",
    },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: "Set by POST /auth/login." },
        bearer: { type: "http", scheme: "bearer", description: "An API token made by an admin (POST /api-tokens)." },
      },
    },
  };
}

function operation(method: string, path: string, spec: EndpointSpec, ref: (schema: TSchema) => unknown): Operation {
  const parameters = [
    ...parametersOf(spec.params, "path", ref),
    ...parametersOf(spec.query, "query", ref),
  ];
  const responses: Operation["responses"] = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    const schema = response.schema ?? (Number(status) >= 400 ? ErrorBody : undefined);
    responses[status] = { description: response.description, ...(schema ? { content: { [response.contentType ?? "application/json"]: { schema: ref(schema) } } } : {}) };
  }
  const error = (description: string) => ({ description, content: { "application/json": { schema: ref(ErrorBody) } } });
  if (parameters.length > 0 || spec.body) responses["400"] ??= error("The request does not fit: every problem with its field");
  if (spec.roles !== "public") responses["401"] ??= error("No credentials, or they are not valid");
  if (Array.isArray(spec.roles)) responses["403"] ??= error(`Allowed only for ${spec.roles.join(", ")}`);
  if (spec.body || spec.upload) {
    responses["413"] ??= error("The body is larger than the limit");
    responses["415"] ??= error("The body is not of an accepted media type");
  }
  responses.default = error("Unexpected server error; the message quotes a request id");
  return {
    operationId: operationId(method, path),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    "x-roles": Array.isArray(spec.roles) ? [...spec.roles] : [spec.roles as string],
    security: spec.roles === "public" ? [] : [{ session: [] }, { bearer: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true as const, content: { "application/json": { schema: ref(spec.body) } } } } : {}),
    ...(spec.upload ? { requestBody: { required: true as const, content: Object.fromEntries(spec.upload.contentTypes.map((type) => [type, { schema: { type: "string", contentMediaType: type } }])) } } : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function parametersOf(schema: TSchema | undefined, where: "path" | "query", ref: (schema: TSchema) => unknown): NonNullable<Operation["parameters"]> {
  if (!schema) return [];
  const properties = (schema.properties ?? {}) as Record<string, TSchema>;
  const required = new Set<string>((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: ref(property),
    ...(typeof property.description === "string" ? { description: property.description } : {}),
  }));
}

function operationId(method: string, path: string): string {
  const words = path.split("/").filter(Boolean).map((part) => part.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase()));
  return method + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
}

/** A schema as plain JSON, with named schemas inside it replaced by references (but not `self`, the component being written). */
function plain(schema: unknown, names: Map<TSchema, string>, used: Map<string, TSchema>, self?: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((item) => plain(item, names, used));
  if (typeof schema !== "object" || schema === null) return schema;
  const name = names.get(schema as TSchema);
  if (name !== undefined && schema !== self) {
    used.set(name, schema as TSchema);
    return { $ref: `#/components/schemas/${name}` };
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, plain(value, names, used)]));
}
