import { defineConnector } from "@orderflow/connector-sdk";
import { pollTrades } from "./poll-trades";
import { pushShipment } from "./push-shipment";
import { auth, settings } from "./settings";

/** Taobao and Tmall shops through the Taobao open platform (TOP): trades in by incremental sync, shipments out. */
export const taobao = defineConnector({
  id: "taobao",
  name: { zh: "淘宝 / 天猫", en: "Taobao / Tmall" },
  description: {
    zh: "通过淘宝开放平台（TOP）同步淘宝、天猫店铺的交易，并回传发货信息",
    en: "Syncs a Taobao or Tmall shop's trades through the Taobao open platform (TOP) and sends shipments back",
  },
  category: "sales_channel",
  version: "1.0.0",
  auth,
  settings,
  // TOP meters calls per app and per session; a modest per-shop budget keeps one shop from spending the app's quota.
  rateLimit: { perSecond: 10, burst: 20 },
  // TOP takes no idempotency key; a repeated send is recognised by reading the trade back (push-shipment.ts).
  idempotencyHeader: null,
  actions: [pushShipment],
  triggers: [pollTrades],
});
