/**
 * The order JSON the shop's own site sends, and its mapping to the canonical
 * order. The payload is checked against its schema first, so a shop that
 * sends something else learns which field (`order.items[0].price`) is wrong.
 */
import { checkAgainst, describeProblems, rejectWebhook, toMoney, Type, type CanonicalOrder, type Static } from "@orderflow/connector-sdk";

const Amount = Type.Union([Type.String(), Type.Number()]);

export const ShopOrderSchema = Type.Object({
  number: Type.String({ minLength: 1 }),
  created_at: Type.String({ format: "date-time" }),
  paid_at: Type.Optional(Type.Union([Type.String({ format: "date-time" }), Type.Null()])),
  status: Type.Union(["pending", "paid", "shipped", "completed", "cancelled"].map((s) => Type.Literal(s))),
  currency: Type.Optional(Type.String({ pattern: "^[A-Z]{3}$" })),
  customer: Type.Object({ id: Type.Optional(Type.String()), name: Type.String(), phone: Type.String() }),
  shipping_address: Type.Object({
    province: Type.String(),
    city: Type.String(),
    district: Type.Optional(Type.String()),
    street: Type.String(),
    postcode: Type.Optional(Type.String()),
  }),
  items: Type.Array(
    Type.Object({ sku: Type.String({ minLength: 1 }), title: Type.String({ minLength: 1 }), quantity: Type.Integer({ minimum: 1 }), price: Amount, category: Type.Optional(Type.String()) }),
    { minItems: 1 },
  ),
  shipping_fee: Type.Optional(Amount),
  discount: Type.Optional(Amount),
  total: Amount,
  note: Type.Optional(Type.String()),
  delivery: Type.Optional(Type.Union(["standard", "express", "next_day", "same_day"].map((s) => Type.Literal(s)))),
});

export type ShopOrder = Static<typeof ShopOrderSchema>;

const PLATFORM_STATUS = { pending: "awaiting_payment", paid: "awaiting_shipment", shipped: "shipped", completed: "completed", cancelled: "cancelled" } as const;

/** Checks a payload's order; refuses it (422) with every field at fault. */
export function readShopOrder(value: unknown, path: string): ShopOrder {
  const problems = checkAgainst(ShopOrderSchema, value, path);
  if (problems.length > 0) rejectWebhook(422, `the order is not in the shop's order format: ${describeProblems(problems)}`);
  return value as ShopOrder;
}

export function toCanonicalOrder(order: ShopOrder, shop: string, raw: unknown): CanonicalOrder {
  const paid = order.paid_at !== undefined && order.paid_at !== null;
  const money = (value: string | number, field: string) => {
    try {
      return toMoney(value);
    } catch (error) {
      return rejectWebhook(422, `order.${field}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    channel: "webhook_shop",
    shop,
    platformOrderNo: order.number,
    createdAt: order.created_at,
    ...(paid ? { paidAt: order.paid_at! } : {}),
    platformStatus: PLATFORM_STATUS[order.status as keyof typeof PLATFORM_STATUS],
    paymentStatus: order.status === "pending" ? "unpaid" : order.status === "cancelled" ? (paid ? "refunded" : "unpaid") : "paid",
    buyer: { name: order.customer.name, phone: order.customer.phone, ...(order.customer.id ? { platformBuyerId: order.customer.id } : {}) },
    address: {
      province: order.shipping_address.province,
      city: order.shipping_address.city,
      district: order.shipping_address.district ?? "",
      detail: order.shipping_address.street,
      ...(order.shipping_address.postcode ? { postalCode: order.shipping_address.postcode } : {}),
    },
    lines: order.items.map((item, i) => ({
      sku: item.sku,
      name: item.title,
      quantity: item.quantity,
      unitPrice: money(item.price, `items[${i}].price`),
      ...(item.category ? { category: item.category } : {}),
    })),
    currency: order.currency ?? "CNY",
    shippingFee: money(order.shipping_fee ?? 0, "shipping_fee"),
    discount: money(order.discount ?? 0, "discount"),
    total: money(order.total, "total"),
    buyerNote: order.note ?? "",
    deliverySpeed: (order.delivery ?? "standard") as CanonicalOrder["deliverySpeed"],
    raw,
  };
}

/** The dedupe key of an order of this shop, the same whichever way (webhook, reconciliation) it arrives. */
export function orderKey(shop: string, number: string): string {
  return `webhook_shop:${shop}:order:${number}`;
}
