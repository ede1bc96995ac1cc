/**
 * The Douyin shop order as order.orderDetail and order.searchList give it
 * (`shop_order_detail` / `shop_order_list[]`), and its mapping to the
 * canonical order. Amounts are integer fen, times Unix seconds; receiver
 * data comes encrypted and masked, and the masked form is what is mapped.
 */
import { checkAgainst, describeProblems, fromMinorUnits, rejectWebhook, Type, type CanonicalOrder, type PaymentStatus, type PlatformStatus, type Static } from "@orderflow/connector-sdk";

const Fen = Type.Integer({ minimum: 0 });
const Seconds = Type.Integer({ minimum: 0 });
const Named = Type.Optional(Type.Object({ name: Type.Optional(Type.String()) }));

/** order_status codes and what they mean on the platform. */
export const ORDER_STATUSES: Record<number, { zh: string; status: PlatformStatus }> = {
  1: { zh: "待确认/待支付", status: "awaiting_payment" },
  103: { zh: "部分支付", status: "awaiting_payment" },
  105: { zh: "已支付", status: "awaiting_shipment" },
  2: { zh: "备货中", status: "awaiting_shipment" },
  101: { zh: "部分发货", status: "awaiting_shipment" },
  3: { zh: "已发货", status: "shipped" },
  4: { zh: "已取消", status: "cancelled" },
  5: { zh: "已完成", status: "completed" },
};

/** pay_type 0 is cash on delivery (货到付款). */
const CASH_ON_DELIVERY = 0;

export const DouyinOrderSchema = Type.Object({
  order_id: Type.String({ pattern: "^[0-9]+$" }),
  order_status: Type.Integer(),
  order_status_desc: Type.Optional(Type.String()),
  pay_type: Type.Optional(Type.Integer()),
  create_time: Seconds,
  pay_time: Type.Optional(Seconds),
  update_time: Type.Optional(Seconds),
  order_amount: Type.Optional(Fen),
  pay_amount: Fen,
  post_amount: Type.Optional(Fen),
  promotion_amount: Type.Optional(Fen),
  buyer_words: Type.Optional(Type.String()),
  doudian_open_id: Type.Optional(Type.String()),
  mask_post_receiver: Type.Optional(Type.String()),
  mask_post_tel: Type.Optional(Type.String()),
  mask_post_addr: Type.Optional(Type.Object({ province: Named, city: Named, town: Named, street: Named, detail: Type.Optional(Type.String()) })),
  sku_order_list: Type.Array(
    Type.Object({
      order_id: Type.Optional(Type.String()),
      product_name: Type.String({ minLength: 1 }),
      sku_id: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
      code: Type.Optional(Type.String()),
      out_sku_id: Type.Optional(Type.String()),
      item_num: Type.Integer({ minimum: 1 }),
      origin_amount: Fen,
    }),
    { minItems: 1 },
  ),
  logistics_info: Type.Optional(Type.Array(Type.Object({ tracking_no: Type.Optional(Type.String()), company: Type.Optional(Type.String()), company_name: Type.Optional(Type.String()) }))),
});

export type DouyinOrder = Static<typeof DouyinOrderSchema>;

/** Checks an order; refuses it (422) with every field at fault. */
export function readDouyinOrder(value: unknown, path: string): DouyinOrder {
  const problems = checkAgainst(DouyinOrderSchema, value, path);
  if (problems.length > 0) rejectWebhook(422, `the order is not in Douyin's order format: ${describeProblems(problems)}`);
  const order = value as DouyinOrder;
  if (!(order.order_status in ORDER_STATUSES)) {
    rejectWebhook(422, `${path}.order_status ${order.order_status} is not a status orderflow knows (${Object.entries(ORDER_STATUSES).map(([code, s]) => `${code} ${s.zh}`).join(", ")})`);
  }
  return order;
}

/** Unix seconds as ISO 8601 in Beijing time, the platform's own zone. */
export function beijingIso(seconds: number): string {
  return `${new Date(seconds * 1000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

const yuan = (fen: number) => fromMinorUnits(BigInt(fen));

function paymentStatus(order: DouyinOrder, platform: PlatformStatus): PaymentStatus {
  const paid = (order.pay_time ?? 0) > 0;
  if (platform === "cancelled") return paid ? "refunded" : "unpaid";
  if (order.pay_type === CASH_ON_DELIVERY) return "cod";
  return platform === "awaiting_payment" ? "unpaid" : "paid";
}

export function toCanonicalOrder(order: DouyinOrder, shop: string, raw: unknown): CanonicalOrder {
  const platform = ORDER_STATUSES[order.order_status]!.status;
  const address = order.mask_post_addr ?? {};
  const payment = paymentStatus(order, platform);
  return {
    channel: "douyin",
    shop,
    platformOrderNo: order.order_id,
    createdAt: beijingIso(order.create_time),
    ...(order.pay_time ? { paidAt: beijingIso(order.pay_time) } : {}),
    platformStatus: platform,
    paymentStatus: payment,
    buyer: { name: order.mask_post_receiver ?? "", phone: order.mask_post_tel ?? "", ...(order.doudian_open_id ? { platformBuyerId: order.doudian_open_id } : {}) },
    address: {
      province: address.province?.name ?? "",
      city: address.city?.name ?? "",
      district: address.town?.name ?? "",
      detail: [address.street?.name, address.detail].filter((part) => part?.trim()).join(""),
    },
    lines: order.sku_order_list.map((sku, i) => {
      // origin_amount is the line's amount (price × quantity) in fen; a unit price that does not divide evenly is refused rather than rounded.
      if (sku.origin_amount % sku.item_num !== 0) rejectWebhook(422, `order.sku_order_list[${i}].origin_amount ${sku.origin_amount} fen does not divide by item_num ${sku.item_num}`);
      const outer = sku.code?.trim() || sku.out_sku_id?.trim();
      return {
        sku: outer || (sku.sku_id !== undefined ? `douyin-sku-${sku.sku_id}` : rejectWebhook(422, `order.sku_order_list[${i}] has neither a code (商家编码) nor a sku_id`)),
        name: sku.product_name,
        quantity: sku.item_num,
        unitPrice: yuan(sku.origin_amount / sku.item_num),
      };
    }),
    currency: "CNY",
    shippingFee: yuan(order.post_amount ?? 0),
    discount: yuan(order.promotion_amount ?? 0),
    total: yuan(order.pay_amount),
    buyerNote: order.buyer_words ?? "",
    deliverySpeed: "standard",
    raw,
  };
}

/** The dedupe key of an order of this shop, the same whichever way it arrives. */
export function orderKey(shop: string, orderId: string): string {
  return `douyin:${shop}:order:${orderId}`;
}
