/**
 * Status pushes from the local courier's dispatch app (or the riders'
 * phones), already in orderflow's tracking words, signed with the shared
 * secret: `x-courier-timestamp` (Unix seconds) and
 * `x-courier-signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
 *
 *     { "trackingNo": "LC123456789012", "status": "exception", "reason": "delayed",
 *       "at": "2026-11-23T10:00:00+08:00", "note": "暴雨延误", "location": "杭州" }
 *
 * Each push becomes a `parcel.*` message correlated by tracking number.
 */
import { defineWebhookTrigger, headerOf, hmacSha256Hex, rejectWebhook, signaturesMatch, type TriggerEvent } from "@orderflow/connector-sdk";
import { EXCEPTION_REASONS, TRACKING_KINDS, toParcelMessage, toTrackingEvent, type ExceptionReason, type TrackingStatus } from "@orderflow/courier-kit";
import { COURIER_ID } from "./rate-table";
import { allSettings } from "./settings";

export const SIGNATURE_HEADER = "x-courier-signature";
export const TIMESTAMP_HEADER = "x-courier-timestamp";
const REPLAY_WINDOW_SECONDS = 300;

/** The push's `status` (with `reason` for an exception) is the code. */
const CODES: Record<string, TrackingStatus> = {
  picked_up: { kind: "picked_up" },
  in_transit: { kind: "in_transit" },
  out_for_delivery: { kind: "out_for_delivery" },
  delivered: { kind: "delivered" },
  ...Object.fromEntries((Object.keys(EXCEPTION_REASONS) as ExceptionReason[]).map((reason) => [`exception:${reason}`, { kind: "exception", reason }])),
};

export function signPush(secret: string, now: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: `sha256=${hmacSha256Hex(secret, `${timestamp}.${body}`)}` };
}

export const deliveryUpdates = defineWebhookTrigger({
  id: "delivery_updates",
  name: { zh: "配送状态推送", en: "Delivery updates" },
  description: { zh: "接收同城配送系统推送的揽收、派送、签收与异常", en: "Takes pick-up, delivery and exception pushes from the local courier's dispatch app" },
  settings: allSettings,

  verify(request, { settings, clock }) {
    const signature = headerOf(request, SIGNATURE_HEADER);
    const timestamp = headerOf(request, TIMESTAMP_HEADER);
    if (signature === undefined) rejectWebhook(401, `the request has no ${SIGNATURE_HEADER} header: the dispatch app must sign every push`);
    if (timestamp === undefined || !/^\d+$/.test(timestamp)) rejectWebhook(401, `the ${TIMESTAMP_HEADER} header must be the Unix time in seconds`);
    const skew = Math.abs(Math.floor(clock().getTime() / 1000) - Number(timestamp));
    if (skew > REPLAY_WINDOW_SECONDS) rejectWebhook(401, `the push was signed ${skew} s away from now; at most ${REPLAY_WINDOW_SECONDS} s are accepted`);
    if (!signaturesMatch(signature, `sha256=${hmacSha256Hex(settings.webhookSecret, `${timestamp}.${request.body}`)}`)) rejectWebhook(401, `the ${SIGNATURE_HEADER} header does not match the body: check the push signing secret`);
  },

  parse(request): TriggerEvent {
    let push: { trackingNo?: unknown; status?: unknown; reason?: unknown; at?: unknown; note?: unknown; location?: unknown };
    try {
      push = JSON.parse(request.body) as typeof push;
    } catch {
      return rejectWebhook(400, "the body is not JSON");
    }
    if (typeof push.trackingNo !== "string" || push.trackingNo === "") return rejectWebhook(422, "trackingNo is required");
    if (typeof push.at !== "string" || Number.isNaN(Date.parse(push.at))) return rejectWebhook(422, 'at must be an ISO 8601 time with an offset, e.g. "2026-11-23T10:00:00+08:00"');
    const code = push.status === "exception" ? `exception:${String(push.reason)}` : String(push.status);
    const event = toTrackingEvent(CODES, {
      trackingNo: push.trackingNo,
      code,
      at: push.at,
      description: typeof push.note === "string" ? push.note : "",
      ...(typeof push.location === "string" ? { location: push.location } : {}),
    });
    if (!event) {
      return rejectWebhook(422, `status must be one of ${Object.keys(TRACKING_KINDS).join(", ")}, and an exception needs a reason: ${Object.keys(EXCEPTION_REASONS).join(", ")}`);
    }
    return toParcelMessage(COURIER_ID, event);
  },

  sign: (body, { settings, clock }) => signPush(settings.webhookSecret, clock(), body),
});
