import { defineConnector } from "@orderflow/connector-sdk";
import { pollOrders } from "./poll-orders";
import { pushShipment } from "./push-shipment";
import { auth, settings } from "./settings";

/** JD POP shops through the JD open platform (JOS): orders in by incremental sync, shipments out. */
export const jd = defineConnector({
  id: "jd",
  name: { zh: "京东 POP", en: "JD POP" },
  description: { zh: "通过京东开放平台（JOS）同步 POP 店铺订单，并回传发货信息", en: "Syncs a JD POP shop's orders through the JD open platform (JOS) and sends shipments back" },
  category: "sales_channel",
  version: "1.0.0",
  auth,
  settings,
  rateLimit: { perSecond: 10, burst: 20 },
  // JOS takes no idempotency key; a repeated shipment is recognised by reading the order back (push-shipment.ts).
  idempotencyHeader: null,
  actions: [pushShipment],
  triggers: [pollOrders],
});
