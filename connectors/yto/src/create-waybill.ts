/**
 * Creates a YTO order and gets its waybill number. The order's
 * `logisticsNo` is derived from the step's idempotency key, and YTO names
 * an order by it: a retry after a lost answer or a timeout gets the same
 * waybill back instead of a second parcel.
 */
import { COURIER_ACTIONS, CreateWaybillOutputSchema, courierOrderId, createWaybillProps } from "@orderflow/courier-kit";
import { defineAction, permanentError } from "@orderflow/connector-sdk";
import { allSettings, logisticsNoKey } from "./settings";
import { callYto } from "./yto-api";
import type { YtoCreateAnswer } from "./yto-messages";
import { productFor, toCreateParam } from "./yto-order";

/** YTO takes 7 to 32 characters as `logisticsNo`. */
const LOGISTICS_NO_MAX = 32;

export const createWaybill = defineAction({
  id: "create_waybill",
  name: COURIER_ACTIONS.create_waybill,
  description: { zh: "在圆通下单并取得运单号；重试不会重复下单", en: "Creates a YTO order and gets its waybill number; a retry never creates a second one" },
  settings: allSettings,
  props: createWaybillProps,
  output: CreateWaybillOutputSchema,
  async run({ input, settings, http, idempotencyKey, store }) {
    const logisticsNo = courierOrderId(input.orderNo, idempotencyKey, LOGISTICS_NO_MAX);
    const productCode = input.service ?? productFor(input.speed, settings.productCode ?? "PK");
    const answer = await callYto<YtoCreateAnswer>(http, settings.createUrl, "create order", toCreateParam(input, settings.sender, logisticsNo, productCode));
    if (typeof answer.mailNo !== "string" || answer.mailNo === "") throw permanentError("bad_response", `YTO took order ${logisticsNo} but answered without a waybill number (mailNo)`);
    // YTO cancels by logisticsNo; kept by waybill so a cancel step needs only the waybill number, as for every courier.
    await store.set(logisticsNoKey(answer.mailNo), logisticsNo);
    return { courier: "yto", trackingNo: answer.mailNo, courierOrderId: logisticsNo, service: productCode };
  },
});
