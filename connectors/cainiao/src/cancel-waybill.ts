/** Gives an unused e-waybill number back to Cainiao (TMS_WAYBILL_DISCARD), e.g. when the order is cancelled before pickup. */
import { COURIER_ACTIONS, CancelWaybillOutputSchema, cancelWaybillProps } from "@orderflow/courier-kit";
import { defineAction } from "@orderflow/connector-sdk";
import { callLink } from "./link-api";
import type { WaybillDiscardRequest } from "./link-messages";
import { allSettings } from "./settings";

export const cancelWaybill = defineAction({
  id: "cancel_waybill",
  name: COURIER_ACTIONS.cancel_waybill,
  description: { zh: "作废未使用的菜鸟电子面单号", en: "Discards an unused Cainiao e-waybill number" },
  settings: allSettings,
  props: cancelWaybillProps,
  output: CancelWaybillOutputSchema,
  async run({ input, settings, http }) {
    const request: WaybillDiscardRequest = { cpCode: settings.cpCode, waybillCode: input.waybillNo };
    await callLink(http, settings.gatewayUrl, "TMS_WAYBILL_DISCARD", request);
    return { trackingNo: input.waybillNo, cancelled: true };
  },
});
