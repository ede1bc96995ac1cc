/**
 * ZTO's track push (物流轨迹推送) for subscribed waybills: a form post
 *
 *     company_id=<app key>&msg_type=Traces&data={"billCode":"…","action":"SIGNED","actionTime":"2026-11-23 10:00:00",…}
 *
 * with `data_digest = base64(md5(data + appSecret))` in the form (or an
 * `x-datadigest` header). Each push becomes a `parcel.*` message correlated
 * by the waybill number; a repeated or late push is recognised by its dedupe key.
 */
import { defineWebhookTrigger, headerOf, rejectWebhook, signaturesMatch, type TriggerEvent } from "@orderflow/connector-sdk";
import { sortTrackingEvents, toParcelMessage, type TrackingEvent } from "@orderflow/courier-kit";
import { COURIER_ID } from "./create-waybill";
import { allSettings } from "./settings";
import { dataDigest } from "./signature";
import { toZtoTrackingEvent, type ZtoTrace } from "./track-actions";

export const trackPush = defineWebhookTrigger({
  id: "track_push",
  name: { zh: "中通轨迹推送", en: "ZTO track push" },
  description: { zh: "把中通推送的揽收、运输、派件、签收与异常变为订单事件", en: "Turns ZTO's pushed pick-ups, transits, deliveries and exceptions into order events" },
  settings: allSettings,

  verify(request, { settings }) {
    const form = new URLSearchParams(request.body);
    const digest = headerOf(request, "x-datadigest") ?? form.get("data_digest") ?? undefined;
    if (digest === undefined) rejectWebhook(401, "the push has no data_digest (form field or x-datadigest header)");
    const company = form.get("company_id");
    if (company !== null && company !== settings.appKey) rejectWebhook(401, `company_id ${company} is not this installation's app key`);
    if (!signaturesMatch(digest, dataDigest(form.get("data") ?? "", settings.appSecret))) rejectWebhook(401, "data_digest does not match the data: check the app secret");
  },

  parse(request): TriggerEvent {
    const form = new URLSearchParams(request.body);
    const type = form.get("msg_type");
    if (type !== "Traces") return { kind: "ignored", dedupeKey: null, reason: `msg_type ${type ?? "(none)"} is not one orderflow handles (Traces)` };
    let data: unknown;
    try {
      data = JSON.parse(form.get("data") ?? "");
    } catch {
      return rejectWebhook(422, "the data field is not JSON");
    }
    const traces = (Array.isArray(data) ? data : [data]) as ZtoTrace[];
    const events: TrackingEvent[] = [];
    traces.forEach((trace, i) => {
      if (typeof trace?.billCode !== "string" || trace.billCode === "") rejectWebhook(422, `data${Array.isArray(data) ? `[${i}]` : ""}.billCode is required`);
      const event = toZtoTrackingEvent(trace.billCode, trace);
      if (event) events.push(event);
    });
    const latest = sortTrackingEvents(events).at(-1);
    if (!latest) return { kind: "ignored", dedupeKey: null, reason: `no trace in the push is one orderflow follows (actions ${traces.map((t) => t?.action).join(", ")})` };
    return toParcelMessage(COURIER_ID, latest);
  },

  sign: (body, { settings }) => ({ "x-datadigest": dataDigest(new URLSearchParams(body).get("data") ?? "", settings.appSecret) }),
});
