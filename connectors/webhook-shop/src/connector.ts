import { defineConnector } from "@orderflow/connector-sdk";
import { orderWebhook } from "./order-webhook";
import { pushShipment } from "./push-shipment";
import { reconcileOrders } from "./reconcile-orders";
import { auth, settings } from "./settings";

/** The shop's own web site as a sales channel: signed order webhooks in, shipments out, and reconciliation. */
export const webhookShop = defineConnector({
  id: "webhook_shop",
  name: { zh: "自建商城（签名 Webhook）", en: "Own web shop (signed webhook)" },
  description: {
    zh: "接收自建商城签名推送的订单，并回传发货信息",
    en: "Takes signed order webhooks from the shop's own site and sends shipments back",
  },
  category: "sales_channel",
  version: "1.0.0",
  auth,
  settings,
  rateLimit: { perSecond: 10, burst: 20 },
  actions: [pushShipment],
  triggers: [orderWebhook, reconcileOrders],
});
