/**
 * Holding stock for orders: reserve when an order is accepted, release when
 * it is cancelled or times out, commit when it ships.
 *
 * Reserving is one conditional update per line (DESIGN.md, decision 5):
 * `reserved + q` only where `on_hand - reserved >= q`, so two orders can
 * never both take the last unit, whatever the interleaving; the database
 * re-checks the condition on the newest row after waiting for its lock.
 * Rows are locked in (sku, warehouse) order, so orders holding the same
 * SKUs never deadlock. A reservation is all or nothing and is made once per
 * id: asking again returns the first answer.
 */
import { sql, type Kysely } from "kysely";
import type { Database, ReservationState } from "../storage/schema";
import { atomically } from "./atomic";
import { InventoryError, OutOfStockError, type Shortage } from "./errors";
import { recordMovement, stockColumns, timeOf, type ChangeContext } from "./ledger";
import { compareLines, mergeLines, type StockLine } from "./lines";
import { requireWarehouses } from "./warehouses";

export interface ReservedLine extends StockLine {
  state: ReservationState;
}

export interface Reservation {
  id: string;
  orderNo: string | null;
  /** 'reserved' while any line is held; then 'committed' if any line shipped, else 'released'. */
  state: ReservationState;
  lines: ReservedLine[];
}

export interface ReserveRequest {
  /** The idempotency key: a flow step passes its effect key, so a retried step reserves once. */
  reservationId: string;
  orderNo?: string | null;
  lines: readonly StockLine[];
}

/**
 * Reserves every line or none; throws an OutOfStockError naming each SKU
 * that is short and by how much. `created` is false when the reservation
 * had been made before under this id (nothing was reserved again).
 *
 * @example
 * const { reservation } = await reserveStock(db, { reservationId: effectKey, orderNo: "DB20261122000123", lines: [{ sku: "TEA-LJ-250", warehouse: "HZ-01", quantity: 2 }] });
 */
export async function reserveStock(db: Kysely<Database>, request: ReserveRequest, context: ChangeContext = {}): Promise<{ reservation: Reservation; created: boolean }> {
  checkReservationId(request.reservationId);
  request.lines.forEach((line, index) => {
    if (line.warehouse === undefined) throw new InventoryError("invalid_input", `lines[${index}].warehouse is missing: say which warehouse ships ${line.sku}`);
  });
  const lines = mergeLines(request.lines);
  return atomically(db, async (tx) => {
    const at = timeOf(context);
    const inserted = await tx
      .insertInto("reservations")
      .values({ id: request.reservationId, order_no: request.orderNo ?? null, actor: context.actor ?? null, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return { reservation: await sameReservation(tx, request.reservationId, lines), created: false };

    for (const [index, line] of lines.entries()) {
      const row = await tx
        .updateTable("stock")
        .set({ reserved: sql<number>`reserved + ${line.quantity}`, updated_at: at })
        .where("sku", "=", line.sku)
        .where("warehouse", "=", line.warehouse)
        .where(sql<number>`on_hand - reserved`, ">=", line.quantity)
        .returning(stockColumns)
        .executeTakeFirst();
      if (!row) {
        // Only now, off the hot path: a warehouse that does not exist is a mistake to name, not a shortage.
        await requireWarehouses(tx, [...new Set(lines.map((each) => each.warehouse))], "warehouse");
        throw new OutOfStockError(await shortages(tx, lines, index));
      }
      await recordMovement(tx, row, { kind: "reserve", onHandChange: 0, reservedChange: line.quantity, reservationId: request.reservationId }, context);
    }
    await tx
      .insertInto("reservation_lines")
      .values(lines.map((line) => ({ reservation_id: request.reservationId, sku: line.sku, warehouse: line.warehouse, quantity: line.quantity })))
      .execute();
    return { reservation: { id: request.reservationId, orderNo: request.orderNo ?? null, state: "reserved", lines: lines.map((line) => ({ ...line, state: "reserved" })) }, created: true };
  });
}

export interface SettleTarget {
  reservationId: string;
  /** Only the lines shipping from (or cancelled in) this warehouse, for an order split across warehouses. */
  warehouse?: string;
}

/** Gives the stock held back to sale (the order was cancelled or timed out). Releasing again changes nothing. */
export function releaseReservation(db: Kysely<Database>, target: SettleTarget, context: ChangeContext = {}): Promise<Reservation> {
  return settle(db, target, "released", context);
}

/** The order shipped: the units leave the warehouse (on hand and reserved both go down). Committing again changes nothing. */
export function commitReservation(db: Kysely<Database>, target: SettleTarget, context: ChangeContext = {}): Promise<Reservation> {
  return settle(db, target, "committed", context);
}

/** Releases whatever an order still holds, in all its reservations (the order was cancelled). */
export async function releaseOrder(db: Kysely<Database>, orderNo: string, context: ChangeContext = {}): Promise<Reservation[]> {
  return atomically(db, async (tx) => {
    const held = await tx.selectFrom("reservations").select("id").where("order_no", "=", orderNo).where("state", "=", "reserved").orderBy("id").execute();
    const released: Reservation[] = [];
    for (const { id } of held) released.push(await settle(tx, { reservationId: id }, "released", context));
    return released;
  });
}

export async function findReservation(db: Kysely<Database>, reservationId: string): Promise<Reservation | undefined> {
  const header = await db.selectFrom("reservations").select(["id", "order_no", "state"]).where("id", "=", reservationId).executeTakeFirst();
  if (!header) return undefined;
  return { id: header.id, orderNo: header.order_no, state: header.state, lines: await linesOf(db, reservationId) };
}

async function settle(db: Kysely<Database>, target: SettleTarget, to: "released" | "committed", context: ChangeContext): Promise<Reservation> {
  checkReservationId(target.reservationId);
  return atomically(db, async (tx) => {
    const header = await tx.selectFrom("reservations").select(["id", "order_no", "state"]).where("id", "=", target.reservationId).forUpdate().executeTakeFirst();
    if (!header) {
      throw new InventoryError("unknown_reservation", `reservationId: there is no reservation "${target.reservationId}"; pass the reservationId the reserve step returned`);
    }
    const all = await linesOf(tx, target.reservationId);
    const lines = target.warehouse === undefined ? all : all.filter((line) => line.warehouse === target.warehouse);
    if (lines.length === 0) {
      const where = [...new Set(all.map((line) => line.warehouse))].join(", ");
      throw new InventoryError("invalid_input", `warehouse: reservation "${target.reservationId}" holds nothing in warehouse "${target.warehouse}"; it holds stock in ${where}`);
    }
    if (to === "committed" && lines.some((line) => line.state === "released")) {
      throw new InventoryError(
        "reservation_released",
        `Reservation "${target.reservationId}" was released (the order was cancelled or timed out), so its stock may have been sold again; reserve again before shipping`,
      );
    }
    const held = lines.filter((line) => line.state === "reserved");
    if (to === "released" && held.length === 0 && lines.some((line) => line.state === "committed")) {
      throw new InventoryError("reservation_shipped", `Reservation "${target.reservationId}" has shipped; its stock left the warehouse and cannot be released. Receive returned goods as stock instead`);
    }
    const at = timeOf(context);
    for (const line of held) {
      const onHandChange = to === "committed" ? -line.quantity : 0;
      const row = await tx
        .updateTable("stock")
        .set({ reserved: sql<number>`reserved - ${line.quantity}`, on_hand: sql<number>`on_hand + ${onHandChange}`, updated_at: at })
        .where("sku", "=", line.sku)
        .where("warehouse", "=", line.warehouse)
        .returning(stockColumns)
        .executeTakeFirstOrThrow();
      await recordMovement(
        tx,
        row,
        { kind: to === "committed" ? "commit" : "release", onHandChange, reservedChange: -line.quantity, reservationId: target.reservationId },
        context,
      );
      await tx
        .updateTable("reservation_lines")
        .set({ state: to })
        .where("reservation_id", "=", target.reservationId)
        .where("sku", "=", line.sku)
        .where("warehouse", "=", line.warehouse)
        .execute();
      line.state = to;
    }
    const state = summaryState(all);
    if (state !== header.state) await tx.updateTable("reservations").set({ state, updated_at: at }).where("id", "=", target.reservationId).execute();
    return { id: header.id, orderNo: header.order_no, state, lines: all };
  });
}

function summaryState(lines: readonly ReservedLine[]): ReservationState {
  if (lines.some((line) => line.state === "reserved")) return "reserved";
  return lines.some((line) => line.state === "committed") ? "committed" : "released";
}

async function linesOf(db: Kysely<Database>, reservationId: string): Promise<ReservedLine[]> {
  const rows = await db.selectFrom("reservation_lines").select(["sku", "warehouse", "quantity", "state"]).where("reservation_id", "=", reservationId).execute();
  return rows.sort(compareLines);
}

/** The reservation made before under this id, when it asked for the same lines; anything else is a mistake worth stopping for. */
async function sameReservation(tx: Kysely<Database>, reservationId: string, lines: readonly StockLine[]): Promise<Reservation> {
  const existing = (await findReservation(tx, reservationId))!;
  const describe = (list: readonly StockLine[]) => list.map((line) => `${line.sku}×${line.quantity}@${line.warehouse}`).join(", ");
  if (describe(existing.lines) !== describe(lines)) {
    throw new InventoryError(
      "key_reused",
      `reservationId "${reservationId}" was used before for other lines (${describe(existing.lines)}, now ${describe(lines)}); use a new reservation id for a different request`,
    );
  }
  return existing;
}

/**
 * What each line lacks, read just after line `failed` could not be
 * reserved, in the same transaction: the lines before it are held by this
 * very reservation, so their quantities count as free.
 */
async function shortages(tx: Kysely<Database>, lines: readonly StockLine[], failed: number): Promise<Shortage[]> {
  const rows = await tx
    .selectFrom("stock")
    .select(["sku", "warehouse", sql<number>`on_hand - reserved`.as("available")])
    .where("sku", "in", [...new Set(lines.map((line) => line.sku))])
    .execute();
  const free = new Map(rows.map((row) => [`${row.sku}\u0000${row.warehouse}`, row.available]));
  return lines.flatMap((line, index) => {
    const available = (free.get(`${line.sku}\u0000${line.warehouse}`) ?? 0) + (index < failed ? line.quantity : 0);
    return available < line.quantity || index === failed ? [{ sku: line.sku, warehouse: line.warehouse, requested: line.quantity, available }] : [];
  });
}

function checkReservationId(id: unknown): void {
  if (typeof id !== "string" || id.trim() === "") throw new InventoryError("invalid_input", `reservationId must be a non-empty text (the step's idempotency key), got ${JSON.stringify(id)}`);
}
