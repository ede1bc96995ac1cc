/**
 * Routing against the database: loads the active warehouses with what each
 * has free of the order's SKUs, then lets `decide.ts` choose. The figures
 * are a snapshot; the reservation that follows is what actually takes the
 * stock, and fails cleanly if another order took it first.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../storage/schema";
import { InventoryError, OutOfStockError } from "../errors";
import { mergeLines } from "../lines";
import { toWarehouse, type Warehouse } from "../warehouses";
import { decideWarehouse, planSplit, STRATEGIES, type Candidate, type RoutingOptions, type RoutingOrder, type SplitPart, type SplitPlan, type Verdict, type WarehouseDecision } from "./decide";

/** Active warehouses, each with its free units of `skus` (SKUs it does not hold count as 0). */
export async function loadCandidates(db: Kysely<Database>, skus: readonly string[]): Promise<Candidate[]> {
  const warehouses = await loadActiveWarehouses(db);
  const stock = skus.length === 0 ? [] : await db.selectFrom("stock").select(["sku", "warehouse", "on_hand", "reserved"]).where("sku", "in", [...skus]).execute();
  return candidatesOf(warehouses, stock);
}

async function loadActiveWarehouses(db: Kysely<Database>): Promise<Warehouse[]> {
  return (await db.selectFrom("warehouses").selectAll().where("active", "=", true).orderBy("id").execute()).map(toWarehouse);
}

/** The warehouses as routing sees them, with what each has free of the stock rows given. */
export function candidatesOf(warehouses: readonly Warehouse[], stock: readonly { sku: string; warehouse: string; on_hand: number; reserved: number }[]): Candidate[] {
  const free = new Map<string, Record<string, number>>(warehouses.map((warehouse) => [warehouse.id, {}]));
  for (const row of stock) {
    const available = free.get(row.warehouse);
    if (available) available[row.sku] = row.on_hand - row.reserved;
  }
  return warehouses.map((warehouse) => ({
    id: warehouse.id,
    province: warehouse.province,
    city: warehouse.city,
    priority: warehouse.priority,
    costPerParcel: warehouse.costPerParcel,
    available: free.get(warehouse.id)!,
  }));
}

export type Strategy = keyof typeof STRATEGIES;

/**
 * The parts an order ships in: the chosen warehouse, or, when `split` is
 * allowed and needed, a split. Throws out_of_stock when all warehouses
 * together are short, no_single_warehouse when only a split would do and
 * none is allowed.
 */
export function chooseParts(order: RoutingOrder, candidates: readonly Candidate[], strategy: Strategy | undefined, split: boolean): { parts: SplitPart[]; verdicts: Verdict[] } {
  const options = { criteria: STRATEGIES[strategy ?? "nearest"] };
  const decision = decideWarehouse(order, candidates, options);
  if (decision.chosen !== undefined) return { parts: [{ warehouse: decision.chosen, lines: [...order.lines] }], verdicts: decision.verdicts };
  const plan = planSplit(order, candidates, options);
  if (!plan.ok) throw new OutOfStockError(plan.shortages);
  if (split) return { parts: plan.parts, verdicts: decision.verdicts };
  throw new InventoryError(
    "no_single_warehouse",
    `No single warehouse holds every line (${decision.verdicts.map((v) => `${v.warehouse}: ${v.reason.en}`).join("; ")}); together they do: split the order (split_order, or reserve with split: true) or transfer stock first`,
  );
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
