/**
 * Orders and order notices pushed by the shop's site. A new order becomes a
 * canonical order keyed by shop and order number (not by the delivery's
 * event id: a shop that retries with a new id is still recognised); payment
 * and cancellation become messages for the flows waiting on that order.
 */
import { defineWebhookTrigger, headerOf, rejectWebhook, type TriggerEvent } from "@orderflow/connector-sdk";
import { allSettings } from "./settings";
import { orderKey, readShopOrder, toCanonicalOrder } from "./shop-order";
import { SIGNATURE_HEADER, signatureHeaders, signatureProblem, TIMESTAMP_HEADER } from "./signature";

const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

export const orderWebhook = defineWebhookTrigger({
  id: "order_events",
  name: { zh: "商城订单推送", en: "Shop order events" },
  description: { zh: "接收商城推送的新订单、付款与取消通知", en: "Takes new orders, payments and cancellations pushed by the shop's site" },
  settings: allSettings,

  verify(request, { settings, clock }) {
    const problem = signatureProblem(settings.secret, clock(), settings.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS, { timestamp: headerOf(request, TIMESTAMP_HEADER), signature: headerOf(request, SIGNATURE_HEADER) }, request.body);
    if (problem) rejectWebhook(401, problem);
  },

  parse(request, { settings }): TriggerEvent {
    let payload: unknown;
    try {
      payload = JSON.parse(request.body);
    } catch {
      return rejectWebhook(400, "the body is not JSON");
    }
    if (typeof payload !== "object" || payload === null || typeof (payload as { event?: unknown }).event !== "string") {
      return rejectWebhook(422, 'the body must be an object with an "event" field, e.g. {"event": "order.created", "order": {…}}');
    }
    const { event, order } = payload as { event: string; order?: unknown };
    const number = (order as { number?: unknown } | undefined)?.number;
    switch (event) {
      case "order.created": {
        const shopOrder = readShopOrder(order, "order");
        return { kind: "order", dedupeKey: orderKey(settings.shop, shopOrder.number), order: toCanonicalOrder(shopOrder, settings.shop, payload) };
      }
      case "order.paid":
      case "order.cancelled": {
        if (typeof number !== "string" || number === "") return rejectWebhook(422, `order.number is required for ${event}`);
        return { kind: "message", dedupeKey: `webhook_shop:${settings.shop}:${event}:${number}`, event, correlation: number, payload };
      }
      case "ping":
        return { kind: "ignored", dedupeKey: null, reason: "the shop's test ping" };
      default:
        return { kind: "ignored", dedupeKey: null, reason: `event "${event}" is not one orderflow handles (order.created, order.paid, order.cancelled)` };
    }
  },

  sign: (body, { settings, clock }) => signatureHeaders(settings.secret, clock(), body),
});
