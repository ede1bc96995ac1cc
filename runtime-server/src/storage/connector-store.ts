/**
 * An installed connector's store in the database (table connector_state):
 * cursors, ids already seen and tokens survive restarts and are shared by
 * every server process. Values are JSON, as the connector SDK asks.
 *
 * @example
 * const store = createConnectorStore(db, "taobao");
 * await store.set("poll:poll_trades", { cursor: 1764000000000, seen: {} });
 */
import type { ConnectorStore } from "@orderflow/connector-sdk";
import type { Kysely } from "kysely";
import { json } from "./json";
import type { Database } from "./schema";

export function createConnectorStore(db: Kysely<Database>, installation: string): ConnectorStore {
  return {
    async get<T>(key: string) {
      const row = await db.selectFrom("connector_state").select("value").where("installation", "=", installation).where("key", "=", key).executeTakeFirst();
      return row === undefined ? undefined : (row.value as T);
    },
    async set(key, value) {
      if (value === undefined) throw new Error(`connector store "${installation}": the value of "${key}" is undefined; use delete to remove it`);
      await db
        .insertInto("connector_state")
        .values({ installation, key, value: json(value) })
        .onConflict((oc) => oc.columns(["installation", "key"]).doUpdateSet({ value: json(value), updated_at: new Date() }))
        .execute();
    },
    async delete(key) {
      await db.deleteFrom("connector_state").where("installation", "=", installation).where("key", "=", key).execute();
    },
  };
}
