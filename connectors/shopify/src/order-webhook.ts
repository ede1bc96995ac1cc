/**
 * Order webhooks from Shopify (`orders/create`, `orders/paid`,
 * `orders/cancelled`, `orders/updated`). A new order becomes a canonical
 * order keyed by shop and order id, the key reconciliation uses too, so a
 * retried delivery and a backfilled order are recognised. Payment and
 * cancellation happen once per order and are keyed by order; updates happen
 * many times and are keyed by `X-Shopify-Webhook-Id`, which Shopify keeps
 * the same when it retries a delivery.
 */
import { defineWebhookTrigger, headerOf, rejectWebhook, type TriggerEvent } from "@orderflow/connector-sdk";
import { allSettings } from "./settings";
import { orderKey, readShopifyOrder, toCanonicalOrder } from "./shopify-order";
import { HMAC_HEADER, SHOP_DOMAIN_HEADER, TOPIC_HEADER, WEBHOOK_ID_HEADER, webhookHmac, webhookSignatureProblem } from "./webhook-signature";

const MESSAGE_TOPICS: Record<string, string> = { "orders/paid": "order.paid", "orders/cancelled": "order.cancelled", "orders/updated": "order.updated" };

export const orderWebhook = defineWebhookTrigger({
  id: "order_events",
  name: { zh: "Shopify 订单推送", en: "Shopify order webhooks" },
  description: { zh: "接收 Shopify 推送的新订单、付款、取消与更新", en: "Takes new orders, payments, cancellations and updates pushed by Shopify" },
  settings: allSettings,

  verify(request, { settings }) {
    const problem = webhookSignatureProblem(settings.webhookSecret, headerOf(request, HMAC_HEADER), request.body);
    if (problem) rejectWebhook(401, problem);
    const domain = headerOf(request, SHOP_DOMAIN_HEADER);
    // One app secret signs for every store that installed the app: a delivery for another store is not this installation's.
    if (domain !== undefined && domain !== settings.shop) rejectWebhook(401, `the delivery is for the store ${domain}, not ${settings.shop}: check the webhook's address`);
  },

  parse(request, { settings }): TriggerEvent {
    const topic = headerOf(request, TOPIC_HEADER);
    if (topic === undefined) return rejectWebhook(400, `the request has no ${TOPIC_HEADER} header: Shopify names the topic of every delivery`);
    let payload: unknown;
    try {
      payload = JSON.parse(request.body);
    } catch {
      return rejectWebhook(400, "the body is not JSON");
    }
    if (typeof payload !== "object" || payload === null) return rejectWebhook(422, "the body must be Shopify's order object");
    const id = (payload as { id?: unknown }).id;
    if (topic === "orders/create") {
      const order = readShopifyOrder(payload, "order");
      return { kind: "order", dedupeKey: orderKey(settings.shop, order.id), order: toCanonicalOrder(order, settings.shop, payload) };
    }
    const event = MESSAGE_TOPICS[topic];
    if (event === undefined) return { kind: "ignored", dedupeKey: null, reason: `topic "${topic}" is not one orderflow handles (orders/create, ${Object.keys(MESSAGE_TOPICS).join(", ")})` };
    if ((typeof id !== "number" && typeof id !== "string") || String(id) === "") return rejectWebhook(422, `order.id is required for ${topic}`);
    let dedupeKey = `shopify:${settings.shop}:${event}:${id}`;
    if (event === "order.updated") {
      const webhookId = headerOf(request, WEBHOOK_ID_HEADER);
      if (!webhookId) return rejectWebhook(400, `the request has no ${WEBHOOK_ID_HEADER} header, which tells a retried update from a new one`);
      dedupeKey = `shopify:${settings.shop}:webhook:${webhookId}`;
    }
    return { kind: "message", dedupeKey, event, correlation: String(id), payload };
  },

  sign: (body, { settings }) => ({ [HMAC_HEADER]: webhookHmac(settings.webhookSecret, body) }),
});
