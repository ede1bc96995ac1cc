import type { Kysely } from "kysely";
import { describe, expect } from "vitest";
import { json } from "./json";
import { claimDue, completeClaimed } from "./outbox";
import type { Database } from "./schema";
import { databaseCases, testWithDatabase } from "./testing";

const t0 = new Date("2026-11-22T10:00:00+08:00");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

async function addRows(db: Kysely<Database>, rows: { key: string; dueIn?: number; status?: "pending" | "done" | "cancelled" }[]): Promise<void> {
  await db
    .insertInto("outbox")
    .values(rows.map((row) => ({ key: row.key, type: "timer.start", payload: json({}), due_at: at(row.dueIn ?? 0), status: row.status, max_attempts: 3 })))
    .execute();
}

describe.each(await databaseCases())("the outbox on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("hands out due rows only, earliest first, under a lease", async ({ db }) => {
    await addRows(db, [
      { key: "later", dueIn: 60 },
      { key: "due-second", dueIn: -5 },
      { key: "due-first", dueIn: -10 },
      { key: "finished", dueIn: -20, status: "done" },
      { key: "cancelled-timer", dueIn: -20, status: "cancelled" },
    ]);
    const claimed = await claimDue(db, { owner: "w1", limit: 10, leaseMs: 300_000, now: t0 });
    expect(claimed.map((row) => row.key)).toEqual(["due-first", "due-second"]);
    expect(claimed[0]).toMatchObject({ status: "running", lease_owner: "w1", lease_until: at(300), fencing_token: 1, attempts: 1 });
    expect(await claimDue(db, { owner: "w2", limit: 10, leaseMs: 30_000, now: t0 })).toEqual([]);
    expect((await claimDue(db, { owner: "w2", limit: 10, leaseMs: 30_000, now: at(60) })).map((row) => row.key)).toEqual(["later"]);
  });

  it("never gives one row to two workers claiming at once", async ({ storage }) => {
    await addRows(storage.db, Array.from({ length: 120 }, (_, i) => ({ key: `effect-${i}`, dueIn: -i })));
    // On PostgreSQL each worker has its own pool, as in separate processes.
    const pools = storage.dialect === "postgres" ? [storage.db, (await storage.connectAgain()).db] : [storage.db, storage.db];
    const drain = async (db: Kysely<Database>, owner: string) => {
      const keys: string[] = [];
      for (;;) {
        const batch = await claimDue(db, { owner, limit: 7, leaseMs: 30_000, now: t0 });
        if (batch.length === 0) return keys;
        keys.push(...batch.map((row) => row.key));
      }
    };
    const perWorker = await Promise.all([drain(pools[0]!, "w1"), drain(pools[1]!, "w2"), drain(pools[0]!, "w3"), drain(pools[1]!, "w4")]);
    const all = perWorker.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(120);
  });

  it("lets another worker take over an expired lease and refuses the old holder's outcome", async ({ db }) => {
    await addRows(db, [{ key: "call-courier" }]);
    const [stalled] = await claimDue(db, { owner: "w1", limit: 1, leaseMs: 30_000, now: t0 });
    expect(await claimDue(db, { owner: "w2", limit: 1, leaseMs: 30_000, now: at(29) })).toEqual([]);
    const [takenOver] = await claimDue(db, { owner: "w2", limit: 1, leaseMs: 30_000, now: at(31) });
    expect(takenOver).toMatchObject({ id: stalled!.id, lease_owner: "w2", fencing_token: stalled!.fencing_token + 1, attempts: 2 });

    expect(await completeClaimed(db, { id: stalled!.id, fencingToken: stalled!.fencing_token, now: at(32), outcome: { status: "done" } })).toBe(false);
    expect(await db.selectFrom("outbox").select(["status", "lease_owner"]).executeTakeFirst()).toEqual({ status: "running", lease_owner: "w2" });
    expect(await completeClaimed(db, { id: takenOver!.id, fencingToken: takenOver!.fencing_token, now: at(33), outcome: { status: "done" } })).toBe(true);
    expect(await db.selectFrom("outbox").select(["status", "lease_until"]).executeTakeFirst()).toEqual({ status: "done", lease_until: null });
  });

  it("puts a failed row back for a later retry, or lays it to rest as dead", async ({ db }) => {
    await addRows(db, [{ key: "flaky" }, { key: "hopeless" }]);
    const [flaky, hopeless] = await claimDue(db, { owner: "w1", limit: 2, leaseMs: 30_000, now: t0 });
    expect(await completeClaimed(db, { id: flaky!.id, fencingToken: flaky!.fencing_token, now: at(1), outcome: { status: "retry", at: at(10), error: "503 from courier" } })).toBe(true);
    expect(await completeClaimed(db, { id: hopeless!.id, fencingToken: hopeless!.fencing_token, now: at(1), outcome: { status: "dead", error: "address unknown" } })).toBe(true);
    expect(await db.selectFrom("outbox").select(["key", "status", "due_at", "last_error"]).orderBy("id").execute()).toEqual([
      { key: "flaky", status: "pending", due_at: at(10), last_error: "503 from courier" },
      { key: "hopeless", status: "dead", due_at: t0, last_error: "address unknown" },
    ]);
    expect(await claimDue(db, { owner: "w1", limit: 2, leaseMs: 30_000, now: at(9) })).toEqual([]);
    expect(await claimDue(db, { owner: "w1", limit: 2, leaseMs: 30_000, now: at(10) })).toMatchObject([{ key: "flaky", attempts: 2, fencing_token: 2 }]);
  });

  it("refuses the outcome of a row cancelled while it ran", async ({ db }) => {
    await addRows(db, [{ key: "timer" }]);
    const [claimed] = await claimDue(db, { owner: "w1", limit: 1, leaseMs: 30_000, now: t0 });
    await db.updateTable("outbox").set({ status: "cancelled" }).where("key", "=", "timer").execute();
    expect(await completeClaimed(db, { id: claimed!.id, fencingToken: claimed!.fencing_token, now: at(1), outcome: { status: "done" } })).toBe(false);
  });
});
