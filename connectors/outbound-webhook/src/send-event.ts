/** A flow step that posts a signed event (type + data) to the receiver. */
import { defineAction, Prop, Type } from "@orderflow/connector-sdk";
import { deliverEvent } from "./deliver-event";
import { allSettings } from "./settings";

export const sendEvent = defineAction({
  id: "send_event",
  name: { zh: "推送事件", en: "Send event" },
  description: { zh: "向接收地址推送一个签名的 JSON 事件", en: "Posts a signed JSON event to the receiver" },
  settings: allSettings,
  props: {
    type: Prop.text({ label: { zh: "事件类型", en: "Event type" }, placeholder: "order.shipped", pattern: "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$" }),
    data: Prop.json({ label: { zh: "事件数据", en: "Event data" } }),
  },
  output: Type.Object({
    delivered: Type.Boolean({ title: "Delivered" }),
    eventId: Type.String({ title: "Event id", description: "The step's idempotency key; the receiver can drop a repeat by it" }),
    status: Type.Integer({ title: "Receiver's HTTP status" }),
  }),
  async run({ input, settings, http, idempotencyKey, clock }) {
    const event = { id: idempotencyKey, type: input.type, source: settings.source ?? "orderflow", occurredAt: clock().toISOString(), data: input.data ?? null };
    const status = await deliverEvent(http, settings.url, event);
    return { delivered: true, eventId: event.id, status };
  },
});
