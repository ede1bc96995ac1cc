/**
 * Connectors over HTTP, for admins and integrators: the catalogue of
 * connector packages this server can install, and the installations (list,
 * read, create, change, delete, test the connection). Secrets are
 * write-only: answers say which are set (`secretsSet`), never what they are.
 * Changes are audited under the person who made them and take effect at
 * once in the process that answered (see installations/).
 */
import { Hono, type Context } from "hono";
import { InstallationError, type InstallationService } from "../../installations/installation-service";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { ApiError, notFound } from "../errors";
import { Catalogue, ConnectionTest, Installation, InstallationChangeBody, InstallationIdParam, InstallationList, NewInstallationBody } from "../schemas/connectors";

const MANAGERS = ["admin", "integrator"] as const;
const refused = { 400: { description: "The installation does not fit its connector (every field at fault is named)" }, 404: { description: "No such installation" } };

const catalogueEndpoint = defineEndpoint({
  summary: "List the connectors this server can install",
  description: "Each with its names, category, auth kind and the JSON Schema of its install form; `secretFields` are write-only.",
  tag: "Connectors",
  roles: MANAGERS,
  responses: { 200: { description: "The catalogue, as built into this server", schema: Catalogue } },
});
const listEndpoint = defineEndpoint({
  summary: "List the connector installations",
  tag: "Connectors",
  roles: MANAGERS,
  responses: { 200: { description: "Every installation, by id; secrets never included", schema: InstallationList } },
});
const getEndpoint = defineEndpoint({
  summary: "Read a connector installation",
  tag: "Connectors",
  roles: MANAGERS,
  params: InstallationIdParam,
  responses: { 200: { description: "The installation; secrets never included", schema: Installation }, 404: refused[404] },
});
const createEndpoint = defineEndpoint({
  summary: "Install a connector",
  description:
    "Flows call it by its `id` (and by its connector's id while it is the only installation of that connector); its webhooks arrive at /webhooks/<id>. It starts at once in the process that answers; other processes start it at their next refresh (30 s).",
  tag: "Connectors",
  roles: MANAGERS,
  body: NewInstallationBody,
  responses: { 201: { description: "Installed", schema: Installation }, 400: refused[400], 409: { description: "The id is taken" }, 503: { description: "No secret key is configured to seal its secrets with" } },
});
const changeEndpoint = defineEndpoint({
  summary: "Change a connector installation's settings, name, or enable or disable it",
  description: "`settings` replaces the plain settings; a secret left out keeps its stored value, `null` removes it. Disabling stops it: its actions, webhooks and polling.",
  tag: "Connectors",
  roles: MANAGERS,
  params: InstallationIdParam,
  body: InstallationChangeBody,
  responses: { 200: { description: "The installation as changed", schema: Installation }, ...refused, 503: { description: "No secret key is configured to seal its secrets with" } },
});
const deleteEndpoint = defineEndpoint({
  summary: "Remove a connector installation",
  description: "Its settings and secrets are deleted; what it kept between calls (polling cursor) stays, for an installation of the same id later.",
  tag: "Connectors",
  roles: MANAGERS,
  params: InstallationIdParam,
  responses: { 204: { description: "Removed" }, 404: refused[404] },
});
const testEndpoint = defineEndpoint({
  summary: "Test a connector installation's connection",
  description:
    "Installs the stored settings afresh; a connector that polls then polls once, read-only (nothing is taken in and its cursor does not move). A connector without polling has no read-only call to try: only its settings and secrets are checked. The answer is 200 either way; `ok` says how it went.",
  tag: "Connectors",
  roles: MANAGERS,
  params: InstallationIdParam,
  responses: { 200: { description: "How the test went", schema: ConnectionTest }, 404: refused[404] },
});

export const connectorRoutes = new Hono<Env>()
  .get("/connectors", endpoint(catalogueEndpoint), (c) => c.json({ connectors: service(c).catalogue() }, 200))
  .get("/connector-installations", endpoint(listEndpoint), async (c) => c.json({ installations: await answering(() => service(c).list()) }, 200))
  .get("/connector-installations/:id", endpoint(getEndpoint), async (c) => c.json(await answering(() => service(c).get(c.req.valid("param").id)), 200))
  .post("/connector-installations", endpoint(createEndpoint), async (c) => c.json(await answering(() => service(c).create(c.req.valid("json"), c.var.principal.login)), 201))
  .patch("/connector-installations/:id", endpoint(changeEndpoint), async (c) =>
    c.json(await answering(() => service(c).update(c.req.valid("param").id, c.req.valid("json"), c.var.principal.login)), 200),
  )
  .delete("/connector-installations/:id", endpoint(deleteEndpoint), async (c) => {
    await answering(() => service(c).remove(c.req.valid("param").id, c.var.principal.login));
    return c.body(null, 204);
  })
  .post("/connector-installations/:id/test", endpoint(testEndpoint), async (c) => c.json(await answering(() => service(c).test(c.req.valid("param").id)), 200));

function service(c: Context<Env>): InstallationService {
  const installations = c.var.deps.installations;
  if (!installations) throw notFound("This server does not manage connector installations through the API (it was started with its connectors in code)");
  return installations;
}

const STATUS = { invalid_installation: 400, not_found: 404, id_taken: 409, no_secret_key: 503 } as const;

async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof InstallationError)) throw error;
    const [first] = error.problems;
    throw new ApiError(STATUS[error.code], error.code, error.message, first ? { in: "body", field: first.field, problems: error.problems } : {});
  }
}
