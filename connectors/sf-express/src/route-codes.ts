/**
 * SF route operation codes (opCode) and what they mean for a parcel. Only
 * codes we could confirm from SF's route samples are mapped; any other
 * scan is left unmapped (no event), never guessed into a delivery.
 */
import { toTrackingEvent, type CourierRoute, type TrackingEvent, type TrackingStatus } from "@orderflow/courier-kit";
import { fromSfTime } from "./sf-call";

export const SF_ROUTE_CODES: Record<string, TrackingStatus> = {
  "50": { kind: "picked_up" },
  "54": { kind: "picked_up" },
  "30": { kind: "in_transit" },
  "31": { kind: "in_transit" },
  "36": { kind: "in_transit" },
  "105": { kind: "in_transit" },
  "106": { kind: "in_transit" },
  "407": { kind: "in_transit" },
  "44": { kind: "out_for_delivery" },
  "204": { kind: "out_for_delivery" },
  "80": { kind: "delivered" },
  "8000": { kind: "delivered" },
  "33": { kind: "exception", reason: "delayed" },
  "70": { kind: "exception", reason: "delayed" },
  "99": { kind: "exception", reason: "returned" },
  "648": { kind: "exception", reason: "returned" },
};

/** A route as SF lists it (EXP_RECE_SEARCH_ROUTES) or pushes it (WaybillRoute). */
export interface SfRoute {
  mailno?: string;
  acceptTime?: string;
  acceptAddress?: string;
  remark?: string;
  opCode?: string;
}

export function toSfTrackingEvent(trackingNo: string, route: SfRoute): TrackingEvent | null {
  if (typeof route.opCode !== "string" || typeof route.acceptTime !== "string") return null;
  const courierRoute: CourierRoute = { trackingNo, code: route.opCode, at: fromSfTime(route.acceptTime), description: route.remark ?? "", ...(route.acceptAddress ? { location: route.acceptAddress } : {}) };
  return toTrackingEvent(SF_ROUTE_CODES, courierRoute);
}
