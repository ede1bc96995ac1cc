import { defineLabelAction } from "@orderflow/courier-kit";
import { defineConnector } from "@orderflow/connector-sdk";
import { cancelWaybill } from "./cancel-waybill";
import { createWaybill } from "./create-waybill";
import { auth, settings } from "./settings";
import { track } from "./track";
import { trackPush } from "./track-push";

/** YTO Express through its open platform: waybills, cancellation, labels, tracking by query and push. */
export const yto = defineConnector({
  id: "yto",
  name: { zh: "圆通速递", en: "YTO Express" },
  description: { zh: "圆通开放平台：下单取号、取消、面单、轨迹查询与推送", en: "YTO open platform: waybills, cancellation, labels, track query and push" },
  category: "courier",
  version: "1.0.0",
  auth,
  settings,
  rateLimit: { perSecond: 10, burst: 10 },
  // YTO names an order by its logisticsNo (derived from the idempotency key); it reads no idempotency header.
  idempotencyHeader: null,
  actions: [createWaybill, cancelWaybill, defineLabelAction({ printedName: "圆通速递 YTO" }), track],
  triggers: [trackPush],
});
