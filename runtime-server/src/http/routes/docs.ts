/** The OpenAPI document and the API reference page made from it. */
import { Hono } from "hono";
import type { RouterRoute } from "hono/types";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { buildOpenApi, type OpenApiDocument } from "../openapi/document";
import { renderReference } from "../openapi/reference-page";

const openapi = defineEndpoint({
  summary: "The OpenAPI 3.1 document of this API",
  tag: "Reference",
  roles: "public",
  responses: { 200: { description: "The document" } },
});

const reference = defineEndpoint({
  summary: "The API reference: every route with its roles and schemas",
  tag: "Reference",
  roles: "public",
  responses: { 200: { description: "A self-contained HTML page", contentType: "text/html" } },
});

/** `routes()`: the whole app's routes, read when the document is first asked for (every route is registered by then). */
export function docRoutes(routes: () => readonly RouterRoute[], version: string) {
  let document: OpenApiDocument | undefined;
  let page: string | undefined;
  const get = () => (document ??= buildOpenApi(routes(), { version }));
  return new Hono<Env>()
    .get("/openapi.json", endpoint(openapi), (c) => c.json(get(), 200))
    .get("/reference", endpoint(reference), (c) => c.html((page ??= renderReference(get())), 200));
}
