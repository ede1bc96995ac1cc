/**
 * Places a JD express order and gets its waybill number. The `orderId` JD
 * sees is derived from the step's idempotency key, and JD keeps one order
 * per customer code and orderId: a retry after a lost answer or a timeout
 * gets the first waybill back instead of a second parcel.
 */
import { COURIER_ACTIONS, CreateWaybillOutputSchema, courierOrderId, createWaybillProps } from "@orderflow/courier-kit";
import { defineAction, permanentError } from "@orderflow/connector-sdk";
import { cargo, fullAddress, productFor, senderContact } from "./jd-order";
import { ORDER_ORIGIN, PATHS, SETTLE_MONTHLY, type JdCreateData, type JdOrderRequest } from "./jd-messages";
import { callLop } from "./lop-api";
import { allSettings } from "./settings";

/** JD takes at most 50 characters as `orderId`. */
const ORDER_ID_MAX = 50;

export const createWaybill = defineAction({
  id: "create_waybill",
  name: COURIER_ACTIONS.create_waybill,
  description: { zh: "在京东物流下单并取得运单号；重试不会重复下单", en: "Places a JD Logistics order and gets its waybill number; a retry never places a second one" },
  settings: allSettings,
  props: createWaybillProps,
  output: CreateWaybillOutputSchema,
  async run({ input, settings, http, idempotencyKey }) {
    const orderId = courierOrderId(input.orderNo, idempotencyKey, ORDER_ID_MAX);
    const productCode = input.service ?? productFor(input.speed, settings.standardProduct ?? "ed-m-0001");
    const request: JdOrderRequest = {
      orderId,
      senderContact: senderContact(settings.sender),
      receiverContact: { name: input.recipient.name, mobile: input.recipient.phone, fullAddress: fullAddress(input.address) },
      orderOrigin: ORDER_ORIGIN,
      customerCode: settings.customerCode,
      productsReq: { productCode },
      settleType: SETTLE_MONTHLY,
      cargoes: [cargo(input.contents ?? "商品", input.weightKg, input.dimensions)],
      remark: input.orderNo,
    };
    const data = await callLop<JdCreateData>(http, settings.baseUrl, PATHS.create, request);
    if (typeof data.waybillCode !== "string" || data.waybillCode === "") throw permanentError("bad_response", `JD took order ${orderId} but answered without a waybill number (data.waybillCode)`);
    return { courier: "jd_logistics", trackingNo: data.waybillCode, courierOrderId: orderId, service: productCode };
  },
});
