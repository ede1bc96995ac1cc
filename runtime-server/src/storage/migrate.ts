/**
 * Brings a database up to the current schema. Run at every start; a database
 * that is up to date is left alone.
 *
 * @example
 * const storage = await createDatabase({ dataDir: "./data" });
 * await migrateToLatest(storage.db);
 */
import { sql, type Kysely } from "kysely";
import { Migrator, type Migration } from "kysely/migration";
import * as flows from "./migrations/0001-flows";
import * as orders from "./migrations/0002-orders";
import * as execution from "./migrations/0003-execution";
import * as people from "./migrations/0004-people";
import * as inventory from "./migrations/0005-inventory";
import * as orderSearch from "./migrations/0006-order-search";
import * as historyLength from "./migrations/0007-history-length";
import * as jobRoles from "./migrations/0008-job-roles";
import * as connectorState from "./migrations/0009-connector-state";
import * as connectorInstallations from "./migrations/0010-connector-installations";
import * as orderStatus from "./migrations/0011-order-status";
import * as historyWithoutForeignKey from "./migrations/0012-history-without-foreign-key";
import * as documentsAsWritten from "./migrations/0013-documents-as-written";
import * as traceWithItsEvent from "./migrations/0014-trace-with-its-event";
import * as referencesCheckedByTheirWriter from "./migrations/0015-references-checked-by-their-writer";

/** Every migration, applied in the order of their names. Append only: never edit or reorder one that has shipped. */
export const migrations: Readonly<Record<string, Migration>> = {
  "0001-flows": flows,
  "0002-orders": orders,
  "0003-execution": execution,
  "0004-people": people,
  "0005-inventory": inventory,
  "0006-order-search": orderSearch,
  "0007-history-length": historyLength,
  "0008-job-roles": jobRoles,
  "0009-connector-state": connectorState,
  "0010-connector-installations": connectorInstallations,
  "0011-order-status": orderStatus,
  "0012-history-without-foreign-key": historyWithoutForeignKey,
  "0013-documents-as-written": documentsAsWritten,
  "0014-trace-with-its-event": traceWithItsEvent,
  "0015-references-checked-by-their-writer": referencesCheckedByTheirWriter,
};

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string | undefined,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

/**
 * Applies the migrations not applied yet, all in one transaction, and
 * returns their names. Several processes may start at once on one
 * PostgreSQL: a transaction-level advisory lock lets one migrate while the
 * others wait, then find nothing left to do. (Kysely's migrator locks too,
 * but only after creating its bookkeeping tables; one lock around the whole
 * run leaves nothing to race.)
 * Throws a MigrationError naming the migration that failed; nothing of the
 * run is kept then.
 */
export async function migrateToLatest(db: Kysely<any>, list: Readonly<Record<string, Migration>> = migrations): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('orderflow:migrate'))`.execute(trx);
    const provider = { getMigrations: async () => Object.fromEntries(Object.entries(list).map(([name, migration]) => [name, inSavepoint(migration)])) };
    const migrator = new Migrator({ db: trx, provider });
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results.find((result) => result.status === "Error")?.migrationName;
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(
        failed ? `Migration "${failed}" failed: ${reason}` : `Migrating the database failed: ${reason}`,
        failed,
        { cause: error },
      );
    }
    return results.map((result) => result.migrationName);
  });
}

/**
 * A failed statement aborts the whole transaction, and the migrator still
 * runs a query after a failure (releasing its lock), which would then fail
 * too and hide the real error. Rolling back to a savepoint keeps the
 * transaction usable so the migrator reports which migration failed; the
 * caller then rolls the whole run back.
 */
function inSavepoint(migration: Migration): Migration {
  return {
    async up(db) {
      await sql`savepoint migration`.execute(db);
      try {
        await migration.up(db);
      } catch (error) {
        await sql`rollback to savepoint migration`.execute(db);
        throw error;
      }
      await sql`release savepoint migration`.execute(db);
    },
  };
}
