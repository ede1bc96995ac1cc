import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, test } from "vitest";
import { createDatabase } from "./database";
import { json } from "./json";
import { migrateToLatest } from "./migrate";
import { databaseCases, testWithDatabase } from "./testing";

describe.each(await databaseCases())("values on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("come back as the same JavaScript types on both dialects", async ({ db }) => {
    const { rows } = await sql`
      select 9007199254740991::int8 as big, 42::int8 as count, 199.90::numeric as total,
             '2026-11-22T01:02:03.456Z'::timestamptz as at, '2026-11-22'::date as day,
             '{"zh": "订单", "items": [1, "x", null], "nested": {"ok": true}}'::jsonb as doc,
             array['a', 'b,c', '"q"', '']::text[] as tags, '\\xdeadbeef'::bytea as bytes,
             null::timestamptz as missing
    `.execute(db);
    expect(rows[0]).toStrictEqual({
      big: Number.MAX_SAFE_INTEGER,
      count: 42,
      total: "199.90",
      at: new Date("2026-11-22T01:02:03.456Z"),
      day: "2026-11-22",
      doc: { zh: "订单", items: [1, "x", null], nested: { ok: true } },
      tags: ["a", "b,c", '"q"', ""],
      bytes: Buffer.from("deadbeef", "hex"),
      missing: null,
    });
  });

  it("round-trip through the tables", async ({ db }) => {
    const at = new Date("2026-11-22T09:30:00.123+08:00");
    await db
      .insertInto("orders")
      .values({
        id: "DB20261122000001",
        channel: "taobao",
        shop: "s1",
        platform_order_no: "T1",
        status: "new",
        total: "1234567890.12",
        data: json({ lines: [{ sku: "A", qty: 2 }] }),
        raw: json(["a raw payload can be an array", 1]),
        created_at: at,
      })
      .execute();
    const order = await db.selectFrom("orders").select(["total", "data", "raw", "created_at"]).executeTakeFirstOrThrow();
    expect(order).toStrictEqual({
      total: "1234567890.12",
      data: { lines: [{ sku: "A", qty: 2 }] },
      raw: ["a raw payload can be an array", 1],
      created_at: at,
    });

    const outbox = await db
      .insertInto("outbox")
      .values({ key: "i1:n1:1", type: "notify", payload: json("a string is JSON too"), max_attempts: 3 })
      .returning(["id", "fencing_token", "payload"])
      .executeTakeFirstOrThrow();
    expect(outbox).toStrictEqual({ id: 1, fencing_token: 0, payload: "a string is JSON too" });

    const user = await db
      .insertInto("users")
      .values({ login: "li", display_name: "李", roles: ["staff", "supervisor"] })
      .returning(["id", "roles", "disabled"])
      .executeTakeFirstOrThrow();
    expect(user).toStrictEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), roles: ["staff", "supervisor"], disabled: false });

    const bytes = Buffer.from([0, 1, 2, 255]);
    const file = await db
      .insertInto("files")
      .values({ sha256: "0".repeat(64), content_type: "image/jpeg", size: 4, bytes })
      .returning("bytes")
      .executeTakeFirstOrThrow();
    expect(file.bytes).toStrictEqual(bytes);
  });
});

describe("the embedded database's data directory", () => {
  test("is created on first start and keeps the data when reopened", async () => {
    const root = await mkdtemp(join(tmpdir(), "orderflow-pglite-"));
    const dataDir = join(root, "data", "nested");
    try {
      const first = await createDatabase({ dataDir });
      await migrateToLatest(first.db);
      await first.db.insertInto("order_counters").values({ day: "2026-11-22", last: 7 }).execute();
      await first.close();
      expect(await readdir(dataDir)).toContain("PG_VERSION");

      const again = await createDatabase({ dataDir });
      expect(await migrateToLatest(again.db)).toEqual([]);
      expect(await again.db.selectFrom("order_counters").selectAll().execute()).toEqual([{ day: "2026-11-22", last: 7 }]);
      await again.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);

  test("the embedded database keeps a small page cache of its own in the server's memory (its files go through the system's cache)", async () => {
    const embedded = await createDatabase({});
    try {
      const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(embedded.db);
      expect(rows[0]!.shared_buffers).toBe("16MB");
    } finally {
      await embedded.close();
    }
  }, 60_000);

  test("the embedded database lets the event loop turn between the queries of a transaction (Node accepts one new connection a turn)", async () => {
    const embedded = await createDatabase({});
    try {
      const happened: string[] = [];
      let ticking = true;
      const tick = () => {
        happened.push("turn");
        if (ticking) setImmediate(tick);
      };
      await embedded.db.transaction().execute(async (tx) => {
        setImmediate(tick);
        for (let query = 1; query <= 3; query++) {
          await sql`select 1`.execute(tx);
          happened.push(`query ${query}`);
        }
      });
      ticking = false;
      // The loop turned between the queries, not only once the transaction was done.
      expect(happened.join(" ")).toMatch(/query 1 (turn )+query 2 (turn )+query 3/);
    } finally {
      await embedded.close();
    }
  }, 60_000);
});
