/**
 * Issues the local courier's waybill: refused at once for a destination
 * outside its zones or a speed it does not offer (no retry helps); the same
 * waybill for every retry of the step.
 */
import { defineAction, permanentError } from "@orderflow/connector-sdk";
import { COURIER_ACTIONS, CreateWaybillOutputSchema, courierOrderId, createWaybillProps } from "@orderflow/courier-kit";
import { COURIER_ID, quoteParcel } from "./rate-table";
import { allSettings } from "./settings";
import { issueWaybill } from "./waybill-number";

export const createWaybill = defineAction({
  id: "create_waybill",
  name: COURIER_ACTIONS.create_waybill,
  description: { zh: "按运费表出单，同一步骤重试得到同一运单号", en: "Issues a waybill from the rate table; a retried step gets the same number" },
  settings: allSettings,
  props: createWaybillProps,
  output: CreateWaybillOutputSchema,
  async run({ input, settings, store, clock, idempotencyKey }) {
    const speed = input.service ?? input.speed ?? "standard";
    const parcel = { weightKg: input.weightKg, destination: input.address, ...(input.dimensions ? { dimensions: input.dimensions } : {}) };
    const all = quoteParcel(settings, parcel, clock());
    if (all.length === 0) throw permanentError("outside_zones", `${input.address.province} ${input.address.city} is in none of the rate table's zones: add it to a zone's regions, or choose another courier`);
    if (!all.some((q) => q.service === speed)) throw permanentError("speed_not_offered", `speed "${speed}" is not offered (offered: ${all.map((q) => q.service).join(", ")}): add it under the settings' faster services`);
    const record = await issueWaybill(store, settings.waybillPrefix, { idempotencyKey, orderNo: input.orderNo, service: speed, createdAt: clock().toISOString() });
    return { courier: COURIER_ID, trackingNo: record.trackingNo, courierOrderId: courierOrderId(input.orderNo, idempotencyKey), service: record.service };
  },
});
