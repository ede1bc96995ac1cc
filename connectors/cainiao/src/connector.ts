import { defineLabelAction } from "@orderflow/courier-kit";
import { defineConnector } from "@orderflow/connector-sdk";
import { cancelWaybill } from "./cancel-waybill";
import { createWaybill } from "./create-waybill";
import { auth, settings } from "./settings";
import { trackPush } from "./track-push";

/** Cainiao e-waybills through the LINK gateway: waybill numbers with print data, discards, labels, track pushes. */
export const cainiao = defineConnector({
  id: "cainiao",
  name: { zh: "菜鸟电子面单", en: "Cainiao e-waybill" },
  description: { zh: "菜鸟 LINK：电子面单取号与云打印数据、作废、面单、轨迹推送", en: "Cainiao LINK: e-waybill numbers with cloud-print data, discards, labels, track pushes" },
  category: "courier",
  version: "1.0.0",
  auth,
  settings,
  rateLimit: { perSecond: 10, burst: 10 },
  // Cainiao names a waybill by trade order and package id (derived from the idempotency key); it reads no idempotency header.
  idempotencyHeader: null,
  actions: [createWaybill, cancelWaybill, defineLabelAction({ printedName: "菜鸟电子面单 Cainiao" })],
  triggers: [trackPush],
});
