/**
 * Stock levels as staff keep them: goods received, counts that correct the
 * books, safety stock. Each runs all or nothing, inside the caller's
 * transaction when given one, and leaves a movement in the ledger.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../storage/schema";
import { atomically } from "./atomic";
import { InventoryError } from "./errors";
import { isLow, recordMovement, stockColumns, syncLowStockAlert, timeOf, type ChangeContext, type StockRow } from "./ledger";
import { checkQuantity } from "./lines";
import { requireWarehouses } from "./warehouses";

export interface StockKey {
  sku: string;
  warehouse: string;
}

export interface StockLevel extends StockKey {
  onHand: number;
  reserved: number;
  /** on_hand − reserved: what new orders may still reserve. */
  available: number;
  safetyStock: number;
  low: boolean;
}

/**
 * Adds goods that arrived to a warehouse's stock.
 *
 * @example
 * await receiveStock(db, { sku: "TEA-LJ-250", warehouse: "HZ-01", quantity: 100 }, { actor: "wang", reason: "PO-2026-118" });
 */
export async function receiveStock(db: Kysely<Database>, receipt: StockKey & { quantity: number }, context: ChangeContext = {}): Promise<StockLevel> {
  checkQuantity(receipt.quantity, "quantity");
  checkSku(receipt.sku);
  return atomically(db, async (tx) => {
    await requireWarehouses(tx, [receipt.warehouse], "warehouse");
    const row = await tx
      .insertInto("stock")
      .values({ sku: receipt.sku, warehouse: receipt.warehouse, on_hand: receipt.quantity, updated_at: timeOf(context) })
      .onConflict((oc) => oc.columns(["sku", "warehouse"]).doUpdateSet({ on_hand: sql<number>`stock.on_hand + excluded.on_hand`, updated_at: timeOf(context) }))
      .returning(stockColumns)
      .executeTakeFirstOrThrow();
    await recordMovement(tx, row, { kind: "receive", onHandChange: receipt.quantity, reservedChange: 0 }, context);
    return toLevel(row);
  });
}

/**
 * Sets what a warehouse holds to what was counted. A count below what is
 * reserved for orders is refused: those orders would have nothing to ship.
 */
export async function adjustStock(db: Kysely<Database>, count: StockKey & { onHand: number }, context: ChangeContext = {}): Promise<StockLevel> {
  if (!Number.isInteger(count.onHand) || count.onHand < 0) throw new InventoryError("invalid_input", `onHand must be the counted number of units, 0 or more, got ${JSON.stringify(count.onHand)}`);
  checkSku(count.sku);
  return atomically(db, async (tx) => {
    const before = await lockRow(tx, count);
    if (count.onHand < before.reserved) {
      throw new InventoryError(
        "count_below_reserved",
        `onHand: ${count.sku} in ${count.warehouse} was counted at ${count.onHand}, but ${before.reserved} are reserved for orders not shipped yet; release or ship those orders first, or recount`,
      );
    }
    const row = await tx
      .updateTable("stock")
      .set({ on_hand: count.onHand, updated_at: timeOf(context) })
      .where("sku", "=", count.sku)
      .where("warehouse", "=", count.warehouse)
      .returning(stockColumns)
      .executeTakeFirstOrThrow();
    await recordMovement(tx, row, { kind: "adjust", onHandChange: count.onHand - before.on_hand, reservedChange: 0 }, context);
    return toLevel(row);
  });
}

/** Sets the level below which the SKU is not offered on channels and a low-stock alert is raised. */
export async function setSafetyStock(db: Kysely<Database>, level: StockKey & { safetyStock: number }, context: ChangeContext = {}): Promise<StockLevel> {
  if (!Number.isInteger(level.safetyStock) || level.safetyStock < 0) {
    throw new InventoryError("invalid_input", `safetyStock must be a whole number of units, 0 or more, got ${JSON.stringify(level.safetyStock)}`);
  }
  checkSku(level.sku);
  return atomically(db, async (tx) => {
    await lockRow(tx, level);
    const row = await tx
      .updateTable("stock")
      .set({ safety_stock: level.safetyStock, updated_at: timeOf(context) })
      .where("sku", "=", level.sku)
      .where("warehouse", "=", level.warehouse)
      .returning(stockColumns)
      .executeTakeFirstOrThrow();
    await syncLowStockAlert(tx, row, context);
    return toLevel(row);
  });
}

/** Stock rows, by SKU then warehouse, optionally for one SKU or one warehouse. */
export async function listStock(db: Kysely<Database>, filter: Partial<StockKey> = {}): Promise<StockLevel[]> {
  let query = db.selectFrom("stock").select(stockColumns).orderBy("sku").orderBy("warehouse");
  if (filter.sku !== undefined) query = query.where("sku", "=", filter.sku);
  if (filter.warehouse !== undefined) query = query.where("warehouse", "=", filter.warehouse);
  return (await query.execute()).map(toLevel);
}

/** The row, created empty when the warehouse has never held the SKU, locked until the transaction ends. */
async function lockRow(tx: Kysely<Database>, key: StockKey): Promise<StockRow> {
  await requireWarehouses(tx, [key.warehouse], "warehouse");
  await tx.insertInto("stock").values({ sku: key.sku, warehouse: key.warehouse }).onConflict((oc) => oc.columns(["sku", "warehouse"]).doNothing()).execute();
  return tx.selectFrom("stock").select(stockColumns).where("sku", "=", key.sku).where("warehouse", "=", key.warehouse).forUpdate().executeTakeFirstOrThrow();
}

function checkSku(sku: unknown): void {
  if (typeof sku !== "string" || sku.trim() === "") throw new InventoryError("invalid_input", `sku must be a SKU code, got ${JSON.stringify(sku)}`);
}

export function toLevel(row: StockRow): StockLevel {
  return {
    sku: row.sku,
    warehouse: row.warehouse,
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.on_hand - row.reserved,
    safetyStock: row.safety_stock,
    low: isLow(row),
  };
}
