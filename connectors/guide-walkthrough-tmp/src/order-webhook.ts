import { defineWebhookTrigger, headerOf, rejectWebhook, type TriggerEvent } from "@orderflow/connector-sdk";
import { orderKey, readMiniOrder, toCanonicalOrder } from "./mini-order";
import { allSettings } from "./settings";
import { sign, SIGNATURE_HEADER, signatureProblem } from "./signature";

export const orderWebhook = defineWebhookTrigger({
  id: "orders",
  name: { zh: "订单推送", en: "Order pushes" },
  settings: allSettings,
  verify(request, { settings }) {
    const problem = signatureProblem(settings.webhookSecret, headerOf(request, SIGNATURE_HEADER), request.body);
    if (problem) rejectWebhook(401, problem);
  },
  parse(request, { settings }): TriggerEvent {
    let payload: unknown;
    try {
      payload = JSON.parse(request.body);
    } catch {
      return rejectWebhook(400, "the body is not JSON");
    }
    const order = readMiniOrder(payload);
    return { kind: "order", dedupeKey: orderKey(settings.shop, order.no), order: toCanonicalOrder(order, settings.shop, payload) };
  },
  sign: (body, { settings }) => ({ [SIGNATURE_HEADER]: sign(settings.webhookSecret, body) }),
});
