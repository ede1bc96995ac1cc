/**
 * The API reference: one self-contained HTML page rendered from the OpenAPI
 * document on the server. No script, no font, no stylesheet from elsewhere:
 * it works offline and behind any firewall. Every route is listed with its
 * method, path, roles, parameters, request and response schemas; schema
 * names link to their definitions at the end.
 */
import type { OpenApiDocument, Operation } from "./document";

export function renderReference(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(operations.map(({ op }) => op.tags[0] ?? "Other"))];
  const sections = tags.map((tag) => {
    const inTag = operations.filter(({ op }) => (op.tags[0] ?? "Other") === tag);
    return `<section><h2 id="${anchor(`tag-${tag}`)}">${escape(tag)}</h2>${inTag.map(({ path, method, op }) => renderOperation(method, path, op, document)).join("")}</section>`;
  });
  const contents = tags
    .map((tag) => {
      const links = operations
        .filter(({ op }) => (op.tags[0] ?? "Other") === tag)
        .map(({ path, method, op }) => `<li><a href="#${anchor(op.operationId)}"><span class="m ${method}">${method.toUpperCase()}</span> ${escape(path)}</a></li>`);
      return `<li><a href="#${anchor(`tag-${tag}`)}">${escape(tag)}</a><ul>${links.join("")}</ul></li>`;
    })
    .join("");
  const schemas = Object.entries(document.components.schemas)
    .map(([name, schema]) => `<div class="schema" id="${anchor(`schema-${name}`)}"><h3>${escape(name)}</h3>${renderSchema(schema)}</div>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)} — API reference</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escape(document.info.title)}</h1><p>Version ${escape(document.info.version)} · OpenAPI ${escape(document.openapi)} · <a href="/openapi.json">openapi.json</a></p><p>${escape(document.info.description)}</p></header>
<nav><h2>Routes</h2><ul>${contents}<li><a href="#schemas">Schemas</a></li></ul></nav>
<main>${sections.join("")}<section><h2 id="schemas">Schemas</h2>${schemas}</section></main>
</body>
</html>`;
}

function renderOperation(method: string, path: string, op: Operation, document: OpenApiDocument): string {
  const roles = op["x-roles"].map((role) => `<span class="role">${escape(role)}</span>`).join(" ");
  const parameters = op.parameters?.length
    ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>${op.parameters
        .map((p) => `<tr><td><code>${escape(p.name)}</code></td><td>${p.in}</td><td>${p.required ? "yes" : "no"}</td><td>${renderSchema(p.schema)}${p.description ? `<div>${escape(p.description)}</div>` : ""}</td></tr>`)
        .join("")}</table>`
    : "";
  const body = op.requestBody
    ? `<h4>Request body</h4>${Object.entries(op.requestBody.content)
        .map(([type, { schema }]) => `<div class="type">${escape(type)}</div>${renderSchema(schema, document)}`)
        .join("")}`
    : "";
  const responses = Object.entries(op.responses)
    .map(([status, response]) => {
      // Error answers all share one schema: a link is enough.
      const expand = /^[123]/.test(status) ? document : undefined;
      const content = Object.entries(response.content ?? {})
        .map(([type, { schema }]) => `<div class="type">${escape(type)}</div>${renderSchema(schema, expand)}`)
        .join("");
      return `<tr><td class="status">${escape(status)}</td><td>${escape(response.description)}${content}</td></tr>`;
    })
    .join("");
  return `<article id="${anchor(op.operationId)}" class="op">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p class="summary">${escape(op.summary)}</p>${op.description ? `<p>${escape(op.description)}</p>` : ""}
<p>Roles: ${roles}</p>${parameters}${body}<h4>Responses</h4><table>${responses}</table>
</article>`;
}

/**
 * A schema as indented JSON, with `$ref`s turned into links to the schema
 * they name. With `document`, a schema that is only a reference is shown
 * whole under its name, so a route's body is read where the route is.
 */
function renderSchema(schema: unknown, document?: OpenApiDocument): string {
  const name = referenced(schema);
  if (document && name !== undefined && name in document.components.schemas) {
    return `<div class="type"><a href="#${anchor(`schema-${name}`)}">${escape(name)}</a></div>${renderSchema(document.components.schemas[name])}`;
  }
  const text = escape(JSON.stringify(schema, null, 2));
  return `<pre>${text.replace(/&quot;#\/components\/schemas\/([A-Za-z0-9_]+)&quot;/g, (_, name: string) => `<a href="#${anchor(`schema-${name}`)}">${name}</a>`)}</pre>`;
}

function referenced(schema: unknown): string | undefined {
  const ref = typeof schema === "object" && schema !== null ? (schema as { $ref?: unknown }).$ref : undefined;
  return typeof ref === "string" && ref.startsWith("#/components/schemas/") ? ref.slice("#/components/schemas/".length) : undefined;
}

function anchor(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, "-");
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:grid;grid-template-columns:18rem 1fr;color:#1d2330}
header{grid-column:1/3;padding:1rem 2rem;background:#1d2330;color:#fff}header a{color:#9cd}
nav{padding:1rem;border-right:1px solid #ddd;font-size:13px;position:sticky;top:0;height:100vh;overflow:auto}
nav ul{list-style:none;padding-left:.5rem}main{padding:1rem 2rem;min-width:0}
.op{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.m{display:inline-block;min-width:4em;text-align:center;border-radius:4px;color:#fff;font:bold 12px monospace;padding:2px 4px}
.get{background:#2b7bb9}.post{background:#3a9a4a}.put{background:#b97a2b}.patch{background:#8a5ab9}.delete{background:#b93a3a}
.role{background:#eef;border-radius:3px;padding:0 6px;font-size:13px}.summary{font-weight:600}
table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #eee;padding:4px;vertical-align:top;text-align:left}
.status{font-weight:bold;width:5em}.type{color:#666;font-size:12px}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:12px;max-height:24rem;margin:.25rem 0}
`;
