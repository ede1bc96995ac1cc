/**
 * What installed connectors keep between calls (polling cursors, ids already
 * seen, OAuth2 tokens), per installation, in the database every server
 * process shares: a restarted or second process polls on from the same
 * cursor.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table connector_state (
    installation text not null,
    key text not null,
    value jsonb not null,
    updated_at timestamptz not null default now(),
    primary key (installation, key)
  )`.execute(db);
}
