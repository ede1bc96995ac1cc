/**
 * A JD POP order as `jingdong.pop.order.search` / `.get` return it
 * (OrderSearchInfo), and its mapping to the canonical order. The order is
 * checked against the fields the mapping reads first, so an order JOS sends
 * in another shape is named by its field (`order.itemInfoList[0].itemTotal`).
 */
import { checkAgainst, describeProblems, fromBeijingTime, toMoney, Type, type CanonicalOrder, type PaymentStatus, type PlatformStatus, type Static, type TriggerEvent } from "@orderflow/connector-sdk";

const Amount = Type.Union([Type.String(), Type.Number()]);
const Count = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: "^[1-9][0-9]*$" })]);
const JdTime = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$" });

/** The order fields the connector asks JOS for (`optional_fields`) and reads. */
export const ORDER_FIELDS = [
  "orderId", "venderId", "payType", "orderTotalPrice", "orderSellerPrice", "orderPayment", "freightPrice", "sellerDiscount", "orderState", "orderStateRemark",
  "deliveryType", "orderRemark", "orderStartTime", "paymentConfirmTime", "modified", "consigneeInfo", "itemInfoList", "pin", "waybill", "logisticsId",
].join(",");

export const JdOrderSchema = Type.Object({
  orderId: Type.Union([Type.String({ minLength: 1 }), Type.Integer()]),
  payType: Type.Optional(Type.String()),
  orderTotalPrice: Type.Optional(Amount),
  orderSellerPrice: Type.Optional(Amount),
  orderPayment: Amount,
  freightPrice: Type.Optional(Amount),
  sellerDiscount: Type.Optional(Amount),
  orderState: Type.String({ minLength: 1 }),
  orderRemark: Type.Optional(Type.String()),
  orderStartTime: JdTime,
  paymentConfirmTime: Type.Optional(Type.String()),
  modified: Type.Optional(JdTime),
  pin: Type.Optional(Type.String()),
  waybill: Type.Optional(Type.String()),
  consigneeInfo: Type.Object({
    fullname: Type.String(),
    mobile: Type.Optional(Type.String()),
    telephone: Type.Optional(Type.String()),
    province: Type.String(),
    city: Type.String(),
    county: Type.Optional(Type.String()),
    town: Type.Optional(Type.String()),
    fullAddress: Type.String(),
  }),
  itemInfoList: Type.Array(
    Type.Object({
      skuId: Type.Union([Type.String({ minLength: 1 }), Type.Integer()]),
      outerSkuId: Type.Optional(Type.String()),
      skuName: Type.String({ minLength: 1 }),
      jdPrice: Amount,
      itemTotal: Count,
    }),
    { minItems: 1 },
  ),
});

export type JdOrder = Static<typeof JdOrderSchema>;

/** JOS order states, as the canonical order's platform status; LOCKED and POP_ORDER_PAUSE are holds (see orderEvent). */
export const ORDER_STATES: Record<string, PlatformStatus> = {
  WAIT_SELLER_STOCK_OUT: "awaiting_shipment",
  WAIT_SELLER_DELIVERY: "awaiting_shipment",
  SEND_TO_DISTRIBUTION_CENER: "shipped",
  DISTRIBUTION_CENTER_RECEIVED: "shipped",
  WAIT_GOODS_RECEIVE_CONFIRM: "shipped",
  RECEIPTS_CONFIRM: "shipped",
  FINISHED_L: "completed",
  TRADE_CANCELED: "cancelled",
  LOCKED: "awaiting_shipment",
  POP_ORDER_PAUSE: "awaiting_shipment",
};

/** States in which the goods have left: a shipment pushed again is already recorded. */
export const SHIPPED_STATES = new Set(["SEND_TO_DISTRIBUTION_CENER", "DISTRIBUTION_CENTER_RECEIVED", "WAIT_GOODS_RECEIVE_CONFIRM", "RECEIPTS_CONFIRM", "FINISHED_L"]);
const HOLD_STATES = new Set(["LOCKED", "POP_ORDER_PAUSE"]);

export class OrderMappingError extends Error {
  override name = "OrderMappingError";
}

export function readOrder(value: unknown): JdOrder {
  const problems = checkAgainst(JdOrderSchema, value, "order");
  if (problems.length > 0) throw new OrderMappingError(`the order is not in JOS's order format: ${describeProblems(problems)}`);
  const order = value as JdOrder;
  if (!(order.orderState in ORDER_STATES)) throw new OrderMappingError(`order.orderState "${order.orderState}" is not a JOS order state orderflow knows (${Object.keys(ORDER_STATES).join(", ")})`);
  return order;
}

function money(value: string | number | undefined, field: string): string {
  try {
    return toMoney(value ?? 0);
  } catch (error) {
    throw new OrderMappingError(`order.${field}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function paymentStatus(order: JdOrder, status: PlatformStatus): PaymentStatus {
  const paid = Boolean(order.paymentConfirmTime && fromBeijingTime(order.paymentConfirmTime));
  if (status === "cancelled") return paid ? "refunded" : "unpaid";
  // payType "1" is 货到付款 (cash on delivery).
  if (order.payType?.split("-")[0] === "1") return "cod";
  return "paid";
}

export function toCanonicalOrder(order: JdOrder, shop: string, raw: unknown): CanonicalOrder {
  const platformStatus = ORDER_STATES[order.orderState]!;
  const paidAt = order.paymentConfirmTime ? fromBeijingTime(order.paymentConfirmTime) : null;
  const consignee = order.consigneeInfo;
  const located = [consignee.province, consignee.city, consignee.county ?? "", consignee.town ?? ""].join("");
  return {
    channel: "jd",
    shop,
    platformOrderNo: String(order.orderId),
    createdAt: fromBeijingTime(order.orderStartTime)!,
    ...(paidAt ? { paidAt } : {}),
    platformStatus,
    paymentStatus: paymentStatus(order, platformStatus),
    buyer: { name: consignee.fullname, phone: consignee.mobile || consignee.telephone || "", ...(order.pin ? { platformBuyerId: order.pin } : {}) },
    address: {
      province: consignee.province,
      city: consignee.city,
      district: consignee.county ?? "",
      // fullAddress repeats province, city, county and town before the street; the detail is what follows them.
      detail: consignee.fullAddress.startsWith(located) && consignee.fullAddress.length > located.length ? consignee.fullAddress.slice(located.length).trim() : consignee.fullAddress,
    },
    lines: order.itemInfoList.map((item, i) => ({
      sku: item.outerSkuId || String(item.skuId),
      name: item.skuName,
      quantity: Number(item.itemTotal),
      unitPrice: money(item.jdPrice, `itemInfoList[${i}].jdPrice`),
    })),
    currency: "CNY",
    shippingFee: money(order.freightPrice, "freightPrice"),
    discount: money(order.sellerDiscount, "sellerDiscount"),
    total: money(order.orderPayment, "orderPayment"),
    buyerNote: order.orderRemark ?? "",
    deliverySpeed: "standard",
    raw,
  };
}

/** The dedupe key of an order of this shop, however it arrives. */
export function orderKey(shop: string, orderId: string): string {
  return `jd:${shop}:order:${orderId}`;
}

/**
 * What an order read from JOS means for the flows: an order (once, by its
 * id); a cancelled one an `order.cancelled` message; a held one (LOCKED, a
 * cancellation being asked; POP_ORDER_PAUSE) an `order.on_hold` message for
 * the flow handling it, so it does not ship unawares. A held order nobody has
 * seen yet becomes an order once the hold is lifted.
 */
export function orderEvent(value: unknown, shop: string): TriggerEvent {
  let order: JdOrder;
  try {
    order = readOrder(value);
  } catch (error) {
    return { kind: "ignored", dedupeKey: null, reason: `order ${String((value as { orderId?: unknown } | null)?.orderId)} could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const id = String(order.orderId);
  if (order.orderState === "TRADE_CANCELED") return { kind: "message", dedupeKey: `jd:${shop}:order.cancelled:${id}`, event: "order.cancelled", correlation: id, payload: { order } };
  // Keyed by when the hold was set, so a second hold later is news again.
  if (HOLD_STATES.has(order.orderState)) return { kind: "message", dedupeKey: `jd:${shop}:order.on_hold:${id}:${order.modified ?? ""}`, event: "order.on_hold", correlation: id, payload: { order } };
  try {
    return { kind: "order", dedupeKey: orderKey(shop, id), order: toCanonicalOrder(order, shop, { order }) };
  } catch (error) {
    return { kind: "ignored", dedupeKey: null, reason: `order ${id} could not be mapped: ${error instanceof Error ? error.message : String(error)}` };
  }
}
