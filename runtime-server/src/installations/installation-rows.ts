/**
 * The table connector_installations: one row per installation, its secrets
 * sealed (see installation-settings.ts). Reads and writes only; what goes in
 * is decided elsewhere.
 */
import type { Kysely, Selectable } from "kysely";
import { json } from "../storage/json";
import type { ConnectorInstallationsTable, Database } from "../storage/schema";

export type InstallationRow = Selectable<ConnectorInstallationsTable>;

export function listInstallationRows(db: Kysely<Database>): Promise<InstallationRow[]> {
  return db.selectFrom("connector_installations").selectAll().orderBy("id").execute();
}

/** @param options.forUpdate lock the row until the transaction ends (a change that reads, then writes it) */
export function getInstallationRow(db: Kysely<Database>, id: string, options: { forUpdate?: boolean } = {}): Promise<InstallationRow | undefined> {
  const query = db.selectFrom("connector_installations").selectAll().where("id", "=", id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export interface NewInstallation {
  id: string;
  connector: string;
  shop: string | null;
  displayName: string;
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
  enabled: boolean;
  by: string;
  at: Date;
}

/** Undefined when the id is taken. */
export function insertInstallationRow(db: Kysely<Database>, row: NewInstallation): Promise<InstallationRow | undefined> {
  return db
    .insertInto("connector_installations")
    .values({
      id: row.id,
      connector: row.connector,
      shop: row.shop,
      display_name: row.displayName,
      settings: json(row.settings),
      secrets: json(row.secrets),
      enabled: row.enabled,
      created_by: row.by,
      created_at: row.at,
      updated_by: row.by,
      updated_at: row.at,
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function updateInstallationRow(
  db: Kysely<Database>,
  id: string,
  change: Pick<NewInstallation, "shop" | "displayName" | "settings" | "secrets" | "enabled" | "by" | "at">,
): Promise<InstallationRow | undefined> {
  return db
    .updateTable("connector_installations")
    .set({
      shop: change.shop,
      display_name: change.displayName,
      settings: json(change.settings),
      secrets: json(change.secrets),
      enabled: change.enabled,
      updated_by: change.by,
      updated_at: change.at,
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteInstallationRow(db: Kysely<Database>, id: string): Promise<InstallationRow | undefined> {
  return db.deleteFrom("connector_installations").where("id", "=", id).returningAll().executeTakeFirst();
}
