/**
 * ZTO trace actions and what they mean for a parcel, from the actions ZTO
 * pushes (GOT, DEPARTURE, ARRIVAL, DISPATCH, INBOUND, SIGNED…). Any other
 * action is left unmapped (no event), never guessed into a delivery.
 */
import { toTrackingEvent, type TrackingEvent, type TrackingStatus } from "@orderflow/courier-kit";
import { fromZtoTime } from "./zto-call";

export const ZTO_TRACE_ACTIONS: Record<string, TrackingStatus> = {
  GOT: { kind: "picked_up" },
  DEPARTURE: { kind: "in_transit" },
  ARRIVAL: { kind: "in_transit" },
  DISPATCH: { kind: "out_for_delivery" },
  INBOUND: { kind: "out_for_delivery" },
  SIGNED: { kind: "delivered" },
  DEPARTURE_SIGNED: { kind: "delivered" },
  HANDOVERSCAN_SIGNED: { kind: "delivered" },
  PROBLEM: { kind: "exception", reason: "delayed" },
  RETURN_SCAN: { kind: "exception", reason: "returned" },
  RETURN_SIGNED: { kind: "exception", reason: "returned" },
};

/** A trace as ZTO pushes or lists it. */
export interface ZtoTrace {
  billCode?: string;
  action?: string;
  actionTime?: string;
  desc?: string;
  city?: string;
  facilityName?: string;
}

export function toZtoTrackingEvent(trackingNo: string, trace: ZtoTrace): TrackingEvent | null {
  if (typeof trace.action !== "string" || typeof trace.actionTime !== "string") return null;
  const at = fromZtoTime(trace.actionTime);
  if (!at) return null;
  const location = trace.city ?? trace.facilityName;
  return toTrackingEvent(ZTO_TRACE_ACTIONS, { trackingNo, code: trace.action, at, description: trace.desc ?? "", ...(location ? { location } : {}) });
}
