/**
 * `endpoint(spec)`: the first handler of every route. It declares the route
 * (summary, roles, request and response schemas) and enforces it: who may
 * call it (401 without credentials, 403 without a role it allows), how large
 * the body may be (413), and that parameters and body fit their schemas
 * (400 with every field path). The handler then reads the checked values
 * with `c.req.valid("json" | "query" | "param")`, typed from the schemas.
 *
 * The spec stays attached to the middleware, so the OpenAPI document is read
 * from the app's own routes and cannot miss one.
 *
 * @example
 * new Hono<Env>().post("/flows/:id/publish", endpoint(publishFlow), async (c) => { … c.req.valid("param").id … })
 */
import type { Static, TObject, TSchema } from "@sinclair/typebox";
import type { Context, MiddlewareHandler } from "hono";
import { limitBody } from "./body-limit";
import { tokenPrincipal } from "../auth/api-tokens";
import type { Principal } from "../auth/principal";
import type { Role } from "../auth/roles";
import { sessionPrincipal } from "../auth/sessions";
import type { Env } from "./env";
import { ApiError } from "./errors";
import { readSessionCookie } from "./session-cookie";
import { checkRequest } from "./validation";

export interface ResponseSpec {
  description: string;
  /** The JSON body; omitted for answers without one (204). */
  schema?: TSchema;
  /** Default application/json. */
  contentType?: string;
}

export interface EndpointSpec {
  /** One line for the reference: what the route does. */
  summary: string;
  description?: string;
  /** The reference's section. */
  tag: string;
  /** Roles allowed; "signed-in": any user; "public": no credentials needed. */
  roles: readonly Role[] | "signed-in" | "public";
  params?: TObject;
  query?: TObject;
  /** A JSON body. */
  body?: TSchema;
  /** A raw body (file upload) of one of these media types, instead of JSON. */
  upload?: { contentTypes: readonly string[] };
  /** The answers besides errors, by status. Error answers are documented from the rest of the spec. */
  responses: { readonly [status: number]: ResponseSpec };
}

type Validated<S extends EndpointSpec> = (S["body"] extends TSchema ? { json: Static<S["body"]> } : {}) &
  (S["query"] extends TObject ? { query: Static<S["query"]> } : {}) &
  (S["params"] extends TObject ? { param: Static<S["params"]> } : {});

type Sent<S extends EndpointSpec> = (S["body"] extends TSchema ? { json: Static<S["body"]> } : {}) &
  (S["query"] extends TObject ? { query: { [K in keyof Static<S["query"]>]?: string } } : {});

export type Endpoint<S extends EndpointSpec = EndpointSpec> = MiddlewareHandler<Env, string, { in: Sent<S>; out: Validated<S> }> & { readonly spec: S };

/** Declares a route's contract; pass the result to `endpoint()` as the route's first handler. */
export function defineEndpoint<const S extends EndpointSpec>(spec: S): S {
  return spec;
}

export function endpoint<S extends EndpointSpec>(spec: S): Endpoint<S> {
  const check: MiddlewareHandler<Env> = async (c, next) => {
    if (spec.roles !== "public") c.set("principal", await authorise(c, spec.roles));
    if (spec.params) c.req.addValidatedData("param", checkRequest(spec.params, c.req.param(), "path"));
    if (spec.query) c.req.addValidatedData("query", checkRequest(spec.query, queryOf(c), "query"));
    if (!spec.body && !spec.upload) return next();
    const limit = spec.upload ? c.var.deps.limits.fileBytes : c.var.deps.limits.jsonBytes;
    const tooLarge = () => {
      throw new ApiError(413, "payload_too_large", `The body is larger than ${limit} bytes, the most this route accepts`);
    };
    return limitBody(limit, tooLarge)(c, async () => {
      if (spec.body) c.req.addValidatedData("json", checkRequest(spec.body, await jsonBody(c), "body"));
      else checkMediaType(c, spec.upload!.contentTypes);
      await next();
    });
  };
  return Object.assign(check, { spec }) as unknown as Endpoint<S>;
}

/** Whether a handler is an endpoint, and so carries its spec. */
export function isEndpoint(handler: unknown): handler is Endpoint {
  return typeof handler === "function" && "spec" in handler;
}

async function authorise(c: Context<Env>, roles: readonly Role[] | "signed-in"): Promise<Principal> {
  const principal = await identify(c);
  if (roles === "signed-in" || roles.some((role) => principal.roles.includes(role))) return principal;
  throw new ApiError(403, "forbidden", `This needs the role ${roles.join(" or ")}; ${principal.login} has ${principal.roles.length ? principal.roles.join(", ") : "no role"}. Ask an admin if you should have it.`);
}

/** A bearer token when one is sent (and then it must be good), the session cookie otherwise. */
async function identify(c: Context<Env>): Promise<Principal> {
  const { db, clock } = c.var.deps;
  const authorization = c.req.header("authorization");
  if (authorization !== undefined) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const principal = token ? await tokenPrincipal(db, token, clock()) : undefined;
    if (!principal) throw new ApiError(401, "unauthorized", "The API token is not valid (unknown or revoked): send `Authorization: Bearer <token>` with a live token", { in: "header", field: "authorization" });
    return principal;
  }
  const session = readSessionCookie(c);
  const principal = session ? await sessionPrincipal(db, session, clock()) : undefined;
  if (!principal) throw new ApiError(401, "unauthorized", session ? "Your session has ended: log in again" : "Log in first (POST /auth/login), or send an API token");
  return principal;
}

function queryOf(c: Context<Env>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([key, values]) => [key, values.length === 1 ? values[0]! : values]));
}

async function jsonBody(c: Context<Env>): Promise<unknown> {
  const type = mediaType(c);
  if (!/^application\/([\w.-]+\+)?json$/.test(type)) {
    throw new ApiError(415, "unsupported_media_type", `Send the body as JSON with "Content-Type: application/json"${type ? `, not "${type}"` : ""}`, { in: "header", field: "content-type" });
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, "malformed_json", `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { in: "body", field: "" });
  }
}

function checkMediaType(c: Context<Env>, allowed: readonly string[]): void {
  const type = mediaType(c);
  if (!allowed.includes(type)) {
    throw new ApiError(415, "unsupported_media_type", `Send one of ${allowed.join(", ")} with its Content-Type${type ? `, not "${type}"` : ""}`, { in: "header", field: "content-type" });
  }
}

function mediaType(c: Context<Env>): string {
  return (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}
