/**
 * Push messages (消息推送) from the Douyin shop open platform. A push is a
 * JSON array of `{ tag, msg_id, data }`, `data` being JSON text. A message
 * names the order (`p_id`) but carries no address or lines, so orders
 * themselves come from the order poller (poll-orders.ts); messages tell the
 * flows already running what happened to their order: paid, shipped,
 * completed, cancelled, address changed.
 */
import { defineWebhookTrigger, headerOf, rejectWebhook, type TriggerEvent } from "@orderflow/connector-sdk";
import { APP_ID_HEADER, EVENT_SIGN_HEADER, messageSign, messageSignatureProblem, SIGN_METHOD_HEADER } from "./douyin-signing";
import { allSettings } from "./settings";

/** Message tags orderflow handles, and the event each becomes. */
export const MESSAGE_TAGS: Record<string, { event: string; zh: string; repeats?: true }> = {
  "101": { event: "order.paid", zh: "订单支付" },
  "102": { event: "order.shipped", zh: "卖家发货" },
  "103": { event: "order.completed", zh: "交易完成" },
  "105": { event: "order.address_changed", zh: "买家收货信息变更", repeats: true },
  "106": { event: "order.cancelled", zh: "订单取消" },
};

interface PushedMessage {
  tag?: unknown;
  msg_id?: unknown;
  data?: unknown;
}

export const orderMessages = defineWebhookTrigger({
  id: "order_messages",
  name: { zh: "抖店消息推送", en: "Douyin shop push messages" },
  description: { zh: "接收订单支付、发货、完成、取消与改址消息", en: "Takes order paid, shipped, completed, cancelled and address-changed messages" },
  settings: allSettings,

  verify(request, { settings }) {
    const problem = messageSignatureProblem(
      settings.clientId,
      settings.clientSecret,
      { appId: headerOf(request, APP_ID_HEADER), eventSign: headerOf(request, EVENT_SIGN_HEADER), signMethod: headerOf(request, SIGN_METHOD_HEADER) },
      request.body,
    );
    if (problem) rejectWebhook(401, problem);
  },

  parse(request, { settings }): TriggerEvent[] {
    let messages: unknown;
    try {
      messages = JSON.parse(request.body);
    } catch {
      return rejectWebhook(400, "the body is not JSON");
    }
    if (!Array.isArray(messages) || messages.length === 0) return rejectWebhook(422, 'the body must be a non-empty array of messages, e.g. [{"tag": "101", "msg_id": "…", "data": "{…}"}]');
    // A push may carry several messages (a batch): each is an event of its own, with its own dedupe key.
    return messages.map((message: PushedMessage, index) => readMessage(message, `[${index}]`, settings.shop));
  },

  sign: (body, { settings }) => ({ [APP_ID_HEADER]: settings.clientId, [EVENT_SIGN_HEADER]: messageSign(settings.clientId, settings.clientSecret, body) }),
});

function readMessage(message: PushedMessage, at: string, shop: string): TriggerEvent {
  const tag = String(message.tag ?? "");
  const handled = MESSAGE_TAGS[tag];
  if (!handled) return { kind: "ignored", dedupeKey: null, reason: `${at}: message tag "${tag}" is not one orderflow handles (${Object.entries(MESSAGE_TAGS).map(([t, m]) => `${t} ${m.zh}`).join(", ")})` };
  if (typeof message.data !== "string") return rejectWebhook(422, `${at}.data must be the message's JSON text`);
  // Order ids are 19-digit integers, beyond what a JavaScript number holds exactly: read them from the text.
  const orderId = /"p_id"\s*:\s*"?(\d+)"?/.exec(message.data)?.[1];
  if (!orderId) return rejectWebhook(422, `${at}.data.p_id (the order id) is missing`);
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return rejectWebhook(422, `${at}.data is not JSON text`);
  }
  const msgId = typeof message.msg_id === "string" ? message.msg_id : "";
  if (handled.repeats && !msgId) return rejectWebhook(422, `${at}.msg_id is required for tag ${tag}, which may repeat for one order`);
  const dedupeKey = handled.repeats ? `douyin:${shop}:message:${msgId}` : `douyin:${shop}:${handled.event}:${orderId}`;
  return { kind: "message", dedupeKey, event: handled.event, correlation: orderId, payload: { tag, msg_id: msgId, order_id: orderId, data } };
}
