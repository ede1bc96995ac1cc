/**
 * Connector installations staff make through the API: which connector
 * package (`connector`, e.g. taobao) serves under which name (`id`, e.g.
 * taobao-main, the name flows and the webhook URL use), for which shop, with
 * which settings. Secrets (`Prop.secret` fields) are kept apart in `secrets`,
 * each sealed with the server's secret key (AES-256-GCM, bound to the
 * installation and field), so the table never holds one in plain text.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table connector_installations (
    id text primary key check (id ~ '^[a-z][a-z0-9_-]{0,63}$'),
    connector text not null,
    shop text,
    display_name text not null,
    settings jsonb not null,
    secrets jsonb not null,
    enabled boolean not null default true,
    created_by text not null,
    created_at timestamptz not null default now(),
    updated_by text not null,
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index connector_installations_by_connector on connector_installations (connector, shop)`.execute(db);
}
