/**
 * What each sales channel may show as in stock. Sellable is what is free
 * above the safety stock, summed over active warehouses:
 * Σ max(0, on_hand − reserved − safety_stock). A channel may be given a
 * share of it (a percentage, rounded down, or a fixed quota, capped at what
 * is sellable), for one SKU or for every SKU ('*'); a channel without any
 * allocation shows all of it.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../storage/schema";
import { InventoryError } from "./errors";

export type Allocation = { percent: number } | { quota: number };

export interface SellableStock {
  sku: string;
  /** Free above safety stock in all active warehouses. */
  sellable: number;
  /** What this channel may show. */
  channelSellable: number;
  /** The allocation that applied; absent when the channel has none. */
  allocation?: Allocation;
}

/** What a channel may show of `sellable` under `allocation`. */
export function channelShare(sellable: number, allocation: Allocation | undefined): number {
  if (allocation === undefined) return sellable;
  if ("percent" in allocation) return Math.floor((sellable * allocation.percent) / 100);
  return Math.min(sellable, allocation.quota);
}

/**
 * @example
 * await setChannelAllocation(db, { channel: "douyin", percent: 30 });              // every SKU
 * await setChannelAllocation(db, { channel: "douyin", sku: "TEA-LJ-250", quota: 50 }); // this one SKU
 */
export async function setChannelAllocation(db: Kysely<Database>, input: { channel: string; sku?: string } & Allocation): Promise<void> {
  if (typeof input.channel !== "string" || input.channel.trim() === "") throw new InventoryError("invalid_input", "channel must name a sales channel, e.g. taobao");
  const percent = "percent" in input ? input.percent : null;
  const quota = "quota" in input ? input.quota : null;
  if (percent !== null && !(Number.isFinite(percent) && percent >= 0 && percent <= 100)) throw new InventoryError("invalid_input", `percent must be between 0 and 100, got ${JSON.stringify(percent)}`);
  if (quota !== null && !(Number.isInteger(quota) && quota >= 0)) throw new InventoryError("invalid_input", `quota must be a whole number of units, 0 or more, got ${JSON.stringify(quota)}`);
  const values = { percent, quota, updated_at: new Date() };
  await db
    .insertInto("channel_allocations")
    .values({ channel: input.channel, sku: input.sku ?? "*", ...values })
    .onConflict((oc) => oc.columns(["channel", "sku"]).doUpdateSet(values))
    .execute();
}

/** Sellable stock for a channel, per SKU (all SKUs held anywhere, or the ones asked for), by SKU. */
export async function sellableStock(db: Kysely<Database>, channel: string, skus?: readonly string[]): Promise<SellableStock[]> {
  let query = db
    .selectFrom("stock")
    .innerJoin("warehouses", "warehouses.id", "stock.warehouse")
    .where("warehouses.active", "=", true)
    .select(["stock.sku", sql<number>`sum(greatest(stock.on_hand - stock.reserved - stock.safety_stock, 0))`.as("sellable")])
    .groupBy("stock.sku")
    .orderBy("stock.sku");
  if (skus !== undefined) query = query.where("stock.sku", "in", skus.length > 0 ? [...skus] : [""]);
  const [rows, allocations] = await Promise.all([query.execute(), db.selectFrom("channel_allocations").selectAll().where("channel", "=", channel).execute()]);
  const bySku = new Map(allocations.map((row) => [row.sku, row.percent !== null ? { percent: Number(row.percent) } : { quota: row.quota! }] as const));
  const found = new Map(rows.map((row) => [row.sku, Number(row.sellable)]));
  const listed = skus === undefined ? [...found.keys()] : [...new Set(skus)];
  return listed.map((sku) => {
    const sellable = found.get(sku) ?? 0;
    const allocation = bySku.get(sku) ?? bySku.get("*");
    return { sku, sellable, channelSellable: channelShare(sellable, allocation), ...(allocation && { allocation }) };
  });
}
