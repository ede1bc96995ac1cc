/**
 * Cancels the order behind a waybill (EXP_RECE_UPDATE_ORDER, dealType 2).
 * An order SF already cancelled counts as cancelled; one SF has already
 * collected cannot be, which is said plainly.
 */
import { ConnectorError, defineAction, permanentError } from "@orderflow/connector-sdk";
import { CancelWaybillOutputSchema, cancelWaybillProps, COURIER_ACTIONS } from "@orderflow/courier-kit";
import { waybillOrderKey } from "./create-waybill";
import { allSettings } from "./settings";
import { callSf, SERVICE } from "./sf-call";

/** errorCodes of a cancellation: already cancelled (8037), already collected (8252). */
export const ALREADY_CANCELLED = "8037";
export const ALREADY_COLLECTED = "8252";

export const cancelWaybill = defineAction({
  id: "cancel_waybill",
  name: COURIER_ACTIONS.cancel_waybill,
  settings: allSettings,
  props: cancelWaybillProps,
  output: CancelWaybillOutputSchema,
  async run({ input, http, store }) {
    const known = await store.get<{ orderId: string }>(waybillOrderKey(input.waybillNo));
    if (!known) throw permanentError("unknown_waybill", `waybill ${input.waybillNo} was not created through this installation, so its SF order id is unknown: cancel it in the SF console`);
    try {
      await callSf(http, SERVICE.updateOrder, { orderId: known.orderId, dealType: 2, language: "zh-CN" });
    } catch (error) {
      if (error instanceof ConnectorError && error.code === `sf_${ALREADY_COLLECTED}`) throw permanentError("already_picked_up", `SF has already collected waybill ${input.waybillNo}: it can no longer be cancelled; ask SF to return it`);
      if (!(error instanceof ConnectorError && error.code === `sf_${ALREADY_CANCELLED}`)) throw error;
    }
    return { trackingNo: input.waybillNo, cancelled: true };
  },
});
