/**
 * SF's route push (路由推送): SF posts new routes of the customer's waybills
 *
 *     { "Body": { "WaybillRoute": [ { "mailno": "SF…", "orderid": "…", "opCode": "80",
 *       "acceptTime": "2026-11-23 10:00:00", "acceptAddress": "杭州市", "remark": "已签收", "id": "…" } ] } }
 *
 * signed with the check word like SF's own calls (see signature.ts). The
 * latest route in the push becomes a `parcel.*` message correlated by the
 * waybill number; a push repeated, or arriving after a later one, is
 * recognised by its dedupe key (see courier-kit's toParcelMessage).
 */
import { defineWebhookTrigger, headerOf, rejectWebhook, signaturesMatch, type TriggerEvent } from "@orderflow/connector-sdk";
import { sortTrackingEvents, toParcelMessage, type TrackingEvent } from "@orderflow/courier-kit";
import { COURIER_ID } from "./create-waybill";
import { toSfTrackingEvent, type SfRoute } from "./route-codes";
import { allSettings } from "./settings";
import { msgDigest, PUSH_DIGEST_HEADER, PUSH_TIMESTAMP_HEADER, pushHeaders } from "./signature";

const REPLAY_WINDOW_MS = 10 * 60_000;

export const routePush = defineWebhookTrigger({
  id: "route_push",
  name: { zh: "顺丰路由推送", en: "SF route push" },
  description: { zh: "把顺丰推送的揽收、运输、派送、签收与异常变为订单事件", en: "Turns SF's pushed pick-ups, transits, deliveries and exceptions into order events" },
  settings: allSettings,

  verify(request, { settings, clock }) {
    const digest = headerOf(request, PUSH_DIGEST_HEADER);
    const timestamp = headerOf(request, PUSH_TIMESTAMP_HEADER);
    if (digest === undefined) rejectWebhook(401, `the push has no ${PUSH_DIGEST_HEADER} header`);
    if (timestamp === undefined || !/^\d{10,13}$/.test(timestamp)) rejectWebhook(401, `the ${PUSH_TIMESTAMP_HEADER} header must be the time in milliseconds`);
    const skew = Math.abs(clock().getTime() - Number(timestamp.length === 10 ? `${timestamp}000` : timestamp));
    if (skew > REPLAY_WINDOW_MS) rejectWebhook(401, `the push was signed ${Math.round(skew / 1000)} s away from now; at most ${REPLAY_WINDOW_MS / 1000} s are accepted`);
    if (!signaturesMatch(digest, msgDigest(request.body, timestamp, settings.checkword))) rejectWebhook(401, `the ${PUSH_DIGEST_HEADER} header does not match the body: check the check word`);
  },

  parse(request): TriggerEvent {
    let payload: { Body?: { WaybillRoute?: unknown } };
    try {
      payload = JSON.parse(request.body) as typeof payload;
    } catch {
      return rejectWebhook(400, "the body is not JSON");
    }
    const routes = payload.Body?.WaybillRoute;
    if (!Array.isArray(routes) || routes.length === 0) return rejectWebhook(422, 'the push must be {"Body": {"WaybillRoute": [ {mailno, opCode, acceptTime, …} ]}}');
    const events: TrackingEvent[] = [];
    (routes as SfRoute[]).forEach((route, i) => {
      if (typeof route.mailno !== "string" || route.mailno === "") rejectWebhook(422, `Body.WaybillRoute[${i}].mailno is required`);
      try {
        const event = toSfTrackingEvent(route.mailno, route);
        if (event) events.push(event);
      } catch (error) {
        rejectWebhook(422, `Body.WaybillRoute[${i}]: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    const latest = sortTrackingEvents(events).at(-1);
    if (!latest) return { kind: "ignored", dedupeKey: null, reason: `no route in the push is one orderflow follows (opCodes ${(routes as SfRoute[]).map((r) => r.opCode).join(", ")})` };
    return toParcelMessage(COURIER_ID, latest);
  },

  sign: (body, { settings, clock }) => pushHeaders(body, settings.checkword, clock()),
});
