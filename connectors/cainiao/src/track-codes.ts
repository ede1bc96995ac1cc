/**
 * Cainiao's logistics statuses (`logisticsStatus` in a track push) in
 * courier-kit's words. Statuses before pickup (CREATE, WAIT_ACCEPT) are
 * left out, so they are never guessed into a status.
 */
import { exceptionReasonInWords, fromChinaTime, toTrackingEvent, type TrackingEvent, type TrackingStatus } from "@orderflow/courier-kit";
import type { TrackPush } from "./link-messages";

export const CAINIAO_STATUSES: Readonly<Record<string, TrackingStatus>> = {
  ACCEPT: { kind: "picked_up" },
  TRANSPORT: { kind: "in_transit" },
  DELIVERING: { kind: "out_for_delivery" },
  STA_INBOUND: { kind: "out_for_delivery" },
  SIGN: { kind: "delivered" },
  AGENT_SIGN: { kind: "delivered" },
  STA_SIGN: { kind: "delivered" },
  FAILED: { kind: "exception", reason: "delayed" },
  REJECT: { kind: "exception", reason: "returned" },
  RETURN_SIGN: { kind: "exception", reason: "returned" },
};

/** One push (its time checked by the push schema) as a tracking event, or null for a status no flow needs. */
export function cainiaoTrackingEvent(push: TrackPush): TrackingEvent | null {
  const description = push.logisticsDesc ?? push.logisticsStatus;
  const event = toTrackingEvent(CAINIAO_STATUSES, { trackingNo: push.mailNo, code: push.logisticsStatus, at: fromChinaTime(push.time) ?? push.time, description, ...(push.city ? { location: push.city } : {}) });
  if (event?.kind !== "exception") return event;
  // FAILED covers every failure; its description says which.
  const reason = exceptionReasonInWords(description);
  return reason ? { ...event, reason } : event;
}
