/** Flows: list, read, save drafts, validate, publish, versions, export and import. */
import { Hono } from "hono";
import { validateFlow, type FlowProblem } from "@orderflow/engine/definition";
import { recordAudit } from "../../auth/audit";
import { inTransaction } from "../../auth/in-transaction";
import type { Role } from "../../auth/roles";
import { json } from "../../storage/json";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { publishVersion } from "../../storage/flows";
import { ApiError, conflict, invalidRequest, notFound } from "../errors";
import { findFlow, findVersion, listFlows, listVersions, saveDraft } from "../queries/flows";
import {
  AnyDocument,
  ExportQuery,
  FlowDetail,
  FlowDocument,
  FlowIdParam,
  FlowList,
  FlowSaved,
  FlowValidation,
  FlowVersionDetail,
  FlowVersionList,
  FlowVersionParam,
  ImportQuery,
  Published,
} from "../schemas/flows";

const READERS: Role[] = ["admin", "designer", "supervisor", "integrator"];
const EDITORS: Role[] = ["admin", "designer"];

const list = defineEndpoint({ summary: "List flows with their newest published version", tag: "Flows", roles: READERS, responses: { 200: { description: "Every flow, by id", schema: FlowList } } });

const get = defineEndpoint({
  summary: "Read a flow and its draft",
  tag: "Flows",
  roles: READERS,
  params: FlowIdParam,
  responses: { 200: { description: "The flow", schema: FlowDetail }, 404: { description: "No such flow" } },
});

const save = defineEndpoint({
  summary: "Create a flow or save its draft",
  description: "The document's id must be the id in the path. A draft may be unfinished: the answer lists the problems publishing would find. Running instances never see drafts.",
  tag: "Flows",
  roles: EDITORS,
  params: FlowIdParam,
  body: FlowDocument,
  responses: { 200: { description: "Saved", schema: FlowSaved }, 201: { description: "Created", schema: FlowSaved } },
});

const validate = defineEndpoint({
  summary: "Validate a flow document without saving it",
  description: "Every problem, each with a JSON pointer into the document, a stable code and a message.",
  tag: "Flows",
  roles: EDITORS,
  body: AnyDocument,
  responses: { 200: { description: "The verdict", schema: FlowValidation } },
});

const publish = defineEndpoint({
  summary: "Publish the draft as the next version",
  description: "Validates the draft; when it is valid, it becomes version n+1 and new instances start on it. Running instances stay on the version they started with.",
  tag: "Flows",
  roles: EDITORS,
  params: FlowIdParam,
  responses: {
    201: { description: "Published", schema: Published },
    404: { description: "No such flow" },
    422: { description: "The draft is not valid: `problems` lists every problem with its pointer" },
  },
});

const versions = defineEndpoint({
  summary: "List a flow's published versions, newest first",
  tag: "Flows",
  roles: READERS,
  params: FlowIdParam,
  responses: { 200: { description: "The versions", schema: FlowVersionList }, 404: { description: "No such flow" } },
});

const version = defineEndpoint({
  summary: "Read one published version with its document",
  tag: "Flows",
  roles: READERS,
  params: FlowVersionParam,
  responses: { 200: { description: "The version", schema: FlowVersionDetail }, 404: { description: "No such flow or version" } },
});

const exportFlow = defineEndpoint({
  summary: "Download a flow document (the draft, or a published version) as a JSON file",
  tag: "Flows",
  roles: EDITORS,
  params: FlowIdParam,
  query: ExportQuery,
  responses: { 200: { description: "The document, as an attachment", schema: AnyDocument }, 404: { description: "No such flow or version" } },
});

const importFlow = defineEndpoint({
  summary: "Import a flow document as a draft",
  description: "Creates the flow named by the document's id. An existing flow is a conflict unless `replace=true`.",
  tag: "Flows",
  roles: EDITORS,
  query: ImportQuery,
  body: FlowDocument,
  responses: { 201: { description: "Imported", schema: FlowSaved }, 200: { description: "Replaced an existing draft", schema: FlowSaved }, 409: { description: "A flow with this id exists" } },
});

export const flowRoutes = new Hono<Env>()
  .get("/flows", endpoint(list), async (c) => c.json({ flows: await listFlows(c.var.deps.db) }, 200))
  .get("/flows/:id", endpoint(get), async (c) => {
    const { id } = c.req.valid("param");
    const flow = await findFlow(c.var.deps.db, id);
    if (!flow) throw notFound(`No flow "${id}"`);
    return c.json(flow, 200);
  })
  .put("/flows/:id", endpoint(save), async (c) => {
    const { db, clock, registries } = c.var.deps;
    const { id } = c.req.valid("param");
    const document = c.req.valid("json");
    if (document.id !== id) throw invalidRequest("body", [{ field: "/id", message: `must be "${id}", the id in the path (a flow's id never changes; import it to copy it under a new id)` }]);
    const saved = await inTransaction(db, (tx) => saveDraft(tx, document, c.var.principal.login, "flow.save", clock()));
    const body = { flow: saved.flow, problems: validateFlow(document, registries).problems };
    return saved.created ? c.json(body, 201) : c.json(body, 200);
  })
  .post("/flows/validate", endpoint(validate), (c) => {
    const { ok, problems } = validateFlow(c.req.valid("json"), c.var.deps.registries);
    return c.json({ ok, problems }, 200);
  })
  .post("/flows/:id/publish", endpoint(publish), async (c) => {
    const { db, clock, registries } = c.var.deps;
    const { id } = c.req.valid("param");
    const actor = c.var.principal.login;
    const published = await inTransaction(db, async (tx) => {
      const flow = await tx.selectFrom("flows").select("draft").where("id", "=", id).forUpdate().executeTakeFirst();
      if (!flow) throw notFound(`No flow "${id}"`);
      const validation = validateFlow(flow.draft, registries);
      if (!validation.ok || !validation.flow) throw invalidFlow(id, validation.problems);
      const now = clock();
      const next = await publishVersion(tx, validation.flow, { at: now, by: actor });
      await recordAudit(tx, { actor, action: "flow.publish", targetType: "flow", targetId: id, after: { version: next }, at: now });
      return { flowId: id, version: next, publishedAt: now.toISOString(), publishedBy: actor, warnings: validation.problems };
    });
    return c.json(published, 201);
  })
  .get("/flows/:id/versions", endpoint(versions), async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    if (!(await findFlow(db, id))) throw notFound(`No flow "${id}"`);
    return c.json({ versions: await listVersions(db, id) }, 200);
  })
  .get("/flows/:id/versions/:version", endpoint(version), async (c) => {
    const { id, version: number } = c.req.valid("param");
    const found = await findVersion(c.var.deps.db, id, number);
    if (!found) throw notFound(`Flow "${id}" has no version ${number}`);
    return c.json(found, 200);
  })
  .get("/flows/:id/export", endpoint(exportFlow), async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid("param");
    const { version: number } = c.req.valid("query");
    const document = number === undefined ? (await findFlow(db, id))?.draft : (await findVersion(db, id, number))?.document;
    if (document === undefined) throw notFound(number === undefined ? `No flow "${id}"` : `Flow "${id}" has no version ${number}`);
    c.header("content-disposition", `attachment; filename="${id}${number === undefined ? "" : `.v${number}`}.flow.json"`);
    return c.json(document as Record<string, unknown>, 200);
  })
  .post("/flows/import", endpoint(importFlow), async (c) => {
    const { db, clock, registries } = c.var.deps;
    const document = c.req.valid("json");
    const { replace } = c.req.valid("query");
    const saved = await inTransaction(db, async (tx) => {
      const exists = await tx.selectFrom("flows").select("id").where("id", "=", document.id).executeTakeFirst();
      if (exists && !replace) throw conflict("flow_exists", `A flow "${document.id}" exists: import with ?replace=true to replace its draft, or change the document's id`);
      return saveDraft(tx, document, c.var.principal.login, "flow.import", clock());
    });
    const body = { flow: saved.flow, problems: validateFlow(document, registries).problems };
    return saved.created ? c.json(body, 201) : c.json(body, 200);
  });

function invalidFlow(id: string, problems: FlowProblem[]): ApiError {
  const errors = problems.filter((problem) => problem.severity === "error");
  return new ApiError(
    422,
    "invalid_flow",
    `The draft of "${id}" cannot be published: ${errors.length} problem${errors.length === 1 ? "" : "s"}, the first at ${errors[0]?.pointer || "/"}: ${errors[0]?.message ?? ""}`,
    { field: errors[0]?.pointer, problems },
  );
}
