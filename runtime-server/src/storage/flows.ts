/**
 * Publishing: a flow document stored as the flow's next version. Versions
 * never change once stored (the table forbids it); running instances stay
 * on the version they started with.
 */
import type { LocalizedText } from "@orderflow/engine/definition";
import type { Kysely } from "kysely";
import { json, jsonDocument } from "./json";
import type { Database } from "./schema";

/**
 * Stores `document` (already validated) as its flow's next version and
 * returns the version number; a flow not stored yet is created with the
 * document as its draft. Call it inside the transaction that validated the
 * document, so two publishers cannot take the same number.
 *
 * @example const version = await publishVersion(tx, flow, { at: new Date(), by: "li" });
 */
export async function publishVersion(db: Kysely<Database>, document: { id: string; name: LocalizedText }, options: { at: Date; by: string | null }): Promise<number> {
  const name = typeof document.name === "string" ? { zh: document.name, en: document.name } : document.name;
  await db
    .insertInto("flows")
    .values({ id: document.id, name: json(name), draft: jsonDocument(document), created_at: options.at, updated_at: options.at, updated_by: options.by })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  const last = await db.selectFrom("flow_versions").select((eb) => eb.fn.max("version").as("version")).where("flow_id", "=", document.id).executeTakeFirst();
  const version = (last?.version ?? 0) + 1;
  await db.insertInto("flow_versions").values({ flow_id: document.id, version, document: jsonDocument(document), published_at: options.at, published_by: options.by }).execute();
  return version;
}
