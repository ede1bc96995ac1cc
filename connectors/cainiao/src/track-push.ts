/**
 * Cainiao's track pushes: a form with `logistics_interface` (JSON, one
 * status of one waybill) and its `data_digest`. Each becomes a `parcel.*`
 * message correlated by waybill number; a push repeated or arriving late
 * gets the same dedupe key as before, so it moves nothing.
 */
import { toParcelMessage } from "@orderflow/courier-kit";
import { checkAgainst, defineWebhookTrigger, describeProblems, rejectWebhook, Type, type TriggerEvent } from "@orderflow/connector-sdk";
import type { TrackPush } from "./link-messages";
import { allSettings } from "./settings";
import { dataDigest, digestProblem } from "./signature";
import { cainiaoTrackingEvent } from "./track-codes";

const TrackPushSchema = Type.Object({
  mailNo: Type.String({ minLength: 1 }),
  cpCode: Type.String(),
  logisticsStatus: Type.String({ minLength: 1 }),
  logisticsDesc: Type.Optional(Type.String()),
  time: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}$" }),
  city: Type.Optional(Type.String()),
});

export const trackPush = defineWebhookTrigger({
  id: "track_push",
  name: { zh: "菜鸟轨迹推送", en: "Cainiao track push" },
  description: { zh: "接收菜鸟推送的揽收、运输、派送、签收与异常", en: "Takes Cainiao's pushed pickups, transit, deliveries and exceptions" },
  settings: allSettings,

  verify(request, { settings }) {
    const form = new URLSearchParams(request.body);
    const problem = digestProblem(form.get("logistics_interface"), form.get("data_digest"), settings.appSecret);
    if (problem) rejectWebhook(401, problem);
  },

  parse(request): TriggerEvent {
    let content: unknown;
    try {
      content = JSON.parse(new URLSearchParams(request.body).get("logistics_interface") ?? "");
    } catch {
      return rejectWebhook(400, "logistics_interface is not JSON");
    }
    const problems = checkAgainst(TrackPushSchema, content, "logistics_interface");
    if (problems.length > 0) return rejectWebhook(422, `the push is not a Cainiao track push: ${describeProblems(problems)}`);
    const push = content as TrackPush;
    const event = cainiaoTrackingEvent(push);
    if (!event) return { kind: "ignored", dedupeKey: null, reason: `Cainiao status ${push.logisticsStatus} is not one a flow waits on` };
    return toParcelMessage("cainiao", event);
  },

  // The fixture's body is the push's JSON; Cainiao posts it in a form with its digest (content last, so a change to it shows).
  signBody: (content, { settings }) => ({
    body: new URLSearchParams({ msg_type: "CAINIAO_LOGISTICS_TRACE_PUSH", logistic_provider_id: settings.logisticProviderId, data_digest: dataDigest(content, settings.appSecret), logistics_interface: content }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  }),
});
