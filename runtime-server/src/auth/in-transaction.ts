import type { Kysely, Transaction } from "kysely";
import type { Database } from "../storage/schema";

/** Runs `work` in a transaction: the caller's own when `db` already is one (Kysely does not nest them), a new one otherwise. */
export function inTransaction<T>(db: Kysely<Database>, work: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute((tx: Transaction<Database>) => work(tx));
}
