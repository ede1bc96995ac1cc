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
import { inExecutionTransaction, startFlowIn, type Execution } from "../execution/apply-step";
import { json } from "../storage/json";
import { nextOrderId } from "../storage/orders";
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
  const orderId = await nextOrderId(execution.db, execution.clock());
  return inExecutionTransaction(execution, (tx) => receiveOrderIn(execution, tx, order, orderId, actor));
}

/**
 * The transactional part of intake, for callers that store more with the
 * order (a webhook stores the request it came in). `orderId` is allocated
 * beforehand with nextOrderId, outside any transaction.
 */
export async function receiveOrderIn(execution: Execution, tx: Transaction<Database>, order: IncomingOrder, orderId: string, actor: string | null): Promise<OrderReceipt> {
  const at = execution.clock();
  const stored = await tx
    .insertInto("orders")
    .values({
      id: orderId,
      channel: order.channel,
      shop: order.shop,
      platform_order_no: order.platformOrderNo,
      buyer_name: order.buyerName ?? null,
      phone: order.phone ?? null,
      status: order.status ?? "new",
      total: order.total ?? 0,
      data: json(order.data),
      raw: order.raw === undefined ? null : json(order.raw),
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(["channel", "shop", "platform_order_no"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!stored) return { status: "duplicate", orderId: (await findOrder(tx, order))! };

  const input = { ...order.data, orderNo: orderId, channel: order.channel, shop: order.shop, platformOrderNo: order.platformOrderNo };
  const instances: string[] = [];
  for (const flow of await orderFlows(tx, order, input)) {
    const { instanceId } = await startFlowIn(execution, tx, { flowId: flow.id, version: flow.version, input, orderId, actor });
    instances.push(instanceId);
  }
  return { status: "created", orderId, instances };
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

/** The newest published version of every flow started by orders, whose channels and filter take this order. */
async function orderFlows(tx: Transaction<Database>, order: IncomingOrder, input: Record<string, unknown>): Promise<{ id: string; version: number }[]> {
  const latest = await tx
    .selectFrom("flow_versions")
    .select(["flow_id", "version", sql<Trigger>`document -> 'trigger'`.as("trigger")])
    .distinctOn("flow_id")
    .orderBy("flow_id")
    .orderBy("version", "desc")
    .execute();
  return latest
    .filter(({ trigger }) => takesOrder(trigger, order, input))
    .map(({ flow_id, version }) => ({ id: flow_id, version }));
}

function takesOrder(trigger: Trigger, order: IncomingOrder, input: Record<string, unknown>): boolean {
  if (trigger?.type !== "order") return false;
  if (trigger.channels && !trigger.channels.includes(order.channel)) return false;
  if (trigger.filter === undefined) return true;
  try {
    return isTruthy(evaluateRule(trigger.filter, { input }));
  } catch {
    return false;
  }
}
