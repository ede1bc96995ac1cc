import { defineLabelAction } from "@orderflow/courier-kit";
import { defineConnector } from "@orderflow/connector-sdk";
import { cancelWaybill } from "./cancel-waybill";
import { createWaybill } from "./create-waybill";
import { quote } from "./quote";
import { auth, settings } from "./settings";
import { track } from "./track";

/** JD Logistics express through its open platform (LOP): quotes, waybills, cancellation, labels, tracking. */
export const jdLogistics = defineConnector({
  id: "jd_logistics",
  name: { zh: "京东物流", en: "JD Logistics" },
  description: { zh: "京东物流开放平台：运费估算、下单取号、取消、面单、轨迹查询", en: "JD Logistics open platform: quotes, waybills, cancellation, labels, track queries" },
  category: "courier",
  version: "1.0.0",
  auth,
  settings,
  rateLimit: { perSecond: 10, burst: 10 },
  // JD keeps one order per customer code and orderId (derived from the idempotency key); it reads no idempotency header.
  idempotencyHeader: null,
  actions: [quote, createWaybill, cancelWaybill, defineLabelAction({ printedName: "京东物流 JD Logistics" }), track],
});
