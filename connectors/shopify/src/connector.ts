import { defineConnector } from "@orderflow/connector-sdk";
import { orderWebhook } from "./order-webhook";
import { pushShipment } from "./push-shipment";
import { reconcileOrders } from "./reconcile-orders";
import { auth, settings } from "./settings";

/** A Shopify store as a sales channel: signed order webhooks in, fulfillments with tracking out, and reconciliation. */
export const shopify = defineConnector({
  id: "shopify",
  name: { zh: "Shopify 店铺", en: "Shopify store" },
  description: {
    zh: "接收 Shopify 订单推送（HMAC 签名），回传发货运单号，并定时对账",
    en: "Takes Shopify's HMAC-signed order webhooks, sends fulfillments with tracking back, and reconciles now and then",
  },
  category: "sales_channel",
  version: "1.0.0",
  auth,
  settings,
  // The GraphQL bucket refills 100 points a second on the Standard plan (more on higher plans); a call here costs 10 to 20.
  rateLimit: { perSecond: 4, burst: 10 },
  // Shopify's Admin API takes no idempotency key: push_shipment checks the order's fulfillments instead.
  idempotencyHeader: null,
  actions: [pushShipment],
  triggers: [orderWebhook, reconcileOrders],
});
