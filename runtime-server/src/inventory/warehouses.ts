/** Warehouses: where stock is kept and where orders ship from. */
import type { LocalizedMessage } from "@orderflow/engine";
import type { Kysely } from "kysely";
import { json } from "../storage/json";
import type { Database } from "../storage/schema";
import { InventoryError } from "./errors";
import { checkWarehouseId } from "./lines";

export interface Warehouse {
  id: string;
  name: LocalizedMessage;
  /** As written on addresses: 浙江省, Zhejiang or 330000. */
  province: string;
  city: string | null;
  /** Smaller is preferred when everything else is equal. */
  priority: number;
  /** Yuan per parcel. */
  costPerParcel: number;
  active: boolean;
}

export type WarehouseInput = Pick<Warehouse, "id" | "name" | "province"> & Partial<Omit<Warehouse, "id" | "name" | "province">>;

/**
 * Creates a warehouse or changes one; what is left out keeps its value (or its default: priority 100, cost 0, active).
 *
 * @example
 * await saveWarehouse(db, { id: "HZ-01", name: { zh: "杭州仓", en: "Hangzhou" }, province: "浙江省", city: "杭州市", costPerParcel: 6 });
 */
export async function saveWarehouse(db: Kysely<Database>, input: WarehouseInput): Promise<Warehouse> {
  checkWarehouseId(input.id, "id");
  if (!input.name.zh && !input.name.en) throw new InventoryError("invalid_input", "name needs a Chinese (zh) or English (en) name, e.g. { zh: \"杭州仓\", en: \"Hangzhou\" }");
  if (typeof input.province !== "string" || input.province.trim() === "") throw new InventoryError("invalid_input", "province must name the warehouse's province (浙江省, Zhejiang or 330000)");
  if (input.priority !== undefined && !Number.isInteger(input.priority)) throw new InventoryError("invalid_input", `priority must be a whole number, got ${JSON.stringify(input.priority)}`);
  if (input.costPerParcel !== undefined && !(Number.isFinite(input.costPerParcel) && input.costPerParcel >= 0)) {
    throw new InventoryError("invalid_input", `costPerParcel must be an amount of yuan of 0 or more, got ${JSON.stringify(input.costPerParcel)}`);
  }
  const values = {
    name: json(input.name),
    province: input.province.trim(),
    ...(input.city !== undefined && { city: input.city?.trim() || null }),
    ...(input.priority !== undefined && { priority: input.priority }),
    ...(input.costPerParcel !== undefined && { cost_per_parcel: input.costPerParcel }),
    ...(input.active !== undefined && { active: input.active }),
  };
  const row = await db
    .insertInto("warehouses")
    .values({ id: input.id, ...values })
    .onConflict((oc) => oc.column("id").doUpdateSet({ ...values, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWarehouse(row);
}

export async function listWarehouses(db: Kysely<Database>, options: { activeOnly?: boolean } = {}): Promise<Warehouse[]> {
  let query = db.selectFrom("warehouses").selectAll().orderBy("id");
  if (options.activeOnly) query = query.where("active", "=", true);
  return (await query.execute()).map(toWarehouse);
}

/** Throws a clear error naming the first of `ids` that is not a warehouse. */
export async function requireWarehouses(db: Kysely<Database>, ids: readonly string[], field: string): Promise<void> {
  const known = new Set((await db.selectFrom("warehouses").select("id").where("id", "in", [...ids]).execute()).map((row) => row.id));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) throw new InventoryError("unknown_warehouse", `${field}: there is no warehouse "${unknown}"; create it first or use one of the existing warehouses`);
}

export function toWarehouse(row: {
  id: string;
  name: LocalizedMessage;
  province: string;
  city: string | null;
  priority: number;
  cost_per_parcel: string;
  active: boolean;
}): Warehouse {
  return {
    id: row.id,
    name: row.name,
    province: row.province,
    city: row.city,
    priority: row.priority,
    costPerParcel: Number(row.cost_per_parcel),
    active: row.active,
  };
}
