import { sql, type Kysely } from "kysely";
import { describe, expect } from "vitest";
import { recordset } from "./json";
import { PREPARED_PER_CONNECTION, prepared, preparedText } from "./prepared-statements";
import type { Database } from "./schema";
import { databaseCases, testWithDatabase } from "./testing";

/** The statements this session holds prepared (PostgreSQL's own view of them). */
async function preparedHere(db: Kysely<Database>): Promise<{ name: string; statement: string }[]> {
  const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(db);
  return rows;
}

const pick = (ids: number[]) => prepared(sql<{ id: number }>`select id from ${recordset(ids.map((id) => ({ id })), "id int")} order by id`);

describe.each(await databaseCases())("prepared statements on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("give the same answers as the statements unmarked", async ({ db }) => {
    expect((await pick([3, 1, 2]).execute(db)).rows).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect((await pick([7]).execute(db)).rows).toEqual([{ id: 7 }]);
    expect((await pick([]).execute(db)).rows).toEqual([]);
  });

  if (dialect !== "postgres") return;

  it("are parsed once per connection, whatever the number of rows in a recordset", async ({ db }) => {
    await db.connection().execute(async (connection) => {
      for (const ids of [[1], [1, 2, 3], [4, 5], [6]]) await pick(ids).execute(connection);
      await sql`select 1 as unmarked`.execute(connection);
      const held = await preparedHere(connection);
      expect(held).toHaveLength(1);
      expect(held[0]!.statement).toContain("jsonb_to_recordset");
    });
  });

  it("are prepared through the pool's own query too (its callback form)", async ({ storage }) => {
    if (storage.dialect !== "postgres") throw new Error("PostgreSQL only");
    const text = preparedText("select $1::int + 1 as n");
    const answers = await Promise.all([1, 2, 3].map((n) => storage.pool.query<{ n: number }>(text, [n])));
    expect(answers.map(({ rows }) => rows[0]!.n)).toEqual([2, 3, 4]);
    const { rows } = await storage.pool.query<{ n: string }>("select count(*) as n from pg_prepared_statements where statement = $1", [text]);
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it("are left unprepared when the pool is told so (a pooler that cannot keep them)", async ({ storage }) => {
    const plain = await storage.connectAgain({ preparedStatements: false });
    await plain.db.connection().execute(async (connection) => {
      expect((await pick([2, 1]).execute(connection)).rows).toEqual([{ id: 1 }, { id: 2 }]);
      expect(await preparedHere(connection)).toEqual([]);
    });
  });

  it("stop at PREPARED_PER_CONNECTION texts a connection, running the others unnamed", async ({ db }) => {
    await db.connection().execute(async (connection) => {
      for (let n = 1; n <= PREPARED_PER_CONNECTION + 5; n += 1) {
        const { rows } = await prepared(sql<{ n: number }>`select ${sql.lit(n)}::int as n, ${n}::int as again`).execute(connection);
        expect(rows[0]!.n).toBe(n);
      }
      expect(await preparedHere(connection)).toHaveLength(PREPARED_PER_CONNECTION);
    });
  });

  it("are parsed again in a later transaction when the first one failed before parsing them", async ({ db }) => {
    await db.connection().execute(async (connection) => {
      await sql`begin`.execute(connection);
      await expect(sql`select 1 / 0`.execute(connection)).rejects.toThrow(/division by zero/);
      await expect(pick([1]).execute(connection)).rejects.toThrow(/current transaction is aborted/);
      await sql`rollback`.execute(connection);
      expect((await pick([1, 2]).execute(connection)).rows).toEqual([{ id: 1 }, { id: 2 }]);
      expect(await preparedHere(connection)).toHaveLength(1);
    });
  });

  it("keep looking rows up by index under a generic plan, which takes a recordset for ten rows", async ({ db }) => {
    await sql`insert into inbound_events (source, dedupe_key, status, headers, body, received_at)
      select 'shop', 'key-' || n, 'accepted', '{}', 'body', now() from generate_series(1, 20000) as n`.execute(db);
    await sql`analyze inbound_events`.execute(db);
    await db.connection().execute(async (connection) => {
      const update = (ids: number[]) => prepared(sql`update inbound_events as e set error = 'seen' from ${recordset(ids.map((id) => ({ id })), "id bigint")} where e.id = r.id`);
      await update([5, 900]).execute(connection);
      const { name } = (await preparedHere(connection))[0]!;
      await sql`set plan_cache_mode = force_generic_plan`.execute(connection);
      const { rows } = await sql<Record<string, string>>`explain execute ${sql.raw(name)}(${sql.lit(JSON.stringify([{ id: 5 }]))}, 1)`.execute(connection);
      await sql`reset plan_cache_mode`.execute(connection);
      const plan = rows.map((row) => Object.values(row)[0]).join("\n");
      expect(plan).toContain("Index Scan using inbound_events_pkey");
      expect(plan).not.toContain("Seq Scan on inbound_events");
    });
  });
});
