import { sql, type Kysely } from "kysely";
import { describe, expect } from "vitest";
import { MigrationError, migrateToLatest, migrations } from "./migrate";
import { databaseCases, testWithDatabase } from "./testing";

const allNames = Object.keys(migrations);

async function tableNames(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely_%' order by 1
  `.execute(db);
  return rows.map((row) => row.name);
}

describe.each(await databaseCases())("migrations on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("create every table on an empty database, then find nothing left to do", async ({ emptyStorage: { db } }) => {
    expect(await migrateToLatest(db)).toEqual(allNames);
    expect(await tableNames(db)).toEqual([
      "alerts", "api_tokens", "audit_log", "channel_allocations", "connector_installations", "connector_state", "files", "flow_versions", "flows", "forms", "inbound_events", "instance_history",
      "instances", "order_counters", "orders", "outbox", "reservation_lines", "reservations", "schedule_firings", "sessions", "stock",
      "stock_movements", "stock_transfers", "subscriptions", "tasks", "users", "warehouses",
    ]);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it("run once when two servers start at the same moment", async ({ emptyStorage }) => {
    // A second process has its own pool on PostgreSQL; PGlite has one session, shared.
    const other = dialect === "postgres" ? await emptyStorage.connectAgain() : emptyStorage;
    const [first, second] = await Promise.all([migrateToLatest(emptyStorage.db), migrateToLatest(other.db)]);
    expect([...first, ...second]).toEqual(allNames);
    const { rows } = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(emptyStorage.db);
    expect(rows[0]!.n).toBe(allNames.length);
  });

  it("name the migration that failed and keep nothing of the run", async ({ emptyStorage: { db } }) => {
    const broken = { ...migrations, "9999-broken": {
      up: async (db: Kysely<any>) => {
        await sql`alter table no_such_table add column x int`.execute(db);
      },
    } };
    const failure = migrateToLatest(db, broken);
    await expect(failure).rejects.toThrow(MigrationError);
    await expect(failure).rejects.toThrow(/^Migration "9999-broken" failed: .*no_such_table/);
    expect(await tableNames(db)).toEqual([]);
    expect(await migrateToLatest(db)).toEqual(allNames);
  });
});
