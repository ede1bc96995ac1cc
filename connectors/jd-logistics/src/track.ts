/** Queries a JD waybill's trace and reads it in courier-kit's words. */
import { COURIER_ACTIONS, currentStatus, sortTrackingEvents, TrackOutputSchema, trackProps, type TrackingEvent } from "@orderflow/courier-kit";
import { defineAction } from "@orderflow/connector-sdk";
import { ORDER_ORIGIN, PATHS, type JdTraceData, type JdTraceRequest } from "./jd-messages";
import { jdTrackingEvent } from "./jd-trace";
import { callLop } from "./lop-api";
import { allSettings } from "./settings";

export const track = defineAction({
  id: "track",
  name: COURIER_ACTIONS.track,
  description: { zh: "查询京东物流轨迹", en: "Queries a JD Logistics waybill's trace" },
  settings: allSettings,
  props: trackProps,
  output: TrackOutputSchema,
  async run({ input, settings, http }) {
    const request: JdTraceRequest = { waybillCode: input.trackingNo, customerCode: settings.customerCode, orderOrigin: ORDER_ORIGIN };
    const data = await callLop<JdTraceData>(http, settings.baseUrl, PATHS.trace, request);
    const events = (data.traceDetails ?? [])
      .map((detail) => jdTrackingEvent({ ...detail, waybillCode: input.trackingNo }))
      .filter((event): event is TrackingEvent => event !== null);
    const sorted = sortTrackingEvents(events);
    return { trackingNo: input.trackingNo, status: currentStatus(sorted), delivered: sorted.some((e) => e.kind === "delivered"), events: sorted };
  },
});
