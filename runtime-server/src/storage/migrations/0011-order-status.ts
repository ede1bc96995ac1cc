/**
 * Order statuses set by the flows: the status's display name kept beside
 * its code, as the flow version that set it names it (a later version may
 * rename it; the order shows what staff saw when it changed), and the
 * orders whose instances wait in the exceptions list, found without
 * reading every instance.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // { "zh": "待拣货", "en": "Picking" }; null for a status no flow named (e.g. "new" from intake).
    sql`alter table orders add column status_name jsonb`,
    sql`create index instances_in_exception on instances (order_id) where order_id is not null and cardinality(exceptions) > 0`,
  ];
  for (const statement of statements) await statement.execute(db);
}
