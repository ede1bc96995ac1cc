/**
 * Moving stock between warehouses, atomically: the units leave one and
 * arrive in the other in one transaction, or nothing moves. Only free units
 * move (on hand minus reserved), so no order loses what it holds.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../storage/schema";
import { atomically } from "./atomic";
import { InventoryError, OutOfStockError } from "./errors";
import { recordMovement, stockColumns, timeOf, type ChangeContext } from "./ledger";
import { checkQuantity, checkWarehouseId, compareText } from "./lines";
import { requireWarehouses } from "./warehouses";

export interface TransferRequest {
  /** The idempotency key: a repeated request moves the stock once. */
  transferId: string;
  sku: string;
  from: string;
  to: string;
  quantity: number;
}

export interface Transfer extends TransferRequest {
  /** False when this transfer had been made before under its id. */
  created: boolean;
}

/**
 * @example
 * await transferStock(db, { transferId: "T-0042", sku: "TEA-LJ-250", from: "HZ-01", to: "GZ-01", quantity: 20 }, { actor: "li", reason: "Double 11 in the south" });
 */
export async function transferStock(db: Kysely<Database>, request: TransferRequest, context: ChangeContext = {}): Promise<Transfer> {
  if (typeof request.transferId !== "string" || request.transferId.trim() === "") throw new InventoryError("invalid_input", "transferId must be a non-empty text that identifies this transfer");
  if (typeof request.sku !== "string" || request.sku.trim() === "") throw new InventoryError("invalid_input", `sku must be a SKU code, got ${JSON.stringify(request.sku)}`);
  checkWarehouseId(request.from, "from");
  checkWarehouseId(request.to, "to");
  checkQuantity(request.quantity, "quantity");
  if (request.from === request.to) throw new InventoryError("invalid_input", `to: stock cannot move from warehouse ${request.from} to itself; pick another warehouse`);

  return atomically(db, async (tx) => {
    await requireWarehouses(tx, [request.from, request.to], "from/to");
    const at = timeOf(context);
    const inserted = await tx
      .insertInto("stock_transfers")
      .values({ id: request.transferId, sku: request.sku, from_warehouse: request.from, to_warehouse: request.to, quantity: request.quantity, actor: context.actor ?? null, reason: context.reason ?? null, at })
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return sameTransfer(tx, request);

    await tx.insertInto("stock").values({ sku: request.sku, warehouse: request.to }).onConflict((oc) => oc.columns(["sku", "warehouse"]).doNothing()).execute();
    // Both rows locked in warehouse order, the order reservations use, before either changes.
    await tx
      .selectFrom("stock")
      .select("warehouse")
      .where("sku", "=", request.sku)
      .where("warehouse", "in", [request.from, request.to].sort(compareText))
      .orderBy("warehouse")
      .forUpdate()
      .execute();
    const source = await tx
      .updateTable("stock")
      .set({ on_hand: sql<number>`on_hand - ${request.quantity}`, updated_at: at })
      .where("sku", "=", request.sku)
      .where("warehouse", "=", request.from)
      .where(sql<number>`on_hand - reserved`, ">=", request.quantity)
      .returning(stockColumns)
      .executeTakeFirst();
    if (!source) {
      const row = await tx.selectFrom("stock").select(sql<number>`on_hand - reserved`.as("available")).where("sku", "=", request.sku).where("warehouse", "=", request.from).executeTakeFirst();
      throw new OutOfStockError([{ sku: request.sku, warehouse: request.from, requested: request.quantity, available: row?.available ?? 0 }]);
    }
    const target = await tx
      .updateTable("stock")
      .set({ on_hand: sql<number>`on_hand + ${request.quantity}`, updated_at: at })
      .where("sku", "=", request.sku)
      .where("warehouse", "=", request.to)
      .returning(stockColumns)
      .executeTakeFirstOrThrow();
    await recordMovement(tx, source, { kind: "transfer_out", onHandChange: -request.quantity, reservedChange: 0, transferId: request.transferId }, context);
    await recordMovement(tx, target, { kind: "transfer_in", onHandChange: request.quantity, reservedChange: 0, transferId: request.transferId }, context);
    return { ...request, created: true };
  });
}

async function sameTransfer(tx: Kysely<Database>, request: TransferRequest): Promise<Transfer> {
  const made = await tx.selectFrom("stock_transfers").selectAll().where("id", "=", request.transferId).executeTakeFirstOrThrow();
  const before = { transferId: made.id, sku: made.sku, from: made.from_warehouse, to: made.to_warehouse, quantity: made.quantity };
  if (before.sku !== request.sku || before.from !== request.from || before.to !== request.to || before.quantity !== request.quantity) {
    throw new InventoryError(
      "key_reused",
      `transferId "${request.transferId}" was used before for ${before.quantity} × ${before.sku} from ${before.from} to ${before.to}; use a new transfer id for a different transfer`,
    );
  }
  return { ...before, created: false };
}
