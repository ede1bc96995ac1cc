import type { Kysely } from "kysely";
import { describe, expect } from "vitest";
import type { InstanceSnapshot } from "@orderflow/engine";
import { json, jsonDocument } from "./json";
import type { Database } from "./schema";
import { databaseCases, testWithDatabase } from "./testing";

const UNIQUE_VIOLATION = { code: "23505" };
const CHECK_VIOLATION = { code: "23514" };

async function publishFlow(db: Kysely<Database>): Promise<void> {
  await db.insertInto("flows").values({ id: "fulfil", name: json({ en: "Fulfil" }), draft: jsonDocument({ nodes: [] }) }).execute();
  await db.insertInto("flow_versions").values({ flow_id: "fulfil", version: 1, document: jsonDocument({ nodes: [] }), published_by: "ann" }).execute();
}

async function startInstance(db: Kysely<Database>, id: string): Promise<void> {
  const snapshot = { status: "active", value: "start", context: {} } as unknown as InstanceSnapshot;
  await db.insertInto("instances").values({ id, flow_id: "fulfil", flow_version: 1, input: json({}), snapshot: json(snapshot) }).execute();
}

function order(shop: string, platformOrderNo: string) {
  return { channel: "taobao", shop, platform_order_no: platformOrderNo, status: "new", total: 10, data: json({}) };
}

describe.each(await databaseCases())("tables on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("refuse to change or delete a published flow version", async ({ db }) => {
    await publishFlow(db);
    await expect(db.updateTable("flow_versions").set({ document: jsonDocument({ nodes: ["changed"] }) }).execute()).rejects.toThrow(
      "UPDATE of flow_versions refused: a published flow version never changes; publish a new version instead",
    );
    await expect(db.deleteFrom("flow_versions").execute()).rejects.toThrow("DELETE of flow_versions refused");
    expect(await db.selectFrom("flow_versions").select(["version", "document"]).execute()).toEqual([{ version: 1, document: { nodes: [] } }]);
    await db.updateTable("flows").set({ draft: jsonDocument({ nodes: ["edited"] }) }).execute();
  });

  it("keep an instance's history and the audit log append-only", async ({ db }) => {
    await publishFlow(db);
    await startInstance(db, "i1");
    const entry = (seq: number) => ({ instance_id: "i1", seq, kind: "trace" as const, type: "decided", node: "audit", data: json({ explanation: "total > 1000" }) });
    await db.insertInto("instance_history").values([entry(1), entry(2)]).execute();
    await expect(db.insertInto("instance_history").values(entry(2)).execute()).rejects.toMatchObject(UNIQUE_VIOLATION);
    await expect(db.updateTable("instance_history").set({ type: "rewritten" }).execute()).rejects.toThrow("UPDATE of instance_history refused");
    await expect(db.deleteFrom("instance_history").where("seq", "=", 1).execute()).rejects.toThrow("DELETE of instance_history refused");

    await db.insertInto("audit_log").values({ actor: "ann", action: "flow.publish", target_type: "flow", target_id: "fulfil", after: json({ version: 1 }) }).execute();
    await expect(db.updateTable("audit_log").set({ actor: "bob" }).execute()).rejects.toThrow("UPDATE of audit_log refused");
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow("DELETE of audit_log refused");

    expect(await db.selectFrom("instance_history").select(["seq", "type"]).orderBy("seq").execute()).toEqual([
      { seq: 1, type: "decided" },
      { seq: 2, type: "decided" },
    ]);
  });

  it("take a platform's order once per channel and shop", async ({ db }) => {
    await db.insertInto("orders").values({ id: "DB20261122000001", ...order("s1", "T100") }).execute();
    await expect(db.insertInto("orders").values({ id: "DB20261122000002", ...order("s1", "T100") }).execute()).rejects.toMatchObject(UNIQUE_VIOLATION);
    await db.insertInto("orders").values({ id: "DB20261122000003", ...order("s2", "T100") }).execute();
    const found = await db.selectFrom("orders").select("id").where("platform_order_no", "like", "T10%").orderBy("id").execute();
    expect(found.map((row) => row.id)).toEqual(["DB20261122000001", "DB20261122000003"]);
  });

  it("accept a webhook's dedupe key once and keep its duplicates apart", async ({ db }) => {
    const event = { source: "taobao", dedupe_key: "taobao:s1:T100", body: '{"tid": "T100"}' };
    await db.insertInto("inbound_events").values({ ...event, status: "accepted" }).execute();
    await expect(db.insertInto("inbound_events").values({ ...event, status: "accepted" }).execute()).rejects.toMatchObject(UNIQUE_VIOLATION);
    await db.insertInto("inbound_events").values({ ...event, status: "duplicate" }).execute();
    await db.insertInto("inbound_events").values({ source: "taobao", dedupe_key: null, status: "rejected", error: "not JSON", body: "{not json" }).execute();
    const kept = await db.selectFrom("inbound_events").select(["status", "body"]).orderBy("id").execute();
    expect(kept.map((row) => row.status)).toEqual(["accepted", "duplicate", "rejected"]);
    expect(kept[2]!.body).toBe("{not json");
  });

  it("refuse values outside their lists", async ({ db }) => {
    await expect(db.insertInto("users").values({ login: "eve", display_name: "Eve", roles: ["staff", "root" as never] }).execute()).rejects.toMatchObject(
      CHECK_VIOLATION,
    );
    await expect(db.insertInto("outbox").values({ key: "k", type: "notify", payload: json({}), max_attempts: 1, status: "lost" as never }).execute()).rejects.toMatchObject(
      CHECK_VIOLATION,
    );
  });

  it("keep job roles to the ids flows use", async ({ db }) => {
    const user = (login: string, jobRoles: string[]) => db.insertInto("users").values({ login, display_name: login, roles: ["staff"], job_roles: jobRoles }).execute();
    await user("wang", ["picker", "after_sales2"]);
    for (const wrong of [["Picker"], ["picker", "pack er"], ["2nd_shift"], [""], ["picker", null as never]]) await expect(user("eve", wrong)).rejects.toMatchObject(CHECK_VIOLATION);
    await db.insertInto("users").values({ login: "li", display_name: "li", roles: ["designer"] }).execute();
    const kept = await db.selectFrom("users").select(["login", "job_roles"]).orderBy("login").execute();
    expect(kept).toEqual([{ login: "li", job_roles: [] }, { login: "wang", job_roles: ["picker", "after_sales2"] }]);
  });

  it("fire a schedule's due time once", async ({ storage }) => {
    const dueAt = new Date("2026-11-22T00:00:00+08:00");
    const other = storage.dialect === "postgres" ? await storage.connectAgain() : storage;
    const fire = (db: Kysely<Database>, by: string) =>
      db.insertInto("schedule_firings").values({ schedule_id: "nightly", due_at: dueAt, fired_by: by }).onConflict((c) => c.doNothing()).returning("fired_by").execute();
    const [a, b] = await Promise.all([fire(storage.db, "process-a"), fire(other.db, "process-b")]);
    expect([...a, ...b]).toHaveLength(1);
  });
});
