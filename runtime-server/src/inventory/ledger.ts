/**
 * What every change to a stock row leaves behind: a movement in the ledger
 * with the row's figures after it, and the row's low-stock alert kept in
 * step (raised once when what is free comes down to the safety stock,
 * cleared when it is back above). The caller has just updated the row, so
 * it holds the row's lock and no other transaction can raise a second
 * alert for it meanwhile.
 */
import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { json } from "../storage/json";
import type { Database, StockMovementKind } from "../storage/schema";

/** Who changed stock and why, for the ledger. `at` defaults to the database's clock. */
export interface ChangeContext {
  actor?: string | null;
  reason?: string | null;
  at?: Date;
}

/** A stock row as an update returns it. */
export interface StockRow {
  sku: string;
  warehouse: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
  low_stock_alert: string | null;
}

export const stockColumns = ["sku", "warehouse", "on_hand", "reserved", "safety_stock", "low_stock_alert"] as const;

export interface Movement {
  kind: StockMovementKind;
  onHandChange: number;
  reservedChange: number;
  reservationId?: string;
  transferId?: string;
}

export const LOW_STOCK_ALERT = "inventory.low_stock";

/** The database's now() unless the caller gave a time (tests, replays). */
export function timeOf(context: ChangeContext) {
  return context.at ?? sql<Date>`now()`;
}

export async function recordMovement(tx: Kysely<Database>, row: StockRow, movement: Movement, context: ChangeContext): Promise<void> {
  await tx
    .insertInto("stock_movements")
    .values({
      at: timeOf(context),
      sku: row.sku,
      warehouse: row.warehouse,
      kind: movement.kind,
      on_hand_change: movement.onHandChange,
      reserved_change: movement.reservedChange,
      on_hand_after: row.on_hand,
      reserved_after: row.reserved,
      reservation_id: movement.reservationId ?? null,
      transfer_id: movement.transferId ?? null,
      actor: context.actor ?? null,
      reason: context.reason ?? null,
    })
    .execute();
  await syncLowStockAlert(tx, row, context);
}

/** Low: a safety stock is set and what is free to sell has come down to it, so channels can sell none of this row. */
export function isLow(row: Pick<StockRow, "on_hand" | "reserved" | "safety_stock">): boolean {
  return row.safety_stock > 0 && row.on_hand - row.reserved <= row.safety_stock;
}

/** Raises or clears the row's low-stock alert; call it with the row locked by the caller's update. */
export async function syncLowStockAlert(tx: Kysely<Database>, row: StockRow, context: ChangeContext): Promise<void> {
  const low = isLow(row);
  if (low && row.low_stock_alert === null) {
    const key = `${LOW_STOCK_ALERT}:${row.warehouse}:${row.sku}:${randomUUID()}`;
    const free = row.on_hand - row.reserved;
    await tx
      .insertInto("alerts")
      .values({
        key,
        alert: LOW_STOCK_ALERT,
        severity: free === 0 ? "critical" : "warning",
        message: json({
          zh: `库存不足：仓库 ${row.warehouse} 的 ${row.sku} 可用 ${free} 件，已到安全库存 ${row.safety_stock} 件，请补货`,
          en: `Low stock: ${row.sku} in warehouse ${row.warehouse} has ${free} free, at or below its safety stock of ${row.safety_stock}; restock it`,
        }),
        node: null,
        instance_id: null,
        raised_at: timeOf(context),
      })
      .execute();
    await tx.updateTable("stock").set({ low_stock_alert: key }).where("sku", "=", row.sku).where("warehouse", "=", row.warehouse).execute();
  } else if (!low && row.low_stock_alert !== null) {
    await tx.updateTable("alerts").set({ status: "cleared", cleared_at: timeOf(context) }).where("key", "=", row.low_stock_alert).where("status", "<>", "cleared").execute();
    await tx.updateTable("stock").set({ low_stock_alert: null }).where("sku", "=", row.sku).where("warehouse", "=", row.warehouse).execute();
  }
}
