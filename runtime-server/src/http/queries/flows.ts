/** Reading and writing flows and their versions for the flow routes. */
import type { Static } from "@sinclair/typebox";
import type { Kysely } from "kysely";
import type { LocalizedMessage } from "@orderflow/engine";
import { recordAudit } from "../../auth/audit";
import { json, jsonDocument } from "../../storage/json";
import type { Database } from "../../storage/schema";
import type { FlowSummary, FlowVersion } from "../schemas/flows";

type Summary = Static<typeof FlowSummary>;

function summaries(db: Kysely<Database>) {
  return db
    .selectFrom("flows")
    .leftJoin("flow_versions as v", (join) =>
      join
        .onRef("v.flow_id", "=", "flows.id")
        .on("v.version", "=", (eb) => eb.selectFrom("flow_versions as w").select((w) => w.fn.max("w.version").as("max")).whereRef("w.flow_id", "=", "flows.id")),
    )
    .select(["flows.id", "flows.name", "flows.created_at", "flows.updated_at", "flows.updated_by", "v.version", "v.published_at"]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>["execute"]>>[number];

function toSummary(row: SummaryRow): Summary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
    latestVersion: row.version ?? null,
    publishedAt: row.published_at?.toISOString() ?? null,
  };
}

export async function listFlows(db: Kysely<Database>): Promise<Summary[]> {
  return (await summaries(db).orderBy("flows.id").execute()).map(toSummary);
}

export async function findFlow(db: Kysely<Database>, id: string): Promise<(Summary & { draft: unknown }) | undefined> {
  const row = await summaries(db).select("flows.draft").where("flows.id", "=", id).executeTakeFirst();
  return row && { ...toSummary(row), draft: row.draft };
}

/**
 * Saves a draft, creating the flow when it is new, and records it in the
 * audit log. Call it inside a transaction. Returns whether the flow was new.
 */
export async function saveDraft(tx: Kysely<Database>, document: { id: string; name: LocalizedMessage | string }, actor: string, action: string, now: Date): Promise<{ created: boolean; flow: Summary }> {
  const before = await tx.selectFrom("flows").select("draft").where("id", "=", document.id).forUpdate().executeTakeFirst();
  const name = json(typeof document.name === "string" ? { zh: document.name, en: document.name } : document.name);
  await tx
    .insertInto("flows")
    .values({ id: document.id, name, draft: jsonDocument(document), created_at: now, updated_at: now, updated_by: actor })
    .onConflict((oc) => oc.column("id").doUpdateSet({ name, draft: jsonDocument(document), updated_at: now, updated_by: actor }))
    .execute();
  await recordAudit(tx, { actor, action, targetType: "flow", targetId: document.id, before: before?.draft, after: document, at: now });
  const flow = await summaries(tx).where("flows.id", "=", document.id).executeTakeFirstOrThrow();
  return { created: before === undefined, flow: toSummary(flow) };
}

export async function listVersions(db: Kysely<Database>, flowId: string): Promise<Static<typeof FlowVersion>[]> {
  const rows = await db.selectFrom("flow_versions").select(["flow_id", "version", "published_at", "published_by"]).where("flow_id", "=", flowId).orderBy("version", "desc").execute();
  return rows.map((row) => ({ flowId: row.flow_id, version: row.version, publishedAt: row.published_at.toISOString(), publishedBy: row.published_by }));
}

export async function findVersion(db: Kysely<Database>, flowId: string, version: number) {
  const row = await db.selectFrom("flow_versions").selectAll().where("flow_id", "=", flowId).where("version", "=", version).executeTakeFirst();
  return row && { flowId: row.flow_id, version: row.version, publishedAt: row.published_at.toISOString(), publishedBy: row.published_by, document: row.document };
}
