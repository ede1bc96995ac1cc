/** Reads a waybill's routes (EXP_RECE_SEARCH_ROUTES) in orderflow's tracking words. */
import { defineAction } from "@orderflow/connector-sdk";
import { COURIER_ACTIONS, currentStatus, sortTrackingEvents, TrackOutputSchema, trackProps, type TrackingEvent } from "@orderflow/courier-kit";
import { toSfTrackingEvent, type SfRoute } from "./route-codes";
import { allSettings } from "./settings";
import { callSf, SERVICE } from "./sf-call";

interface RoutesResult {
  routeResps?: { mailNo?: string; routes?: SfRoute[] }[];
}

export const track = defineAction({
  id: "track",
  name: COURIER_ACTIONS.track,
  settings: allSettings,
  props: trackProps,
  output: TrackOutputSchema,
  async run({ input, http }) {
    const result = await callSf<RoutesResult>(http, SERVICE.searchRoutes, { language: "0", trackingType: "1", trackingNumber: [input.trackingNo], methodType: "1" });
    const routes = (result.routeResps ?? []).find((r) => r.mailNo === input.trackingNo)?.routes ?? [];
    const events = sortTrackingEvents(routes.map((route) => toSfTrackingEvent(input.trackingNo, route)).filter((e): e is TrackingEvent => e !== null));
    const status = currentStatus(events);
    return { trackingNo: input.trackingNo, status, delivered: events.some((e) => e.kind === "delivered"), events };
  },
});
