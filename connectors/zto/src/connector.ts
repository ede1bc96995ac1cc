import { defineConnector } from "@orderflow/connector-sdk";
import { defineLabelAction } from "@orderflow/courier-kit";
import { cancelWaybill } from "./cancel-waybill";
import { createWaybill } from "./create-waybill";
import { quote } from "./quote";
import { auth, settings } from "./settings";
import { track } from "./track";
import { trackPush } from "./track-push";

/** ZTO Express through its open platform: waybills, cancellation, labels, tracking and track pushes. */
export const zto = defineConnector({
  id: "zto",
  name: { zh: "中通快递", en: "ZTO Express" },
  description: { zh: "按协议运费表报价，通过中通开放平台下单取号、取消、打印面单、查询与接收轨迹", en: "Quotes from the contract rate table; waybills, cancellation, labels, trace queries and trace pushes through ZTO's open platform" },
  category: "courier",
  version: "1.0.0",
  auth,
  settings,
  baseUrl: (settings) => String(settings["baseUrl"]),
  shopSetting: "accountId",
  rateLimit: { perSecond: 10, burst: 10 },
  actions: [quote, createWaybill, cancelWaybill, defineLabelAction({ printedName: "中通快递 ZTO Express" }), track],
  triggers: [trackPush],
});
