/**
 * Gets a Cainiao e-waybill number (TMS_WAYBILL_GET) with its cloud-print
 * data. The package id is derived from the step's idempotency key, and
 * Cainiao answers the same trade order and package id with the same
 * waybill: a retry after a lost answer or a timeout gets the first waybill
 * back instead of using up a second one.
 */
import { COURIER_ACTIONS, CreateWaybillOutputSchema, courierOrderId, createWaybillProps } from "@orderflow/courier-kit";
import { defineAction, permanentError, Type } from "@orderflow/connector-sdk";
import { callLink } from "./link-api";
import type { WaybillGetAnswer, WaybillGetRequest } from "./link-messages";
import { allSettings } from "./settings";

/** LINK's `objectId` holds at most 32 characters. */
const OBJECT_ID_MAX = 32;

export const createWaybill = defineAction({
  id: "create_waybill",
  name: COURIER_ACTIONS.create_waybill,
  description: { zh: "从菜鸟电子面单取号，并取得云打印数据；重试不会重复取号", en: "Gets a Cainiao e-waybill number and its cloud-print data; a retry never uses a second number" },
  settings: allSettings,
  props: createWaybillProps,
  output: Type.Object({
    ...CreateWaybillOutputSchema.properties,
    printData: Type.String({ title: "Print data", description: "Cainiao's cloud-print data for its print component (encrypted, with the template URL)" }),
  }),
  async run({ input, settings, http, idempotencyKey }) {
    const packageId = courierOrderId(input.orderNo, idempotencyKey, OBJECT_ID_MAX);
    const sender = settings.sender;
    const request: WaybillGetRequest = {
      cpCode: settings.cpCode,
      sender: { name: sender.name, mobile: sender.phone, address: { province: sender.province, city: sender.city, district: sender.district ?? "", detail: sender.detail } },
      tradeOrderInfoDtos: [
        {
          objectId: packageId,
          orderInfo: { orderChannelsType: "OTHERS", tradeOrderList: [input.orderNo] },
          packageInfo: { id: packageId, items: [{ name: input.contents ?? "商品", count: 1 }], weight: Math.round(input.weightKg * 1000) },
          recipient: {
            name: input.recipient.name,
            mobile: input.recipient.phone,
            address: { province: input.address.province, city: input.address.city, district: input.address.district ?? "", detail: input.address.detail },
          },
          templateUrl: settings.templateUrl,
          ...(settings.userId ? { userId: settings.userId } : {}),
        },
      ],
    };
    const answer = await callLink<WaybillGetAnswer & Record<string, unknown>>(http, settings.gatewayUrl, "TMS_WAYBILL_GET", request);
    const issued = answer.waybillCloudPrintResponseList?.find((item) => item.objectId === packageId) ?? answer.waybillCloudPrintResponseList?.[0];
    if (!issued?.waybillCode) throw permanentError("bad_response", `Cainiao accepted package ${packageId} but answered without a waybill number (waybillCloudPrintResponseList[0].waybillCode)`);
    return { courier: "cainiao", trackingNo: issued.waybillCode, courierOrderId: packageId, service: settings.cpCode, printData: issued.printData ?? "" };
  },
});
