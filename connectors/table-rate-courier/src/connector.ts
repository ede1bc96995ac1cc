import { defineConnector } from "@orderflow/connector-sdk";
import { defineLabelAction } from "@orderflow/courier-kit";
import { cancelWaybill } from "./cancel-waybill";
import { createWaybill } from "./create-waybill";
import { deliveryUpdates } from "./delivery-updates";
import { quote } from "./quote";
import { auth, settings } from "./settings";

/** A local courier priced by a rate table: no system of its own to call; status comes by signed push. */
export const tableRateCourier = defineConnector({
  id: "table_rate_courier",
  name: { zh: "同城快递（运费表）", en: "Local courier (rate table)" },
  description: {
    zh: "按运费表（区域、首重续重、体积重、加急）报价与出单，打印面单，接收配送状态推送",
    en: "Quotes and issues waybills from a rate table (zones, first and additional weight, volumetric weight, speeds), prints labels, takes status pushes",
  },
  category: "courier",
  version: "1.0.0",
  auth,
  settings,
  actions: [quote, createWaybill, cancelWaybill, defineLabelAction({ printedName: (settings) => String(settings["printedName"]) })],
  triggers: [deliveryUpdates],
});
