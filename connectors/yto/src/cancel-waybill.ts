/**
 * Cancels a YTO order before pickup. YTO cancels by `logisticsNo`: the one
 * create_waybill kept for the waybill, or the create step's
 * `courierOrderId` when the waybill was made elsewhere.
 */
import { COURIER_ACTIONS, CancelWaybillOutputSchema, cancelWaybillProps } from "@orderflow/courier-kit";
import { defineAction, permanentError, Prop } from "@orderflow/connector-sdk";
import { allSettings, logisticsNoKey } from "./settings";
import { callYto } from "./yto-api";

export const cancelWaybill = defineAction({
  id: "cancel_waybill",
  name: COURIER_ACTIONS.cancel_waybill,
  description: { zh: "揽收前取消圆通订单", en: "Cancels a YTO order before pickup" },
  settings: allSettings,
  props: {
    ...cancelWaybillProps,
    courierOrderId: Prop.text({
      label: { zh: "物流单号 (logisticsNo)", en: "Courier order id (logisticsNo)" },
      description: { zh: "本连接器下的单可不填；其他途径下的单填下单时的 logisticsNo", en: "Not needed for waybills this connector made; otherwise the logisticsNo they were made with" },
      required: false,
    }),
    reason: Prop.text({ label: { zh: "取消原因", en: "Reason" }, required: false, default: "订单取消" }),
  },
  output: CancelWaybillOutputSchema,
  async run({ input, settings, http, store }) {
    const logisticsNo = input.courierOrderId ?? (await store.get<string>(logisticsNoKey(input.waybillNo)));
    if (logisticsNo === undefined) throw permanentError("unknown_waybill", `Waybill ${input.waybillNo} was not made by this connector: give its logisticsNo as courierOrderId to cancel it`);
    await callYto(http, settings.cancelUrl, "cancel order", { logisticsNo, cancelDesc: input.reason ?? "订单取消" });
    return { trackingNo: input.waybillNo, cancelled: true };
  },
});
