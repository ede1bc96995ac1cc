/**
 * A Taobao/Tmall trade as `taobao.trade.fullinfo.get` returns it, and its
 * mapping to the canonical order. The trade is checked against the fields the
 * mapping reads first, so a trade TOP sends in another shape is named by its
 * field (`trade.orders.order[0].num`) rather than mapped half-way.
 */
import { checkAgainst, describeProblems, fromBeijingTime, toMoney, Type, type CanonicalOrder, type PaymentStatus, type PlatformStatus, type Static, type TriggerEvent } from "@orderflow/connector-sdk";

const Amount = Type.Union([Type.String(), Type.Number()]);
const Id = Type.Union([Type.String({ minLength: 1 }), Type.Integer()]);
const TopTime = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$" });

/** The trade fields the connector asks TOP for (`fields=`) and reads. */
export const TRADE_FIELDS = [
  "tid", "tid_str", "status", "type", "created", "pay_time", "modified", "buyer_nick", "buyer_open_uid", "buyer_message",
  "receiver_name", "receiver_mobile", "receiver_phone", "receiver_state", "receiver_city", "receiver_district", "receiver_town", "receiver_address", "receiver_zip",
  "payment", "total_fee", "post_fee", "discount_fee", "shipping_type",
  "orders.oid", "orders.title", "orders.num", "orders.price", "orders.outer_sku_id", "orders.outer_iid", "orders.sku_id", "orders.num_iid", "orders.refund_status", "orders.status", "orders.invoice_no", "orders.logistics_company",
].join(",");

export const TaobaoTradeSchema = Type.Object({
  tid: Id,
  tid_str: Type.Optional(Type.String()),
  status: Type.String({ minLength: 1 }),
  type: Type.Optional(Type.String()),
  created: TopTime,
  pay_time: Type.Optional(TopTime),
  modified: Type.Optional(TopTime),
  buyer_nick: Type.Optional(Type.String()),
  buyer_open_uid: Type.Optional(Type.String()),
  buyer_message: Type.Optional(Type.String()),
  receiver_name: Type.String(),
  receiver_mobile: Type.Optional(Type.String()),
  receiver_phone: Type.Optional(Type.String()),
  receiver_state: Type.String(),
  receiver_city: Type.String(),
  receiver_district: Type.Optional(Type.String()),
  receiver_town: Type.Optional(Type.String()),
  receiver_address: Type.String(),
  receiver_zip: Type.Optional(Type.String()),
  payment: Amount,
  total_fee: Type.Optional(Amount),
  post_fee: Type.Optional(Amount),
  discount_fee: Type.Optional(Amount),
  shipping_type: Type.Optional(Type.String()),
  orders: Type.Object({
    order: Type.Array(
      Type.Object({
        oid: Id,
        title: Type.String({ minLength: 1 }),
        num: Type.Integer({ minimum: 1 }),
        price: Amount,
        outer_sku_id: Type.Optional(Type.String()),
        outer_iid: Type.Optional(Type.String()),
        sku_id: Type.Optional(Type.String()),
        num_iid: Type.Optional(Id),
        refund_status: Type.Optional(Type.String()),
        status: Type.Optional(Type.String()),
        invoice_no: Type.Optional(Type.String()),
        logistics_company: Type.Optional(Type.String()),
      }),
      { minItems: 1 },
    ),
  }),
});

export type TaobaoTrade = Static<typeof TaobaoTradeSchema>;

/** TOP trade statuses, as the canonical order's platform status. */
export const TRADE_STATUSES: Record<string, PlatformStatus> = {
  TRADE_NO_CREATE_PAY: "awaiting_payment",
  WAIT_BUYER_PAY: "awaiting_payment",
  PAY_PENDING: "awaiting_payment",
  WAIT_PRE_AUTH_CONFIRM: "awaiting_payment",
  WAIT_SELLER_SEND_GOODS: "awaiting_shipment",
  // Part of the trade has left: the rest still waits for a shipment.
  SELLER_CONSIGNED_PART: "awaiting_shipment",
  PAID_FORBID_CONSIGN: "awaiting_shipment",
  WAIT_BUYER_CONFIRM_GOODS: "shipped",
  TRADE_BUYER_SIGNED: "shipped",
  TRADE_FINISHED: "completed",
  TRADE_CLOSED: "cancelled",
  TRADE_CLOSED_BY_TAOBAO: "cancelled",
};

/** Statuses in which the goods have left: a shipment pushed again is already recorded. */
export const CONSIGNED_STATUSES = new Set(["WAIT_BUYER_CONFIRM_GOODS", "TRADE_BUYER_SIGNED", "TRADE_FINISHED"]);

export class TradeMappingError extends Error {
  override name = "TradeMappingError";
}

export function tradeNumber(trade: { tid: string | number; tid_str?: string | undefined }): string {
  // Trade ids exceed 2^53; tid_str is exact where a JSON number may not be.
  return trade.tid_str ?? String(trade.tid);
}

/** Checks a trade; throws a TradeMappingError naming every field at fault. */
export function readTrade(value: unknown): TaobaoTrade {
  const problems = checkAgainst(TaobaoTradeSchema, value, "trade");
  if (problems.length > 0) throw new TradeMappingError(`the trade is not in TOP's trade format: ${describeProblems(problems)}`);
  const trade = value as TaobaoTrade;
  if (!(trade.status in TRADE_STATUSES)) throw new TradeMappingError(`trade.status "${trade.status}" is not a TOP trade status orderflow knows (${Object.keys(TRADE_STATUSES).join(", ")})`);
  return trade;
}

function money(value: string | number | undefined, field: string): string {
  try {
    return toMoney(value ?? 0);
  } catch (error) {
    throw new TradeMappingError(`trade.${field}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function paymentStatus(trade: TaobaoTrade, status: PlatformStatus): PaymentStatus {
  if (status === "awaiting_payment") return "unpaid";
  if (status === "cancelled") return trade.pay_time ? "refunded" : "unpaid";
  if (trade.type === "cod") return "cod";
  const refunded = trade.orders.order.filter((line) => line.refund_status === "SUCCESS").length;
  return refunded === 0 ? "paid" : refunded === trade.orders.order.length ? "refunded" : "partially_refunded";
}

export function toCanonicalOrder(trade: TaobaoTrade, shop: string, raw: unknown): CanonicalOrder {
  const platformStatus = TRADE_STATUSES[trade.status]!;
  const paidAt = trade.pay_time ? fromBeijingTime(trade.pay_time) : null;
  return {
    channel: "taobao",
    shop,
    platformOrderNo: tradeNumber(trade),
    createdAt: fromBeijingTime(trade.created)!,
    ...(paidAt ? { paidAt } : {}),
    platformStatus,
    paymentStatus: paymentStatus(trade, platformStatus),
    buyer: {
      name: trade.receiver_name,
      phone: trade.receiver_mobile || trade.receiver_phone || "",
      ...(trade.buyer_open_uid || trade.buyer_nick ? { platformBuyerId: (trade.buyer_open_uid || trade.buyer_nick)! } : {}),
    },
    address: {
      province: trade.receiver_state,
      city: trade.receiver_city,
      district: trade.receiver_district ?? "",
      detail: trade.receiver_town && !trade.receiver_address.startsWith(trade.receiver_town) ? `${trade.receiver_town}${trade.receiver_address}` : trade.receiver_address,
      ...(trade.receiver_zip ? { postalCode: trade.receiver_zip } : {}),
    },
    lines: trade.orders.order.map((line, i) => ({
      sku: line.outer_sku_id || line.outer_iid || line.sku_id || String(line.num_iid ?? line.oid),
      name: line.title,
      quantity: line.num,
      unitPrice: money(line.price, `orders.order[${i}].price`),
    })),
    currency: "CNY",
    shippingFee: money(trade.post_fee, "post_fee"),
    discount: money(trade.discount_fee, "discount_fee"),
    total: money(trade.payment, "payment"),
    buyerNote: trade.buyer_message ?? "",
    deliverySpeed: "standard",
    raw,
  };
}

/** The dedupe key of a trade of this shop, however it arrives. */
export function orderKey(shop: string, tid: string): string {
  return `taobao:${shop}:order:${tid}`;
}

/**
 * What a trade read from TOP means for the flows: a paid trade is an order
 * (once, by its tid); a trade awaiting payment is noted but not yet an order
 * (it becomes one when paid); a closed one is an `order.cancelled` message
 * for the flow handling that trade.
 */
export function tradeEvent(value: unknown, shop: string): TriggerEvent {
  let trade: TaobaoTrade;
  try {
    trade = readTrade(value);
  } catch (error) {
    const tid = (value as { tid_str?: unknown; tid?: unknown } | null)?.tid_str ?? (value as { tid?: unknown } | null)?.tid;
    return { kind: "ignored", dedupeKey: null, reason: `trade ${String(tid)} could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const tid = tradeNumber(trade);
  const status = TRADE_STATUSES[trade.status]!;
  if (status === "awaiting_payment") return { kind: "ignored", dedupeKey: `taobao:${shop}:awaiting_payment:${tid}`, reason: `trade ${tid} awaits payment (${trade.status}); it becomes an order once paid` };
  if (status === "cancelled") return { kind: "message", dedupeKey: `taobao:${shop}:order.cancelled:${tid}`, event: "order.cancelled", correlation: tid, payload: { trade } };
  try {
    return { kind: "order", dedupeKey: orderKey(shop, tid), order: toCanonicalOrder(trade, shop, { trade }) };
  } catch (error) {
    return { kind: "ignored", dedupeKey: null, reason: `trade ${tid} could not be mapped: ${error instanceof Error ? error.message : String(error)}` };
  }
}
