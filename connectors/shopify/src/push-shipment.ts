/**
 * Tells Shopify an order has shipped: a fulfillment of the order's open
 * fulfillment orders, with the courier and tracking number.
 *
 * Shopify's fulfillmentCreate takes no idempotency key, so the order's state
 * is the key: the order's fulfillments are read first, and one that already
 * carries this tracking number is the answer. A retried call (a lost answer,
 * a worker retry) therefore finds its own earlier fulfillment instead of
 * creating a second one, and a refusal from Shopify is checked the same way
 * before it is reported.
 */
import { defineAction, permanentError, Prop, Type, type HttpClient } from "@orderflow/connector-sdk";
import { graphql } from "./admin-api";
import { adminEndpoint, allSettings } from "./settings";

export const ORDER_FULFILMENT_QUERY = `query OrderFulfilment($id: ID!) {
  order(id: $id) {
    id
    cancelledAt
    fulfillments(first: 50) { id trackingInfo(first: 10) { company number } }
    fulfillmentOrders(first: 20) { nodes { id status } }
  }
}`;

export const FULFILLMENT_CREATE = `mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}`;

interface OrderFulfilment {
  order: {
    id: string;
    cancelledAt: string | null;
    fulfillments: { id: string; trackingInfo: { company: string | null; number: string | null }[] }[];
    fulfillmentOrders: { nodes: { id: string; status: string }[] };
  } | null;
}

interface FulfillmentCreated {
  fulfillmentCreate: { fulfillment: { id: string } | null; userErrors: { field?: string[] | null; message: string }[] };
}

/** Fulfillment orders Shopify lets a fulfillment be created for. */
const FULFILLABLE = new Set(["OPEN", "IN_PROGRESS"]);

export const pushShipment = defineAction({
  id: "push_shipment",
  name: { zh: "回传发货信息", en: "Push shipment" },
  description: { zh: "在 Shopify 为订单创建带运单号的发货记录", en: "Creates a fulfillment with the tracking number on the Shopify order" },
  settings: allSettings,
  props: {
    platformOrderNo: Prop.text({ label: { zh: "Shopify 订单 ID", en: "Shopify order id" }, description: { zh: "订单的数字 ID（不是 #1001 这样的订单名）", en: "The order's numeric id (not its name such as #1001)" }, pattern: "^[0-9]+$" }),
    courier: Prop.text({ label: { zh: "快递公司", en: "Tracking company" }, description: { zh: "按 Shopify 的叫法，如 SF Express", en: "As Shopify names it, e.g. SF Express" }, placeholder: "SF Express" }),
    trackingNo: Prop.text({ label: { zh: "运单号", en: "Tracking number" }, pattern: "^[A-Za-z0-9-]+$" }),
    trackingUrl: Prop.text({ label: { zh: "查询链接", en: "Tracking URL" }, format: "uri", required: false }),
  },
  output: Type.Object({
    accepted: Type.Boolean({ title: "Accepted" }),
    shipmentId: Type.String({ title: "Fulfillment id", description: "Shopify's id (gid) of the fulfillment" }),
    alreadyRecorded: Type.Boolean({ title: "Already recorded", description: "The fulfillment existed from an earlier try" }),
  }),
  async run({ input, settings, http }) {
    const endpoint = adminEndpoint(settings);
    const orderId = `gid://shopify/Order/${input.platformOrderNo}`;
    const before = await readOrder(http, endpoint, orderId, input.platformOrderNo);
    const existing = fulfillmentWith(before, input.trackingNo);
    if (existing) return { accepted: true, shipmentId: existing, alreadyRecorded: true };
    if (before.cancelledAt) throw permanentError("order_cancelled", `Shopify order ${input.platformOrderNo} was cancelled at ${before.cancelledAt}: it must not ship`);
    const open = before.fulfillmentOrders.nodes.filter((fo) => FULFILLABLE.has(fo.status));
    if (open.length === 0) {
      const numbers = before.fulfillments.flatMap((f) => f.trackingInfo.map((t) => t.number)).filter(Boolean);
      throw permanentError("already_shipped", `Shopify order ${input.platformOrderNo} has nothing left to fulfil${numbers.length ? ` (shipped as ${numbers.join(", ")})` : ""}`);
    }

    const { fulfillmentCreate } = await graphql<FulfillmentCreated>(http, {
      endpoint,
      operationName: "FulfillmentCreate",
      query: FULFILLMENT_CREATE,
      variables: {
        fulfillment: {
          lineItemsByFulfillmentOrder: open.map((fo) => ({ fulfillmentOrderId: fo.id })),
          trackingInfo: { company: input.courier, number: input.trackingNo, ...(input.trackingUrl ? { url: input.trackingUrl } : {}) },
          notifyCustomer: settings.notifyCustomer ?? false,
        },
      },
    });
    if (fulfillmentCreate.fulfillment) return { accepted: true, shipmentId: fulfillmentCreate.fulfillment.id, alreadyRecorded: false };
    // Refused: perhaps because an earlier try of this very call went through and its answer was lost.
    const after = fulfillmentWith(await readOrder(http, endpoint, orderId, input.platformOrderNo), input.trackingNo);
    if (after) return { accepted: true, shipmentId: after, alreadyRecorded: true };
    const why = fulfillmentCreate.userErrors.map((e) => `${(e.field ?? []).join(".") || "fulfillment"}: ${e.message}`).join("; ");
    throw permanentError("fulfillment_refused", `Shopify refused the fulfillment of order ${input.platformOrderNo}: ${why || "no reason given"}`);
  },
});

async function readOrder(http: HttpClient, endpoint: string, id: string, number: string): Promise<NonNullable<OrderFulfilment["order"]>> {
  const { order } = await graphql<OrderFulfilment>(http, { endpoint, operationName: "OrderFulfilment", query: ORDER_FULFILMENT_QUERY, variables: { id } });
  if (!order) throw permanentError("unknown_order", `Shopify has no order ${number} in this store: check the order id (the number in the order's admin URL)`);
  return order;
}

function fulfillmentWith(order: NonNullable<OrderFulfilment["order"]>, trackingNo: string): string | undefined {
  return order.fulfillments.find((f) => f.trackingInfo.some((t) => t.number === trackingNo))?.id;
}
