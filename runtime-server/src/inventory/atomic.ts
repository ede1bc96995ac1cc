import type { Kysely, Transaction } from "kysely";
import { sql } from "kysely";
import type { Database } from "../storage/schema";

let savepoints = 0;

/**
 * Runs `work` all or nothing. In a transaction the caller holds, it runs
 * under a savepoint, so a failed stock operation (an order short of one SKU)
 * leaves none of its writes behind and the caller's transaction usable: the
 * caller may try another warehouse in it. Otherwise it runs in a new
 * transaction.
 */
export async function atomically<T>(db: Kysely<Database>, work: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute((tx: Transaction<Database>) => work(tx));
  const name = sql.id(`inventory_${++savepoints}`);
  await sql`savepoint ${name}`.execute(db);
  try {
    const result = await work(db);
    await sql`release savepoint ${name}`.execute(db);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(db);
    throw error;
  }
}
