/**
 * Flow documents and forms are kept as json, exactly as written, instead of
 * jsonb, which sorts an object's keys: a form's fields showed in an order
 * nobody chose, and an exported flow differed from the one imported.
 * Documents stored before this keep the order jsonb gave them.
 *
 * Frozen in time: this file describes the database as it was when it was
 * written and never changes; a later change is a new migration.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table flows alter column draft type json using draft::json`,
    sql`alter table flow_versions alter column document type json using document::json`,
    sql`alter table forms alter column schema type json using schema::json`,
    sql`alter table forms alter column ui_schema drop default`,
    sql`alter table forms alter column ui_schema type json using ui_schema::json`,
    sql`alter table forms alter column ui_schema set default '{}'::json`,
  ];
  for (const statement of statements) await statement.execute(db);
}
