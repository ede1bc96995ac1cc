import { checkAgainst, describeProblems, rejectWebhook, toMoney, Type, type CanonicalOrder, type Static } from "@orderflow/connector-sdk";

export const MiniOrderSchema = Type.Object({
  no: Type.String({ minLength: 1 }),
  placed: Type.String({ format: "date-time" }),
  buyer: Type.String(),
  phone: Type.String(),
  province: Type.String(),
  city: Type.String(),
  address: Type.String(),
  items: Type.Array(Type.Object({ sku: Type.String({ minLength: 1 }), name: Type.String(), qty: Type.Integer({ minimum: 1 }), price: Type.String() }), { minItems: 1 }),
  total: Type.String(),
});
export type MiniOrder = Static<typeof MiniOrderSchema>;

export function readMiniOrder(value: unknown): MiniOrder {
  const problems = checkAgainst(MiniOrderSchema, value, "order");
  if (problems.length > 0) rejectWebhook(422, describeProblems(problems));
  return value as MiniOrder;
}

export const orderKey = (shop: string, no: string) => `mini_shop:${shop}:order:${no}`;

export function toCanonicalOrder(order: MiniOrder, shop: string, raw: unknown): CanonicalOrder {
  return {
    channel: "mini_shop",
    shop,
    platformOrderNo: order.no,
    createdAt: order.placed,
    platformStatus: "awaiting_shipment",
    paymentStatus: "paid",
    buyer: { name: order.buyer, phone: order.phone },
    address: { province: order.province, city: order.city, district: "", detail: order.address },
    lines: order.items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.qty, unitPrice: toMoney(i.price) })),
    currency: "CNY",
    shippingFee: "0.00",
    discount: "0.00",
    total: toMoney(order.total),
    buyerNote: "",
    deliverySpeed: "standard",
    raw,
  };
}
