import { defineConnector } from "@orderflow/connector-sdk";
import { defineLabelAction } from "@orderflow/courier-kit";
import { cancelWaybill } from "./cancel-waybill";
import { createWaybill } from "./create-waybill";
import { quote } from "./quote";
import { routePush } from "./route-push";
import { auth, settings } from "./settings";
import { track } from "./track";

/** SF Express through its open platform (丰桥): quotes, waybills, cancellation, labels, routes and route pushes. */
export const sfExpress = defineConnector({
  id: "sf_express",
  name: { zh: "顺丰速运", en: "SF Express" },
  description: { zh: "通过顺丰开放平台（丰桥）报价、下单取号、取消、打印面单、查询与接收路由", en: "Quotes, waybills, cancellation, labels, route queries and route pushes through SF's open platform" },
  category: "courier",
  version: "1.0.0",
  auth,
  settings,
  baseUrl: (settings) => String(settings["baseUrl"]),
  shopSetting: "monthlyCard",
  // SF's documented ceiling is per API and account; 20 calls a second stays clear of its flow control.
  rateLimit: { perSecond: 20, burst: 20 },
  actions: [quote, createWaybill, cancelWaybill, defineLabelAction({ printedName: "顺丰速运 SF Express" }), track],
  triggers: [routePush],
});
