/** Queries a YTO waybill's track (track_query_adapter) and reads it in courier-kit's words. */
import { COURIER_ACTIONS, currentStatus, fromChinaTime, sortTrackingEvents, TrackOutputSchema, trackProps, type TrackingEvent } from "@orderflow/courier-kit";
import { ConnectorError, defineAction, permanentError } from "@orderflow/connector-sdk";
import { allSettings } from "./settings";
import { ytoTrackingEvent } from "./track-codes";
import { callYto } from "./yto-api";
import type { YtoTrackNode } from "./yto-messages";

export const track = defineAction({
  id: "track",
  name: COURIER_ACTIONS.track,
  description: { zh: "查询圆通物流轨迹", en: "Queries a YTO waybill's track" },
  settings: allSettings,
  props: trackProps,
  output: TrackOutputSchema,
  async run({ input, settings, http }) {
    let nodes: YtoTrackNode[];
    try {
      nodes = await callYto<YtoTrackNode[]>(http, settings.trackUrl, "track query", { Number: input.trackingNo });
    } catch (error) {
      // YTO refuses an empty track ("查询结果为空") rather than answering an empty list: before pickup that is no error.
      if (error instanceof ConnectorError && /查询结果为空|no track/i.test(error.message)) nodes = [];
      else throw error;
    }
    const events = (Array.isArray(nodes) ? nodes : [])
      .map((node, i) => {
        const at = fromChinaTime(String(node.upload_Time));
        if (!at) throw permanentError("bad_response", `YTO's track for ${input.trackingNo} has an unreadable time at [${i}].upload_Time: "${node.upload_Time}"`);
        return ytoTrackingEvent({ mailNo: input.trackingNo, code: node.infoContent, at, description: node.processInfo ?? node.infoContent, ...(node.city ? { location: node.city } : {}) });
      })
      .filter((event): event is TrackingEvent => event !== null);
    const sorted = sortTrackingEvents(events);
    const status = currentStatus(sorted);
    return { trackingNo: input.trackingNo, status, delivered: sorted.some((e) => e.kind === "delivered"), events: sorted };
  },
});
