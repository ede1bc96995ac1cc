/**
 * YTO's track pushes: a form with `logistics_interface` (an `<UpdateInfo>`
 * XML), its `data_digest` and the customer's `clientId`. Each scan becomes
 * a `parcel.*` message correlated by waybill number; a push repeated or
 * arriving late gets the same dedupe key as before, so it moves nothing.
 */
import { fromChinaTime, toParcelMessage } from "@orderflow/courier-kit";
import { defineWebhookTrigger, rejectWebhook, type TriggerEvent } from "@orderflow/connector-sdk";
import { allSettings, customerCodeOf } from "./settings";
import { pushDigest, pushDigestProblem } from "./signature";
import { ytoTrackingEvent } from "./track-codes";
import { readUpdateInfo } from "./yto-messages";

export const trackPush = defineWebhookTrigger({
  id: "track_push",
  name: { zh: "圆通轨迹推送", en: "YTO track push" },
  description: { zh: "接收圆通推送的揽收、运输、派送、签收与异常", en: "Takes YTO's pushed pickups, transit scans, deliveries and exceptions" },
  settings: allSettings,

  verify(request, { settings }) {
    const form = new URLSearchParams(request.body);
    const problem = pushDigestProblem(form.get("logistics_interface"), form.get("data_digest"), settings.secret);
    if (problem) rejectWebhook(401, problem);
    const clientId = form.get("clientId");
    if (clientId !== null && clientId !== customerCodeOf(settings.createUrl)) rejectWebhook(401, `the push is for customer ${clientId}, not this account's ${customerCodeOf(settings.createUrl)}`);
  },

  parse(request): TriggerEvent {
    const info = readUpdateInfo(new URLSearchParams(request.body).get("logistics_interface") ?? "");
    if (!info) return rejectWebhook(422, "logistics_interface is not an <UpdateInfo> document");
    for (const field of ["mailNo", "infoContent", "acceptTime"] as const) {
      if (!info[field]) return rejectWebhook(422, `<UpdateInfo> has no ${field}: YTO sends it with every push`);
    }
    const at = fromChinaTime(info.acceptTime!);
    if (!at) return rejectWebhook(422, `<UpdateInfo> acceptTime "${info.acceptTime}" is not a time as YTO writes it (yyyy-MM-dd HH:mm:ss)`);
    const description = [info.remark, info.questionCause].filter(Boolean).join(" ") || info.infoContent!;
    const event = ytoTrackingEvent({ mailNo: info.mailNo!, code: info.infoContent!, at, description, ...(info.city ? { location: info.city } : {}) });
    if (!event) return { kind: "ignored", dedupeKey: null, reason: `YTO operation ${info.infoContent} is not one a flow waits on` };
    return toParcelMessage("yto", event);
  },

  // The fixture's body is the `<UpdateInfo>` document; YTO posts it in a form with its digest (content last, so a change to it shows).
  signBody: (content, { settings }) => ({
    body: new URLSearchParams({ clientId: customerCodeOf(settings.createUrl), type: "offline", data_digest: pushDigest(content, settings.secret), logistics_interface: content }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  }),
});
