/**
 * The canonical order: the one shape every sales connector maps its
 * platform's order to, and the input every order flow sees. Field names are
 * the ones the flows' rules use (`input.address.city`, `input.paymentStatus`).
 *
 * - Money: decimal strings in the major unit with a `currency` (see money.ts).
 * - Time: ISO 8601 with an offset, as the platform stated it.
 * - `raw`: the platform's payload as received, kept so nothing it said is lost.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import type { LocalizedText } from "../localized";
import { checkAgainst, type FieldProblem } from "../validation/schema-validator";
import { MONEY_PATTERN } from "./money";

const Money = (description: string) => Type.String({ pattern: MONEY_PATTERN, description });
const Text = (description: string) => Type.String({ minLength: 1, description });

function enumOf<const V extends string>(values: Record<V, LocalizedText>, description: string) {
  return Type.Unsafe<V>({ type: "string", enum: Object.keys(values), description });
}

/** Whether the buyer has paid; `cod` is cash on delivery (nothing paid yet, but the order may ship). */
export const PAYMENT_STATUSES = {
  unpaid: { zh: "未付款", en: "Unpaid" },
  paid: { zh: "已付款", en: "Paid" },
  partially_refunded: { zh: "部分退款", en: "Partially refunded" },
  refunded: { zh: "已退款", en: "Refunded" },
  cod: { zh: "货到付款", en: "Cash on delivery" },
} as const satisfies Record<string, LocalizedText>;

/** The delivery speed the buyer asked (and usually paid) for. */
export const DELIVERY_SPEEDS = {
  standard: { zh: "标准", en: "Standard" },
  express: { zh: "加急", en: "Express" },
  next_day: { zh: "次日达", en: "Next day" },
  same_day: { zh: "当日达", en: "Same day" },
} as const satisfies Record<string, LocalizedText>;

/** Where the order stands on the platform when the connector reads it. */
export const PLATFORM_STATUSES = {
  awaiting_payment: { zh: "待付款", en: "Awaiting payment" },
  awaiting_shipment: { zh: "待发货", en: "Awaiting shipment" },
  shipped: { zh: "已发货", en: "Shipped" },
  completed: { zh: "已完成", en: "Completed" },
  cancelled: { zh: "已取消", en: "Cancelled" },
} as const satisfies Record<string, LocalizedText>;

export type PaymentStatus = keyof typeof PAYMENT_STATUSES;
export type DeliverySpeed = keyof typeof DELIVERY_SPEEDS;
export type PlatformStatus = keyof typeof PLATFORM_STATUSES;

export const OrderLineSchema = Type.Object(
  {
    sku: Text("The shop's SKU code (the platform's outer id), which stock and picking use"),
    name: Text("The product name as sold"),
    quantity: Type.Integer({ minimum: 1 }),
    unitPrice: Money("Price of one unit as sold, before order-level discounts"),
    category: Type.Optional(Text("Product category, for routing rules; absent when the platform gives none")),
  },
  { additionalProperties: false },
);

export const CanonicalOrderSchema = Type.Object(
  {
    channel: Type.String({ pattern: "^[a-z][a-z0-9_]*$", description: "The sales connector's id, e.g. taobao" }),
    shop: Text("The shop on that channel"),
    platformOrderNo: Text("The platform's own order number"),
    createdAt: Type.String({ format: "date-time", description: "When the buyer placed the order" }),
    paidAt: Type.Optional(Type.String({ format: "date-time" })),
    platformStatus: enumOf(PLATFORM_STATUSES, "Where the order stands on the platform"),
    paymentStatus: enumOf(PAYMENT_STATUSES, "Whether the buyer has paid"),
    buyer: Type.Object(
      {
        name: Type.String({ description: "As the platform gives it; may be masked" }),
        phone: Type.String({ description: "As the platform gives it; may be masked or a virtual number" }),
        platformBuyerId: Type.Optional(Text("The buyer's id on the platform")),
      },
      { additionalProperties: false },
    ),
    address: Type.Object(
      {
        province: Type.String(),
        city: Type.String(),
        district: Type.String(),
        detail: Type.String({ description: "Street, building and room" }),
        postalCode: Type.Optional(Type.String()),
      },
      { additionalProperties: false, description: "Empty strings where the platform left a part out, so an address-check rule can see it" },
    ),
    lines: Type.Array(OrderLineSchema, { minItems: 1 }),
    currency: Type.String({ pattern: "^[A-Z]{3}$", description: "ISO 4217, e.g. CNY" }),
    shippingFee: Money("What the buyer pays for delivery"),
    discount: Money("Order-level discounts, as a positive amount"),
    total: Money("What the buyer pays in all: lines + shipping − discount"),
    buyerNote: Type.String({ description: "The buyer's message to the shop; empty when none" }),
    deliverySpeed: enumOf(DELIVERY_SPEEDS, "The delivery speed the buyer asked for"),
    raw: Type.Unknown({ description: "The platform's payload as received" }),
  },
  { additionalProperties: false },
);

export type CanonicalOrder = Static<typeof CanonicalOrderSchema>;
export type OrderLine = Static<typeof OrderLineSchema>;

/**
 * Every problem with an order, each with its field path
 * (`lines[0].quantity: must be >= 1`); empty when the order is canonical.
 */
export function checkCanonicalOrder(order: unknown): FieldProblem[] {
  return checkAgainst(CanonicalOrderSchema as TSchema, order, "");
}

/**
 * The order as the server's intake takes it (its `IncomingOrder`): the
 * columns the order centre indexes, the canonical order as the flows'
 * input, and the raw payload kept beside it.
 */
export interface IncomingOrderShape {
  channel: string;
  shop: string;
  platformOrderNo: string;
  buyerName?: string | null;
  phone?: string | null;
  status?: string;
  total?: number | string;
  data: Record<string, unknown>;
  raw?: unknown;
}

export function toIncomingOrder(order: CanonicalOrder): IncomingOrderShape {
  const { raw, ...data } = order;
  return { channel: order.channel, shop: order.shop, platformOrderNo: order.platformOrderNo, buyerName: order.buyer.name, phone: order.buyer.phone, total: order.total, data, raw };
}
