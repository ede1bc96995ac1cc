import { sql } from "kysely";
import { describe, expect } from "vitest";
import { recordset } from "./json";
import { databaseCases, testWithDatabase } from "./testing";

describe.each(await databaseCases())("recordset on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("unpacks rows, nulls and times into typed columns", async ({ db }) => {
    const at = new Date("2026-11-22T01:02:03.456Z");
    const { rows } = await sql<{ id: number; name: string | null; at: Date }>`select id, name, at from ${recordset([{ id: 1, name: "茶", at }, { id: 2, name: null, at }], "id int, name text, at timestamptz")} order by id`.execute(db);
    expect(rows).toEqual([
      { id: 1, name: "茶", at },
      { id: 2, name: null, at },
    ]);
  });

  it("tells the planner how many rows it holds, so a join looks them up by index instead of reading the whole table", async ({ db }) => {
    await sql`insert into inbound_events (source, dedupe_key, status, headers, body, received_at)
      select 'shop', 'key-' || n, 'accepted', '{}', 'body', now() from generate_series(1, 20000) as n`.execute(db);
    await sql`analyze inbound_events`.execute(db);
    const { rows } = await sql<Record<string, string>>`explain update inbound_events as e set error = 'seen' from ${recordset([{ id: 5 }, { id: 900 }], "id bigint")} where e.id = r.id`.execute(db);
    const plan = rows.map((row) => Object.values(row)[0]).join("\n");
    expect(plan).toContain("Index Scan using inbound_events_pkey");
    expect(plan).not.toContain("Seq Scan on inbound_events");
  });
});
