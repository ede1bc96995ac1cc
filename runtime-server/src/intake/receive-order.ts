/**
 * Order intake: every order from every channel enters here, exactly once.
 * An order is identified by its channel, shop and platform order number; the
 * same order arriving twice (a repeated webhook, a poll that overlaps one)
 * is recognised by the database's unique key and never processed twice. A
 * new order gets a global id (DB20261122000123) and starts every published
 * flow whose trigger is "order" and matches it, in the same transaction that
 * stores it.
 */
import { isTruthy, evaluateRule } from "@orderflow/engine/rules";
import type { Trigger } from "@orderflow/engine/definition";
import { sql, type Transaction } from "kysely";
import { flushBatch, inExecutionTransaction, startInBatch, type Execution } from "../execution/apply-step";
import { createWriteBatch, type WriteBatch } from "../execution/write-batch";
import { recordset } from "../storage/json";
import { prepared } from "../storage/prepared-statements";
import { nextOrderIds } from "../storage/orders";
import type { Database } from "../storage/schema";

/** An order as a sales connector hands it over. */
export interface IncomingOrder {
  channel: string;
  shop: string;
  platformOrderNo: string;
  buyerName?: string | null;
  phone?: string | null;
  status?: string;
  total?: number | string;
  /** The canonical order the flows see as their input. */
  data: Record<string, unknown>;
  /** The platform's payload as received, kept for inspection. */
  raw?: unknown;
}

export type OrderReceipt = { status: "created"; orderId: string; instances: string[] } | { status: "duplicate"; orderId: string };

/** Stores an order and starts its flows; a duplicate changes nothing and names the order it duplicates. */
export async function receiveOrder(execution: Execution, order: IncomingOrder, actor: string | null = null): Promise<OrderReceipt> {
  const known = await findOrder(execution.db, order);
  if (known) return { status: "duplicate", orderId: known };
  const [orderId] = await nextOrderIds(execution.db, execution.clock(), 1);
  return inExecutionTransaction(execution, async (tx) => {
    const batch = createWriteBatch();
    const [receipt] = await receiveOrdersIn(execution, tx, batch, [{ order, orderId: orderId!, actor }]);
    await flushBatch(execution, tx, batch);
    return receipt!;
  });
}

/** An order to store, with the global id allocated for it beforehand (nextOrderIds, outside any transaction). */
export interface OrderToStore {
  order: IncomingOrder;
  orderId: string;
  actor: string | null;
}

/**
 * The transactional part of intake, for many orders at once (a burst of
 * webhooks shares one transaction): one statement stores them all, the
 * database's unique key tells the new from the known, and the flows of the
 * new ones start into `batch`, which the caller flushes in the same
 * transaction. Receipts come in the order given.
 */
export async function receiveOrdersIn(execution: Execution, tx: Transaction<Database>, batch: WriteBatch, orders: readonly OrderToStore[]): Promise<OrderReceipt[]> {
  const at = execution.clock();
  const records = orders.map(({ order, orderId }) => ({
    id: orderId,
    channel: order.channel,
    shop: order.shop,
    platform_order_no: order.platformOrderNo,
    buyer_name: order.buyerName ?? null,
    phone: order.phone ?? null,
    status: order.status ?? "new",
    total: order.total ?? 0,
    data: order.data,
    // Wrapped in a list: a JSON null in a recordset would be an SQL null, and "no payload" is stored as SQL null.
    raw: order.raw === undefined ? null : [order.raw],
    created_at: at,
    updated_at: at,
  }));
  // One round trip: the orders stored (the unique key tells the new from the known) and the newest version of
  // each flow, whose trigger this process has kept since it first read it.
  const { rows } = await prepared(sql<{ created: string[] | null; flows: { id: string; version: number }[] | null }>`with
    stored as (insert into orders (id, channel, shop, platform_order_no, buyer_name, phone, status, total, data, raw, created_at, updated_at)
      select id, channel, shop, platform_order_no, buyer_name, phone, status, total, data, raw -> 0, created_at, updated_at
      from ${recordset(records, "id text, channel text, shop text, platform_order_no text, buyer_name text, phone text, status text, total numeric, data jsonb, raw jsonb, created_at timestamptz, updated_at timestamptz")}
      on conflict (channel, shop, platform_order_no) do nothing
      returning id),
    latest as (select distinct on (flow_id) flow_id as id, version from flow_versions order by flow_id, version desc)
    select (select json_agg(id) from stored) as created, (select json_agg(latest order by id) from latest) as flows`).execute(tx);
  const created = new Set(rows[0]!.created ?? []);
  const flows = await Promise.all((rows[0]!.flows ?? []).map(async ({ id, version }) => ({ id, version, trigger: await execution.flows.trigger(tx, id, version) })));
  const receipts: OrderReceipt[] = [];
  for (const { order, orderId, actor } of orders) {
    if (!created.has(orderId)) {
      receipts.push({ status: "duplicate", orderId: (await findOrder(tx, order))! });
      continue;
    }
    const input = { ...order.data, orderNo: orderId, channel: order.channel, shop: order.shop, platformOrderNo: order.platformOrderNo };
    const instances: string[] = [];
    for (const flow of flows.filter(({ trigger }) => takesOrder(trigger, order, input))) {
      const { instanceId } = await startInBatch(execution, tx, batch, { flowId: flow.id, version: flow.version, input, orderId, actor });
      instances.push(instanceId);
    }
    receipts.push({ status: "created", orderId, instances });
  }
  return receipts;
}

async function findOrder(db: Transaction<Database> | Execution["db"], order: IncomingOrder): Promise<string | undefined> {
  const row = await db
    .selectFrom("orders")
    .select("id")
    .where("channel", "=", order.channel)
    .where("shop", "=", order.shop)
    .where("platform_order_no", "=", order.platformOrderNo)
    .executeTakeFirst();
  return row?.id;
}

function takesOrder(trigger: Trigger | null, order: IncomingOrder, input: Record<string, unknown>): boolean {
  if (trigger?.type !== "order") return false;
  if (trigger.channels && !trigger.channels.includes(order.channel)) return false;
  if (trigger.filter === undefined) return true;
  try {
    return isTruthy(evaluateRule(trigger.filter, { input }));
  } catch {
    return false;
  }
}
