/**
 * Cancels a YTO order before pickup. YTO cancels by `logisticsNo`, which
 * the step passes back from create_waybill's `courierOrderId`.
 */
import { COURIER_ACTIONS, CancelWaybillOutputSchema, cancelWaybillProps } from "@orderflow/courier-kit";
import { defineAction, Prop } from "@orderflow/connector-sdk";
import { allSettings } from "./settings";
import { callYto } from "./yto-api";

export const cancelWaybill = defineAction({
  id: "cancel_waybill",
  name: COURIER_ACTIONS.cancel_waybill,
  description: { zh: "揽收前取消圆通订单", en: "Cancels a YTO order before pickup" },
  settings: allSettings,
  props: {
    ...cancelWaybillProps,
    courierOrderId: Prop.text({ label: { zh: "物流单号 (logisticsNo)", en: "Courier order id (logisticsNo)" }, description: { zh: "下单步骤输出的 courierOrderId", en: "The create step's courierOrderId" } }),
    reason: Prop.text({ label: { zh: "取消原因", en: "Reason" }, required: false, default: "订单取消" }),
  },
  output: CancelWaybillOutputSchema,
  async run({ input, settings, http }) {
    await callYto(http, settings.cancelUrl, "cancel order", { logisticsNo: input.courierOrderId, cancelDesc: input.reason ?? "订单取消" });
    return { trackingNo: input.waybillNo, cancelled: true };
  },
});
