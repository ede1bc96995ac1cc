/**
 * The history's rows no longer check their instance by a foreign key. Every
 * entry is written by the write batch in the same statement as its
 * instance's row, and instances are never deleted, so the check could never
 * fail; it cost a lookup per entry, about sixteen per order, which was the
 * largest part of what PostgreSQL spent on an order. (Camunda's history
 * tables carry no foreign keys for the same reason.) The unique
 * (instance_id, seq) index stays, so an entry is still never written twice.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table instance_history drop constraint instance_history_instance_id_fkey`.execute(db);
}
