/**
 * The designer's built pages: the app at GET / and its files at
 * GET /assets/<name>. The app's own pages live in the address's hash
 * (/#/orders/…), so every other path stays the API's and a reload always
 * asks for /. index.html is never cached (a new build shows at the next
 * load); the assets are named by their content hash and cached for a year.
 * Without a build, / says how to make one, and the API works as ever.
 */
import { Type } from "@sinclair/typebox";
import { Hono } from "hono";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { notFound } from "../errors";

const app = defineEndpoint({
  summary: "The designer: the browser app of operations staff (order centre, tasks, alerts)",
  description: "Its pages are addressed after the #, e.g. /#/orders/DB20261122000001. Answers 503 with a page saying how to build it when the designer is not built.",
  tag: "Designer",
  roles: "public",
  responses: { 200: { description: "The app's page", contentType: "text/html" }, 503: { description: "The designer is not built: the page says how to build it", contentType: "text/html" } },
});

const asset = defineEndpoint({
  summary: "A file of the designer's build (script, style), named by a hash of its content",
  tag: "Designer",
  roles: "public",
  params: Type.Object({ name: Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$", maxLength: 200 }) }),
  responses: { 200: { description: "The file; cached for a year, since a changed file gets a new name", contentType: "application/octet-stream" }, 404: { description: "No such file in this build" } },
});

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".map": "application/json",
};

export const designerRoutes = new Hono<Env>()
  .get("/", endpoint(app), async (c) => {
    const files = c.var.deps.designer;
    const page = await files?.read("index.html");
    if (!page) {
      c.header("cache-control", "no-store");
      return c.html(notBuiltPage(files?.location), 503);
    }
    c.header("cache-control", "no-cache");
    c.header("content-type", "text/html; charset=utf-8");
    return c.body(page as Uint8Array<ArrayBuffer>, 200);
  })
  .get("/assets/:name", endpoint(asset), async (c) => {
    const { name } = c.req.valid("param");
    const file = await c.var.deps.designer?.read(`assets/${name}`);
    if (!file) throw notFound(`The designer's build has no file assets/${name}: reload the page (/) to get the current build's files`);
    c.header("cache-control", "public, max-age=31536000, immutable");
    c.header("content-type", CONTENT_TYPES[/\.[^.]+$/.exec(name)?.[0] ?? ""] ?? "application/octet-stream");
    return c.body(file as Uint8Array<ArrayBuffer>, 200);
  });

function notBuiltPage(location: string | undefined): string {
  const where = location ? `<p>Looked for <code>${escapeHtml(location)}/index.html</code>.</p>` : "";
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>orderflow: the designer is not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.6">
<h1>设计器尚未构建 / The designer is not built</h1>
<p>在项目目录运行 <code>npm run build -w designer</code>，然后刷新此页。<code>npm start</code> 会在需要时自动构建。</p>
<p>Run <code>npm run build -w designer</code> in the project's folder, then reload this page. <code>npm start</code> builds it when it is missing or older than its sources.</p>
${where}
<p>API 照常可用 / The API works as ever: <a href="/reference">/reference</a>.</p>
</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
