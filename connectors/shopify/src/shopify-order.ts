/**
 * Shopify's order as its webhooks deliver it (the REST resource's JSON:
 * `line_items`, `shipping_address`, `total_price`, `financial_status`…), and
 * its mapping to the canonical order. Orders listed over GraphQL are turned
 * into the same shape first (`fromGraphqlOrder`), so one mapping serves both
 * ways in and an order reads the same whichever way it came.
 */
import { checkAgainst, describeProblems, rejectWebhook, toMoney, Type, type CanonicalOrder, type PaymentStatus, type PlatformStatus, type Static } from "@orderflow/connector-sdk";

const Amount = Type.Union([Type.String(), Type.Number()]);
const Nullable = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
const Id = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: "^[0-9]+$" })]);

export const FINANCIAL_STATUSES = ["pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided", "expired"] as const;

export const ShopifyOrderSchema = Type.Object({
  id: Id,
  name: Type.Optional(Type.String()),
  created_at: Type.String({ format: "date-time" }),
  updated_at: Type.Optional(Type.String({ format: "date-time" })),
  cancelled_at: Nullable(Type.String({ format: "date-time" })),
  closed_at: Nullable(Type.String({ format: "date-time" })),
  currency: Type.String({ pattern: "^[A-Z]{3}$" }),
  total_price: Amount,
  total_discounts: Type.Optional(Amount),
  total_shipping_price_set: Type.Optional(Type.Object({ shop_money: Type.Object({ amount: Amount }) })),
  financial_status: Nullable(Type.Union(FINANCIAL_STATUSES.map((s) => Type.Literal(s)))),
  fulfillment_status: Nullable(Type.String()),
  payment_gateway_names: Type.Optional(Type.Array(Type.String())),
  note: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  customer: Nullable(Type.Object({ id: Type.Optional(Id), first_name: Nullable(Type.String()), last_name: Nullable(Type.String()), phone: Nullable(Type.String()) })),
  shipping_address: Nullable(
    Type.Object({
      name: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      province: Nullable(Type.String()),
      city: Nullable(Type.String()),
      address1: Nullable(Type.String()),
      address2: Nullable(Type.String()),
      zip: Nullable(Type.String()),
    }),
  ),
  line_items: Type.Array(
    Type.Object({
      sku: Nullable(Type.String()),
      variant_id: Nullable(Id),
      name: Nullable(Type.String()),
      title: Type.String({ minLength: 1 }),
      quantity: Type.Integer({ minimum: 1 }),
      price: Amount,
    }),
    { minItems: 1 },
  ),
});

export type ShopifyOrder = Static<typeof ShopifyOrderSchema>;

/** Checks a payload's order; refuses it (422) with every field at fault. */
export function readShopifyOrder(value: unknown, path: string): ShopifyOrder {
  const problems = checkAgainst(ShopifyOrderSchema, value, path);
  if (problems.length > 0) rejectWebhook(422, `the order is not in Shopify's order format: ${describeProblems(problems)}`);
  return value as ShopifyOrder;
}

function paymentStatus(order: ShopifyOrder): PaymentStatus {
  switch (order.financial_status) {
    case "paid":
    // Authorized: the buyer's payment is secured and Shopify captures it on fulfilment (or at once), so the order may ship.
    case "authorized":
      return "paid";
    case "partially_refunded":
      return "partially_refunded";
    case "refunded":
      return "refunded";
    default:
      return (order.payment_gateway_names ?? []).some((g) => /cash on delivery|\bcod\b/i.test(g)) ? "cod" : "unpaid";
  }
}

function platformStatus(order: ShopifyOrder, payment: PaymentStatus): PlatformStatus {
  if (order.cancelled_at) return "cancelled";
  if (order.fulfillment_status === "fulfilled") return order.closed_at ? "completed" : "shipped";
  return payment === "unpaid" ? "awaiting_payment" : "awaiting_shipment";
}

export function toCanonicalOrder(order: ShopifyOrder, shop: string, raw: unknown): CanonicalOrder {
  const money = (value: string | number, field: string) => {
    try {
      return toMoney(value);
    } catch (error) {
      return rejectWebhook(422, `order.${field}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const address = order.shipping_address ?? {};
  const customer = order.customer ?? {};
  const customerName = [customer.first_name, customer.last_name].filter(Boolean).join(" ");
  const payment = paymentStatus(order);
  return {
    channel: "shopify",
    shop,
    platformOrderNo: String(order.id),
    createdAt: order.created_at,
    platformStatus: platformStatus(order, payment),
    paymentStatus: payment,
    buyer: {
      name: address.name ?? customerName,
      phone: address.phone ?? order.phone ?? customer.phone ?? "",
      ...(customer.id !== undefined ? { platformBuyerId: String(customer.id) } : {}),
    },
    address: {
      province: address.province ?? "",
      city: address.city ?? "",
      district: "",
      detail: [address.address1, address.address2].filter((part) => part?.trim()).join(" "),
      ...(address.zip ? { postalCode: address.zip } : {}),
    },
    lines: order.line_items.map((item, i) => ({
      // A variant without a SKU still has to be told apart by stock and picking: its variant id stands in.
      sku: item.sku?.trim() || (item.variant_id ? `shopify-variant-${item.variant_id}` : rejectWebhook(422, `order.line_items[${i}] has neither a sku nor a variant_id: give the product variant a SKU in Shopify`)),
      name: item.name ?? item.title,
      quantity: item.quantity,
      unitPrice: money(item.price, `line_items[${i}].price`),
    })),
    currency: order.currency,
    shippingFee: money(order.total_shipping_price_set?.shop_money.amount ?? 0, "total_shipping_price_set.shop_money.amount"),
    discount: money(order.total_discounts ?? 0, "total_discounts"),
    total: money(order.total_price, "total_price"),
    buyerNote: order.note ?? "",
    deliverySpeed: "standard",
    raw,
  };
}

/** The dedupe key of an order of this shop, the same whichever way (webhook, reconciliation) it arrives. */
export function orderKey(shop: string, orderId: string | number): string {
  return `shopify:${shop}:order:${orderId}`;
}

/** The GraphQL selection of an order that `fromGraphqlOrder` reads. */
export const ORDER_FIELDS = `
  legacyResourceId name createdAt updatedAt cancelledAt closedAt note phone currencyCode
  displayFinancialStatus displayFulfillmentStatus paymentGatewayNames
  totalPriceSet { shopMoney { amount } }
  totalDiscountsSet { shopMoney { amount } }
  totalShippingPriceSet { shopMoney { amount } }
  customer { legacyResourceId firstName lastName phone }
  shippingAddress { name phone province city address1 address2 zip }
  lineItems(first: 100) { nodes { sku name title quantity originalUnitPriceSet { shopMoney { amount } } variant { legacyResourceId } } }
`;

interface MoneyBag {
  shopMoney?: { amount?: string };
}

/** An order as the GraphQL Admin API lists it (the fields of ORDER_FIELDS). */
export interface GraphqlOrder {
  legacyResourceId?: string;
  name?: string;
  createdAt?: string;
  updatedAt?: string;
  cancelledAt?: string | null;
  closedAt?: string | null;
  note?: string | null;
  phone?: string | null;
  currencyCode?: string;
  displayFinancialStatus?: string | null;
  displayFulfillmentStatus?: string | null;
  paymentGatewayNames?: string[];
  totalPriceSet?: MoneyBag;
  totalDiscountsSet?: MoneyBag;
  totalShippingPriceSet?: MoneyBag;
  customer?: { legacyResourceId?: string; firstName?: string | null; lastName?: string | null; phone?: string | null } | null;
  shippingAddress?: { name?: string | null; phone?: string | null; province?: string | null; city?: string | null; address1?: string | null; address2?: string | null; zip?: string | null } | null;
  lineItems?: { nodes?: { sku?: string | null; name?: string | null; title?: string; quantity?: number; originalUnitPriceSet?: MoneyBag; variant?: { legacyResourceId?: string } | null }[] };
}

const FULFILLMENT_STATUS: Record<string, string | null> = { FULFILLED: "fulfilled", PARTIALLY_FULFILLED: "partial", RESTOCKED: "restocked", UNFULFILLED: null };

/** The GraphQL order in the webhook's (REST) shape; fields GraphQL left out stay out, so `readShopifyOrder` names them. */
export function fromGraphqlOrder(node: GraphqlOrder): unknown {
  const address = node.shippingAddress;
  return {
    id: node.legacyResourceId,
    name: node.name,
    created_at: node.createdAt,
    updated_at: node.updatedAt,
    cancelled_at: node.cancelledAt ?? null,
    closed_at: node.closedAt ?? null,
    currency: node.currencyCode,
    total_price: node.totalPriceSet?.shopMoney?.amount,
    total_discounts: node.totalDiscountsSet?.shopMoney?.amount ?? "0",
    total_shipping_price_set: { shop_money: { amount: node.totalShippingPriceSet?.shopMoney?.amount ?? "0" } },
    financial_status: node.displayFinancialStatus ? node.displayFinancialStatus.toLowerCase() : null,
    fulfillment_status: node.displayFulfillmentStatus ? (FULFILLMENT_STATUS[node.displayFulfillmentStatus] ?? node.displayFulfillmentStatus.toLowerCase()) : null,
    payment_gateway_names: node.paymentGatewayNames ?? [],
    note: node.note ?? null,
    phone: node.phone ?? null,
    customer: node.customer ? { id: node.customer.legacyResourceId, first_name: node.customer.firstName ?? null, last_name: node.customer.lastName ?? null, phone: node.customer.phone ?? null } : null,
    shipping_address: address ? { name: address.name ?? null, phone: address.phone ?? null, province: address.province ?? null, city: address.city ?? null, address1: address.address1 ?? null, address2: address.address2 ?? null, zip: address.zip ?? null } : null,
    line_items: (node.lineItems?.nodes ?? []).map((line) => ({
      sku: line.sku ?? null,
      variant_id: line.variant?.legacyResourceId ?? null,
      name: line.name ?? null,
      title: line.title,
      quantity: line.quantity,
      price: line.originalUnitPriceSet?.shopMoney?.amount,
    })),
  };
}
