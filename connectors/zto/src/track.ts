/** Reads a waybill's traces (zto.merchant.waybill.track.query) in orderflow's tracking words. */
import { defineAction } from "@orderflow/connector-sdk";
import { COURIER_ACTIONS, currentStatus, sortTrackingEvents, TrackOutputSchema, trackProps, type TrackingEvent } from "@orderflow/courier-kit";
import { lastFour } from "./create-waybill";
import { allSettings } from "./settings";
import { toZtoTrackingEvent, type ZtoTrace } from "./track-actions";
import { API, callZto } from "./zto-call";

export const track = defineAction({
  id: "track",
  name: COURIER_ACTIONS.track,
  settings: allSettings,
  props: trackProps,
  output: TrackOutputSchema,
  async run({ input, settings, http }) {
    const traces = await callZto<ZtoTrace[] | null>(http, API.queryTrack, { billCode: input.trackingNo, mobilePhone: lastFour(settings.sender.phone) });
    const events = sortTrackingEvents((traces ?? []).map((trace) => toZtoTrackingEvent(input.trackingNo, trace)).filter((e): e is TrackingEvent => e !== null));
    return { trackingNo: input.trackingNo, status: currentStatus(events), delivered: events.some((e) => e.kind === "delivered"), events };
  },
});
