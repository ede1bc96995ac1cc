/**
 * Cancels a booked pick-up (zto.open.cancelPreOrder). ZTO cancels only
 * booked pick-ups (order type 2); a network parcel's number cannot be
 * cancelled and is recycled by ZTO when never scanned, which is said plainly.
 */
import { defineAction, permanentError } from "@orderflow/connector-sdk";
import { CancelWaybillOutputSchema, cancelWaybillProps, COURIER_ACTIONS } from "@orderflow/courier-kit";
import { allSettings } from "./settings";
import { API, callZto } from "./zto-call";

export const cancelWaybill = defineAction({
  id: "cancel_waybill",
  name: COURIER_ACTIONS.cancel_waybill,
  settings: allSettings,
  props: cancelWaybillProps,
  output: CancelWaybillOutputSchema,
  async run({ input, settings, http }) {
    if (settings.orderType === "1") {
      throw permanentError("not_cancellable", `ZTO does not cancel network-parcel numbers such as ${input.waybillNo}; an unscanned number is recycled by ZTO after 30 to 60 days: do not ship with it`);
    }
    await callZto(http, API.cancelOrder, { cancelType: "2", billCode: input.waybillNo });
    return { trackingNo: input.waybillNo, cancelled: true };
  },
});
