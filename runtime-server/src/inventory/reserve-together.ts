/**
 * Reserving and routing for many orders at once, in the caller's
 * transaction: the inventory's inline actions (apply-step.ts runs them in
 * the transaction that received the orders).
 *
 * The stock rows of every SKU asked about are read once, and locked in
 * (sku, warehouse) order when anything is reserved, so no other
 * transaction can change them before this one commits: each request is
 * decided on exact figures, one after the other, the later ones seeing
 * what the earlier ones took. Then each table is written once for them all:
 * one update of the stock rows (the CHECK that nothing reserved exceeds
 * what is on hand is the last line of defence), one insert each of
 * reservations, their lines and the ledger. A request that cannot be met
 * changes nothing and gets its own error.
 *
 * Given the transaction's write batch, those writes join the batch's one
 * statement instead of a round trip of their own, however many rounds
 * reserve in the transaction (each stock row updated once, by the sum).
 * Until then they are pending, and written first whenever stock is read
 * again: by a later round that needs more SKUs, or by anything else that
 * reads or changes stock in the transaction (which calls `forgetStock`).
 *
 * @example
 * const results = await reserveTogether(tx, [{ kind: "reserve", reservationId: key, orderNo, lines, address, split: false, context }], batch);
 */
import { sql, type RawBuilder, type Transaction } from "kysely";
import { namedPart, type WriteBatch } from "../execution/write-batch";
import { groupBy } from "../group-by";
import { recordset, textArray } from "../storage/json";
import { prepared } from "../storage/prepared-statements";
import type { Database } from "../storage/schema";
import { InventoryError, OutOfStockError, type Shortage } from "./errors";
import { isLow, syncLowStockAlert, type ChangeContext, type StockRow } from "./ledger";
import { compareLines, mergeLines, type OrderLine, type StockLine } from "./lines";
import type { Destination, SplitPart, Verdict } from "./routing/decide";
import { candidatesOf, chooseParts, type Strategy } from "./routing/route-order";
import { requireWarehouses, toWarehouse, type Warehouse } from "./warehouses";

interface Routing {
  lines: readonly OrderLine[];
  address?: Destination | null;
  strategy?: Strategy;
}

export type TogetherRequest =
  | (Routing & { kind: "choose" | "split" })
  | (Routing & { kind: "reserve"; reservationId: string; orderNo: string | null; warehouse?: string; split: boolean; context: ChangeContext });

export interface TogetherResult {
  parts: SplitPart[];
  /** Absent when the request named its warehouse (nothing was chosen). */
  verdicts?: Verdict[];
  /** The lines reserved, for a reserve. */
  reserved?: StockLine[];
}

/**
 * What a transaction has read of the stock: the active warehouses and the
 * rows of some SKUs, locked by it when `locked`. A later round in the same
 * transaction (reserve, then route) decides on it without reading again;
 * it is exact as long as only this module changes those rows in the
 * transaction (`forgetStock` when anything else may have).
 */
interface StockView {
  warehouses: Warehouse[];
  rows: StockRow[];
  skus: Set<string>;
  locked: boolean;
  /** Reservations decided but not yet written (they go with the write batch's statement). */
  pending: Writes;
}

/** What reserving writes: reservations, their lines, ledger movements, and what is taken per stock row (by keyOf). */
interface Writes {
  reservations: object[];
  lines: object[];
  movements: object[];
  taken: Map<string, { sku: string; warehouse: string; quantity: number }>;
}

const noWrites = (): Writes => ({ reservations: [], lines: [], movements: [], taken: new Map() });

const views = new WeakMap<Transaction<Database>, StockView>();

/**
 * Stock is about to be read or changed in `tx` other than by
 * reserveTogether: the reservations still pending are written now, and the
 * next round reads the stock again.
 */
export async function forgetStock(tx: Transaction<Database>): Promise<void> {
  await writePending(tx);
  views.delete(tx);
}

/** The transaction's pending writes, which are then no longer pending. */
function takePending(tx: Transaction<Database>): Writes {
  const view = views.get(tx);
  if (!view) return noWrites();
  const writes = view.pending;
  view.pending = noWrites();
  return writes;
}

/** Writes the transaction's pending reservations now, in one statement. */
async function writePending(tx: Transaction<Database>): Promise<void> {
  const pending = takePending(tx);
  if (pending.reservations.length === 0) return;
  await sql`with ${sql.join(statementParts(pending).map(({ name, write }) => namedPart(name, write)))} select 1`.execute(tx);
}

/** The writes as the parts of one statement, by name. */
function statementParts(writes: Writes): { name: string; write: RawBuilder<unknown> }[] {
  return [
    { name: "new_reservations", write: sql`insert into reservations (id, order_no, actor, created_at, updated_at)
        select id, order_no, actor, now(), now() from ${recordset(writes.reservations, "id text, order_no text, actor text")}` },
    { name: "held", write: sql`update stock as s set reserved = s.reserved + r.quantity, updated_at = now()
        from ${recordset([...writes.taken.values()], "sku text, warehouse text, quantity int")}
        where s.sku = r.sku and s.warehouse = r.warehouse` },
    { name: "new_reservation_lines", write: sql`insert into reservation_lines (reservation_id, sku, warehouse, quantity)
        select reservation_id, sku, warehouse, quantity from ${recordset(writes.lines, "reservation_id text, sku text, warehouse text, quantity int")}` },
    { name: "ledger", write: sql`insert into stock_movements (at, sku, warehouse, kind, on_hand_change, reserved_change, on_hand_after, reserved_after, reservation_id, actor, reason)
        select now(), sku, warehouse, 'reserve', 0, reserved_change, on_hand_after, reserved_after, reservation_id, actor, reason
        from ${recordset(writes.movements, "sku text, warehouse text, reserved_change int, on_hand_after int, reserved_after int, reservation_id text, actor text, reason text")}` },
  ];
}

async function viewOf(tx: Transaction<Database>, skus: readonly string[], lock: boolean): Promise<StockView> {
  const known = views.get(tx);
  if (known && (known.locked || !lock) && skus.every((sku) => known.skus.has(sku))) return known;
  const wanted = [...new Set([...skus, ...(known?.skus ?? [])])].sort();
  // Rows read again must include what this transaction has already reserved.
  await writePending(tx);
  // One round trip: the rows (locked in the order sorted, when asked) and, the first time, the active warehouses.
  const { rows } = await prepared(sql<{ stock: StockRow[] | null; warehouses: Parameters<typeof toWarehouse>[0][] | null }>`select
      (select json_agg(s) from (select sku, warehouse, on_hand, reserved, safety_stock, low_stock_alert from stock
        where sku = any(${textArray(wanted)}) order by sku, warehouse ${lock ? sql`for update` : sql``}) s) as stock,
      ${known ? sql`null` : sql`(select json_agg(w order by w.id) from warehouses w where w.active)`} as warehouses`).execute(tx);
  const view = { warehouses: known?.warehouses ?? (rows[0]!.warehouses ?? []).map(toWarehouse), rows: rows[0]!.stock ?? [], skus: new Set(wanted), locked: lock, pending: noWrites() };
  views.set(tx, view);
  return view;
}

/**
 * Each request's result, or the error that left it undone. Throws only on
 * database trouble. With `batch`, the writes go in its statement (see above);
 * without, they are made before this returns.
 */
export async function reserveTogether(tx: Transaction<Database>, requests: readonly TogetherRequest[], batch?: WriteBatch): Promise<(TogetherResult | InventoryError)[]> {
  const reserving = requests.some((request) => request.kind === "reserve");
  const view = await viewOf(tx, requests.flatMap((request) => request.lines.map((line) => line.sku)), reserving);
  const { warehouses, rows } = view;
  const stock = new Map(rows.map((row) => [keyOf(row), row]));
  /** Each SKU's rows, one per warehouse stocking it: routing an order reads its own SKUs' rows only, not the whole group's. */
  const rowsOfSku = groupBy(rows, (row) => row.sku);
  const candidatesFor = (lines: readonly { sku: string }[]) => candidatesOf(warehouses, [...new Set(lines.map((line) => line.sku))].flatMap((sku) => rowsOfSku.get(sku) ?? []));

  // This call's reservations join the transaction's pending ones (each stock row's quantities summed: a statement may update a row once only).
  const writes = view.pending;
  /** The stock rows this call reserved from. */
  const touched = new Set<string>();
  const results: (TogetherResult | InventoryError)[] = [];
  for (const request of requests) {
    try {
      results.push(await decide(request));
    } catch (error) {
      if (!(error instanceof InventoryError)) throw error;
      results.push(error);
    }
  }
  if (touched.size > 0) await write();
  return results;

  async function decide(request: TogetherRequest): Promise<TogetherResult> {
    const lines = mergeLines(request.lines);
    const order = { lines, address: request.address };
    if (request.kind !== "reserve") return chooseParts(order, candidatesFor(lines), request.strategy, request.kind === "split");

    const chosen = request.warehouse !== undefined ? { parts: [{ warehouse: request.warehouse, lines }], verdicts: undefined } : chooseParts(order, candidatesFor(lines), request.strategy, request.split);
    const reserved = mergeLines(chosen.parts.flatMap((part) => part.lines.map((line) => ({ ...line, warehouse: part.warehouse }))));
    const short = reserved.flatMap((line): Shortage[] => {
      const row = stock.get(keyOf(line));
      const available = row ? row.on_hand - row.reserved : 0;
      return available < line.quantity ? [{ sku: line.sku, warehouse: line.warehouse, requested: line.quantity, available }] : [];
    });
    if (short.length > 0) {
      // Only now, off the hot path: a warehouse that does not exist is a mistake to name, not a shortage.
      if (request.warehouse !== undefined) await requireWarehouses(tx, [request.warehouse], "warehouse");
      throw new OutOfStockError(short);
    }

    const { context } = request;
    writes.reservations.push({ id: request.reservationId, order_no: request.orderNo, actor: context.actor ?? null });
    for (const line of reserved) {
      const row = stock.get(keyOf(line))!;
      row.reserved += line.quantity;
      touched.add(keyOf(line));
      const taken = writes.taken.get(keyOf(line));
      if (taken) taken.quantity += line.quantity;
      else writes.taken.set(keyOf(line), { sku: line.sku, warehouse: line.warehouse, quantity: line.quantity });
      writes.lines.push({ reservation_id: request.reservationId, sku: line.sku, warehouse: line.warehouse, quantity: line.quantity });
      writes.movements.push({
        sku: line.sku,
        warehouse: line.warehouse,
        reserved_change: line.quantity,
        on_hand_after: row.on_hand,
        reserved_after: row.reserved,
        reservation_id: request.reservationId,
        actor: context.actor ?? null,
        reason: context.reason ?? null,
      });
    }
    return { ...chosen, reserved };
  }

  async function write(): Promise<void> {
    const low = [...touched].map((key) => stock.get(key)!).filter((row) => isLow(row) && row.low_stock_alert === null);
    if (batch && low.length === 0) {
      batch.alsoAtFlush("reserved_stock", () => {
        const pending = takePending(tx);
        return pending.reservations.length === 0 ? [] : statementParts(pending);
      });
      return;
    }
    await writePending(tx);
    for (const row of low.sort(compareLines)) await syncLowStockAlert(tx, row, {});
    if (low.length > 0) views.delete(tx);
  }
}

function keyOf(line: { sku: string; warehouse: string }): string {
  return `${line.sku}\u0000${line.warehouse}`;
}
