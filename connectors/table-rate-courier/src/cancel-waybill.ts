/** Cancels a waybill this courier issued; cancelling it again is a success, an unknown number is refused. */
import { defineAction, permanentError } from "@orderflow/connector-sdk";
import { CancelWaybillOutputSchema, cancelWaybillProps, COURIER_ACTIONS } from "@orderflow/courier-kit";
import { allSettings } from "./settings";
import { waybillKey, type WaybillRecord } from "./waybill-number";

export const cancelWaybill = defineAction({
  id: "cancel_waybill",
  name: COURIER_ACTIONS.cancel_waybill,
  settings: allSettings,
  props: cancelWaybillProps,
  output: CancelWaybillOutputSchema,
  async run({ input, store, clock }) {
    const record = await store.get<WaybillRecord>(waybillKey(input.waybillNo));
    if (!record) throw permanentError("unknown_waybill", `waybill ${input.waybillNo} was not issued by this courier installation: check the number`);
    if (!record.cancelledAt) await store.set(waybillKey(input.waybillNo), { ...record, cancelledAt: clock().toISOString() });
    return { trackingNo: input.waybillNo, cancelled: true };
  },
});
