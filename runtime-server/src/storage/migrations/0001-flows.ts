/**
 * Flows as people edit them, the versions they publish, and the forms library.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Refuses UPDATE and DELETE on the tables that only ever grow. Its
    // argument says why, so the error tells the user what to do instead.
    sql`create function forbid_change() returns trigger language plpgsql as $$
        begin
          raise exception '% of % refused: %', tg_op, tg_table_name, tg_argv[0];
        end
      $$`,

    // One row per flow. `draft` is the document being edited; running
    // instances never read it, they run a published version.
    sql`create table flows (
      id text primary key,
      name jsonb not null,
      draft jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      updated_by text
    )`,

    // Publishing copies the draft into a new version, numbered 1, 2, 3… per
    // flow. Instances are pinned to a version, so a version never changes.
    sql`create table flow_versions (
      flow_id text not null references flows (id),
      version int not null check (version > 0),
      document jsonb not null,
      published_at timestamptz not null default now(),
      published_by text,
      primary key (flow_id, version)
    )`,
    sql`create trigger flow_versions_never_change
      before update or delete on flow_versions
      for each row execute function forbid_change('a published flow version never changes; publish a new version instead')`,

    // Forms (JSON Schema + uiSchema) that tasks show. flow_id null: shared by every flow.
    sql`create table forms (
      id text primary key,
      flow_id text references flows (id),
      schema jsonb not null,
      ui_schema jsonb not null default '{}',
      updated_at timestamptz not null default now(),
      updated_by text
    )`,
    sql`create index forms_by_flow on forms (flow_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
