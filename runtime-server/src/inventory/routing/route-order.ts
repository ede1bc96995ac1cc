/**
 * Routing against the database: loads the active warehouses with what each
 * has free of the order's SKUs, then lets `decide.ts` choose. The figures
 * are a snapshot; the reservation that follows is what actually takes the
 * stock, and fails cleanly if another order took it first.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../storage/schema";
import { mergeLines } from "../lines";
import { toWarehouse } from "../warehouses";
import { decideWarehouse, planSplit, type Candidate, type RoutingOptions, type RoutingOrder, type SplitPlan, type WarehouseDecision } from "./decide";

/** Active warehouses, each with its free units of `skus` (SKUs it does not hold count as 0). */
export async function loadCandidates(db: Kysely<Database>, skus: readonly string[]): Promise<Candidate[]> {
  const warehouses = (await db.selectFrom("warehouses").selectAll().where("active", "=", true).orderBy("id").execute()).map(toWarehouse);
  const stock = skus.length === 0 ? [] : await db.selectFrom("stock").select(["sku", "warehouse", "on_hand", "reserved"]).where("sku", "in", [...skus]).execute();
  return warehouses.map((warehouse) => ({
    id: warehouse.id,
    province: warehouse.province,
    city: warehouse.city,
    priority: warehouse.priority,
    costPerParcel: warehouse.costPerParcel,
    available: Object.fromEntries(stock.filter((row) => row.warehouse === warehouse.id).map((row) => [row.sku, row.on_hand - row.reserved])),
  }));
}

/**
 * @example
 * const { chosen, verdicts } = await chooseWarehouse(db, { lines: order.lines, address: order.address }, { criteria: STRATEGIES.cheapest });
 */
export async function chooseWarehouse(db: Kysely<Database>, order: RoutingOrder, options: RoutingOptions = {}): Promise<WarehouseDecision> {
  const lines = mergeLines(order.lines);
  return decideWarehouse({ ...order, lines }, await loadCandidates(db, lines.map((line) => line.sku)), options);
}

/** See planSplit. */
export async function splitOrder(db: Kysely<Database>, order: RoutingOrder, options: RoutingOptions = {}): Promise<SplitPlan> {
  const lines = mergeLines(order.lines);
  return planSplit({ ...order, lines }, await loadCandidates(db, lines.map((line) => line.sku)), options);
}
