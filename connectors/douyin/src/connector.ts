import { defineConnector } from "@orderflow/connector-sdk";
import { orderMessages } from "./order-messages";
import { pollOrders } from "./poll-orders";
import { pushShipment } from "./push-shipment";
import { auth, settings } from "./settings";

/** A Douyin shop (抖店) as a sales channel: orders by polling, push messages for running flows, logistics back. */
export const douyin = defineConnector({
  id: "douyin",
  name: { zh: "抖店", en: "Douyin shop" },
  description: {
    zh: "同步抖店订单，接收签名消息推送，并回传发货物流",
    en: "Syncs Douyin shop orders, takes its signed push messages, and sends shipments back",
  },
  category: "sales_channel",
  version: "1.0.0",
  auth,
  settings,
  rateLimit: { perSecond: 10, burst: 20 },
  // The open platform takes no idempotency key: push_shipment checks the order's logistics instead.
  idempotencyHeader: null,
  actions: [pushShipment],
  triggers: [orderMessages, pollOrders],
});
