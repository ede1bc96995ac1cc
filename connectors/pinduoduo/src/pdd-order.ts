/**
 * A Pinduoduo order as the incremental order listing returns it, and its
 * mapping to the canonical order. The order is checked against the fields
 * the mapping reads first, so an order PDD sends in another shape is named by
 * its field (`order.item_list[0].goods_count`) rather than mapped half-way.
 */
import { checkAgainst, describeProblems, fromBeijingTime, toMoney, Type, type CanonicalOrder, type PaymentStatus, type PlatformStatus, type Static, type TriggerEvent } from "@orderflow/connector-sdk";

const Amount = Type.Union([Type.String(), Type.Number()]);
const Count = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: "^[1-9][0-9]*$" })]);
const PddTime = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$" });

export const PddOrderSchema = Type.Object({
  order_sn: Type.String({ minLength: 1 }),
  /** 1 待发货, 2 已发货待签收, 3 已签收. */
  order_status: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
  /** 1 无售后或售后关闭, 2 售后处理中, 3 退款中, 4 退款成功. */
  refund_status: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]),
  /** 0 未成交 (group still forming), 1 已成交, 2 已取消. */
  confirm_status: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)])),
  created_time: PddTime,
  confirm_time: Type.Optional(Type.String()),
  pay_time: Type.Optional(Type.String()),
  updated_at: Type.Optional(PddTime),
  receiver_name: Type.String(),
  receiver_phone: Type.String(),
  province: Type.String(),
  city: Type.String(),
  town: Type.Optional(Type.String()),
  receiver_address: Type.Optional(Type.String()),
  address: Type.String(),
  item_list: Type.Array(
    Type.Object({
      goods_id: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
      sku_id: Type.Union([Type.String({ minLength: 1 }), Type.Integer()]),
      outer_id: Type.Optional(Type.String()),
      outer_goods_id: Type.Optional(Type.String()),
      goods_name: Type.String({ minLength: 1 }),
      goods_price: Amount,
      goods_count: Count,
      goods_spec: Type.Optional(Type.String()),
    }),
    { minItems: 1 },
  ),
  goods_amount: Type.Optional(Amount),
  discount_amount: Type.Optional(Amount),
  postage: Type.Optional(Amount),
  pay_amount: Amount,
  buyer_memo: Type.Optional(Type.String()),
  tracking_number: Type.Optional(Type.String()),
  logistics_id: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
});

export type PddOrder = Static<typeof PddOrderSchema>;

/** PDD's shipping status (order_status), as the canonical order's platform status. */
export const ORDER_STATUSES: Record<1 | 2 | 3, PlatformStatus> = { 1: "awaiting_shipment", 2: "shipped", 3: "completed" };

export class OrderMappingError extends Error {
  override name = "OrderMappingError";
}

export function readOrder(value: unknown): PddOrder {
  const problems = checkAgainst(PddOrderSchema, value, "order");
  if (problems.length > 0) throw new OrderMappingError(`the order is not in PDD's order format: ${describeProblems(problems)}`);
  return value as PddOrder;
}

function money(value: string | number | undefined, field: string): string {
  try {
    return toMoney(value ?? 0);
  } catch (error) {
    throw new OrderMappingError(`order.${field}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const cancelled = (order: PddOrder) => order.confirm_status === 2 || order.refund_status === 4;

function paymentStatus(order: PddOrder): PaymentStatus {
  if (order.refund_status === 4) return "refunded";
  return order.confirm_status === 2 ? "unpaid" : "paid";
}

export function toCanonicalOrder(order: PddOrder, shop: string, raw: unknown): CanonicalOrder {
  const paidAt = order.pay_time ? fromBeijingTime(order.pay_time) : null;
  return {
    channel: "pinduoduo",
    shop,
    platformOrderNo: order.order_sn,
    createdAt: fromBeijingTime(order.created_time)!,
    ...(paidAt ? { paidAt } : {}),
    platformStatus: cancelled(order) ? "cancelled" : ORDER_STATUSES[order.order_status],
    paymentStatus: paymentStatus(order),
    buyer: { name: order.receiver_name, phone: order.receiver_phone },
    address: { province: order.province, city: order.city, district: order.town ?? "", detail: order.receiver_address || order.address },
    lines: order.item_list.map((item, i) => ({
      sku: item.outer_id || item.outer_goods_id || String(item.sku_id),
      name: item.goods_spec ? `${item.goods_name} ${item.goods_spec}` : item.goods_name,
      quantity: Number(item.goods_count),
      unitPrice: money(item.goods_price, `item_list[${i}].goods_price`),
    })),
    currency: "CNY",
    shippingFee: money(order.postage, "postage"),
    discount: money(order.discount_amount, "discount_amount"),
    total: money(order.pay_amount, "pay_amount"),
    buyerNote: order.buyer_memo ?? "",
    deliverySpeed: "standard",
    raw,
  };
}

/** The dedupe key of an order of this shop, however it arrives. */
export function orderKey(shop: string, orderSn: string): string {
  return `pinduoduo:${shop}:order:${orderSn}`;
}

/**
 * What an order read from PDD means for the flows: a formed, paid order is an
 * order (once, by its number); one whose group is still forming is noted, and
 * becomes an order once formed; a cancelled or fully refunded one is an
 * `order.cancelled` message for the flow handling it.
 */
export function orderEvent(value: unknown, shop: string): TriggerEvent {
  let order: PddOrder;
  try {
    order = readOrder(value);
  } catch (error) {
    return { kind: "ignored", dedupeKey: null, reason: `order ${String((value as { order_sn?: unknown } | null)?.order_sn)} could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const sn = order.order_sn;
  if (order.confirm_status === 0) return { kind: "ignored", dedupeKey: `pinduoduo:${shop}:group_forming:${sn}`, reason: `order ${sn}: the group is still forming (confirm_status 0); it becomes an order once formed` };
  if (cancelled(order)) return { kind: "message", dedupeKey: `pinduoduo:${shop}:order.cancelled:${sn}`, event: "order.cancelled", correlation: sn, payload: { order } };
  try {
    return { kind: "order", dedupeKey: orderKey(shop, sn), order: toCanonicalOrder(order, shop, { order }) };
  } catch (error) {
    return { kind: "ignored", dedupeKey: null, reason: `order ${sn} could not be mapped: ${error instanceof Error ? error.message : String(error)}` };
  }
}
