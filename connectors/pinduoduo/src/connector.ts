import { defineConnector } from "@orderflow/connector-sdk";
import { pollOrders } from "./poll-orders";
import { pushShipment } from "./push-shipment";
import { auth, settings } from "./settings";

/** Pinduoduo shops through the PDD open platform: orders in by incremental sync, shipments out. */
export const pinduoduo = defineConnector({
  id: "pinduoduo",
  name: { zh: "拼多多", en: "Pinduoduo" },
  description: { zh: "通过拼多多开放平台同步店铺订单，并回传发货信息", en: "Syncs a Pinduoduo shop's orders through the PDD open platform and sends shipments back" },
  category: "sales_channel",
  version: "1.0.0",
  auth,
  settings,
  rateLimit: { perSecond: 10, burst: 20 },
  // PDD takes no idempotency key; a repeated send is recognised by reading the order back (push-shipment.ts).
  idempotencyHeader: null,
  actions: [pushShipment],
  triggers: [pollOrders],
});
