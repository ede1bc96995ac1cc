/** Reading orders for the order centre: a search over the columns staff know, and one order with everything that happened to it. */
import { BUILT_IN_ORDER_STATUSES } from "@orderflow/engine/definition";
import type { Static } from "@sinclair/typebox";
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from "kysely";
import { readHistory } from "../../storage/history";
import type { Database, OrdersTable } from "../../storage/schema";
import type { Deps } from "../env";
import { invalidRequest, notFound } from "../errors";
import type { OrderDetail, OrderPage, OrderSearchQuery, OrderSummary } from "../schemas/orders";
import { toTimeline } from "../timeline";
import { toInstanceState } from "./instances";

type Search = Static<typeof OrderSearchQuery>;
type Where = ExpressionBuilder<Database, "orders">;

type OrderRow = Selectable<OrdersTable> & { in_exception: SqlBool };

/** Whether an instance working on the order waits in the exceptions list. */
const inException = (eb: Where) =>
  eb.exists(eb.selectFrom("instances").select(sql`1`.as("one")).whereRef("instances.order_id", "=", "orders.id").where(sql<SqlBool>`cardinality(instances.exceptions) > 0`));

const builtInNames = new Map(BUILT_IN_ORDER_STATUSES.map((status) => [status.code, status.name as { zh?: string; en?: string }]));

/** The name the flow gave the status when it set it; a built-in status's own name; else the code itself, in both languages. */
function statusName(row: Selectable<OrdersTable>): { zh?: string; en?: string } {
  return row.status_name ?? builtInNames.get(row.status) ?? { zh: row.status, en: row.status };
}

function toSummary(row: OrderRow): Static<typeof OrderSummary> {
  return {
    id: row.id,
    channel: row.channel,
    shop: row.shop,
    platformOrderNo: row.platform_order_no,
    buyerName: row.buyer_name,
    phone: row.phone,
    status: row.status,
    statusName: statusName(row),
    inException: Boolean(row.in_exception),
    total: row.total,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Orders matching every filter given, newest first, a page at a time. The
 * cursor is the last order of the previous page: the next page starts
 * strictly after it, so orders arriving meanwhile never shift a page.
 */
export async function searchOrders(db: Kysely<Database>, search: Search): Promise<Static<typeof OrderPage>> {
  const limit = search.limit ?? 50;
  let query = db.selectFrom("orders").selectAll().select((eb) => inException(eb).as("in_exception"));
  if (search.cursor !== undefined) {
    const after = await db.selectFrom("orders").select("id").where("id", "=", search.cursor).executeTakeFirst();
    if (!after) throw invalidRequest("query", [{ field: "cursor", message: `no order has the id "${search.cursor}": pass the nextCursor of the previous page as it came` }]);
    query = query.where(sql<SqlBool>`(orders.created_at, orders.id) < (select o.created_at, o.id from orders o where o.id = ${search.cursor})`);
  }
  query = query.where((eb) => eb.and(filters(eb, search)));
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return { orders: page.map(toSummary), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}

function filters(eb: Where, search: Search): Expression<SqlBool>[] {
  const found: Expression<SqlBool>[] = [];
  if (search.q !== undefined) found.push(anyColumn(eb, search.q.trim()));
  if (search.id !== undefined) found.push(eb("id", "=", search.id.trim().toUpperCase()));
  if (search.platformOrderNo !== undefined) found.push(startsWith(sql.ref("platform_order_no"), search.platformOrderNo.trim()));
  if (search.buyer !== undefined) found.push(startsWith(sql`lower(buyer_name)`, search.buyer.trim().toLowerCase()));
  if (search.phone !== undefined) found.push(phoneMatches(search.phone));
  if (search.status !== undefined) found.push(eb("status", "=", search.status));
  if (search.inException !== undefined) found.push(search.inException ? inException(eb) : eb.not(inException(eb)));
  if (search.channel !== undefined) found.push(eb("channel", "=", search.channel));
  if (search.shop !== undefined) found.push(eb("shop", "=", search.shop));
  if (search.createdFrom !== undefined) found.push(eb("created_at", ">=", new Date(search.createdFrom)));
  if (search.createdTo !== undefined) found.push(eb("created_at", "<", new Date(search.createdTo)));
  return found;
}

/** The one search box: whichever of the id, platform number, phone or buyer the text can be. */
function anyColumn(eb: Where, text: string): Expression<SqlBool> {
  const branches = [eb("id", "=", text.toUpperCase()), startsWith(sql.ref("platform_order_no"), text), startsWith(sql`lower(buyer_name)`, text.toLowerCase())];
  if (/^\+?[0-9 -]{4,20}$/.test(text)) branches.push(phoneMatches(text));
  return eb.or(branches);
}

/** Four digits are the end of a phone number; more are the number or its start. */
function phoneMatches(phone: string): Expression<SqlBool> {
  const digits = phone.replace(/[ -]/g, "");
  return digits.length === 4 ? sql<SqlBool>`right(phone, 4) = ${digits}` : startsWith(sql.ref("phone"), digits);
}

function startsWith(column: Expression<unknown>, prefix: string): Expression<SqlBool> {
  return sql<SqlBool>`${column} like ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
}

/** An order with its instances and their timelines merged in the order things happened. */
export async function orderDetail({ db, execution }: Deps, id: string): Promise<Static<typeof OrderDetail>> {
  const order = await db.selectFrom("orders").selectAll().select((eb) => inException(eb).as("in_exception")).where("id", "=", id).executeTakeFirst();
  if (!order) throw notFound(`No order "${id}": give the global order id (e.g. DB20261122000123); search with GET /orders?q=… when you have another number`);
  const instances = await db.selectFrom("instances").selectAll().where("order_id", "=", id).orderBy("created_at").orderBy("flow_id").orderBy("id").execute();
  const history = await readHistory(db, instances.map((row) => row.id));
  const timeline = [];
  for (const instance of instances) {
    const compiled = await execution.flows.get(db, instance.flow_id, instance.flow_version);
    const entries = toTimeline(history.filter((entry) => entry.instanceId === instance.id), compiled);
    timeline.push(...entries.map((entry) => ({ ...entry, instanceId: instance.id })));
  }
  // Stable: entries at the same moment keep their instance's order and sequence.
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  return { ...toSummary(order), data: order.data, raw: order.raw, instances: instances.map(toInstanceState), timeline };
}
