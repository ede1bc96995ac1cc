/**
 * YTO's operation codes (`infoContent`, the same in track queries and
 * pushes) in courier-kit's words. Codes for steps no flow waits on (ACCEPT,
 * ORDER_BOOKING) are left out, so they are never guessed into a status.
 */
import { exceptionReasonInWords, toTrackingEvent, type TrackingEvent, type TrackingStatus } from "@orderflow/courier-kit";

export const YTO_CODES: Readonly<Record<string, TrackingStatus>> = {
  GOT: { kind: "picked_up" },
  ARRIVAL: { kind: "in_transit" },
  DEPARTURE: { kind: "in_transit" },
  AIRSEND: { kind: "in_transit" },
  AIRPICK: { kind: "in_transit" },
  FORWARDING: { kind: "in_transit" },
  SENT_SCAN: { kind: "out_for_delivery" },
  INBOUND: { kind: "out_for_delivery" },
  SIGNED: { kind: "delivered" },
  FAILED: { kind: "exception", reason: "delayed" },
  NOT_SEND: { kind: "exception", reason: "delayed" },
  TMS_RETURN: { kind: "exception", reason: "returned" },
};

/** One YTO scan (its time already read, ISO 8601) as a tracking event, or null for a code no flow needs. */
export function ytoTrackingEvent(scan: { mailNo: string; code: string; at: string; description: string; location?: string }): TrackingEvent | null {
  const event = toTrackingEvent(YTO_CODES, { trackingNo: scan.mailNo, code: scan.code, at: scan.at, description: scan.description, ...(scan.location ? { location: scan.location } : {}) });
  if (event?.kind !== "exception") return event;
  // YTO names damage, loss or a refusal only in words (questionCause, remark).
  const reason = exceptionReasonInWords(scan.description);
  return reason ? { ...event, reason } : event;
}
