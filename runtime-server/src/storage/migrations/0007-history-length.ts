/**
 * Instances count their history entries, so a step numbers its new entries
 * from the instance row it has already read, instead of asking the history
 * table for its highest number on every event.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table instances add column history_length int not null default 0 check (history_length >= 0)`.execute(db);
  await sql`update instances as i set history_length = h.length
    from (select instance_id, max(seq) as length from instance_history group by instance_id) as h
    where h.instance_id = i.id`.execute(db);
}
