/**
 * Cancels a JD waybill. Before pickup JD cancels it; after pickup JD starts
 * intercepting the parcel instead, which the output reports as not (yet)
 * cancelled rather than as a failure.
 */
import { COURIER_ACTIONS, CancelWaybillOutputSchema, cancelWaybillProps } from "@orderflow/courier-kit";
import { defineAction, permanentError } from "@orderflow/connector-sdk";
import { ORDER_ORIGIN, PATHS, type JdCancelData, type JdCancelRequest } from "./jd-messages";
import { callLop } from "./lop-api";
import { allSettings } from "./settings";

export const cancelWaybill = defineAction({
  id: "cancel_waybill",
  name: COURIER_ACTIONS.cancel_waybill,
  description: { zh: "取消京东物流运单（已揽收则转为拦截）", en: "Cancels a JD Logistics waybill (intercepts it when already picked up)" },
  settings: allSettings,
  props: cancelWaybillProps,
  output: CancelWaybillOutputSchema,
  async run({ input, settings, http }) {
    const request: JdCancelRequest = { waybillCode: input.waybillNo, customerCode: settings.customerCode, orderOrigin: ORDER_ORIGIN, cancelReason: "订单取消", cancelReasonCode: "1" };
    const data = await callLop<JdCancelData>(http, settings.baseUrl, PATHS.cancel, request);
    if (data.resultType === 2) throw permanentError("not_cancellable", `JD cannot cancel waybill ${input.waybillNo} any more (resultType 2)`);
    return { trackingNo: input.waybillNo, cancelled: data.resultType === 0 };
  },
});
