import { defineConnector, type Notification, type NotifyContext, type PropsValue } from "@orderflow/connector-sdk";
import { deliverEvent } from "./deliver-event";
import { sendEvent } from "./send-event";
import { allSettings, auth, settings } from "./settings";

/** A flow's notification as a `notification` event: the audience and both languages, for the receiver to route. */
async function notifyReceiver(context: NotifyContext<Record<string, unknown>>, notification: Notification): Promise<void> {
  const installed = context.settings as PropsValue<typeof allSettings>;
  await deliverEvent(context.http, installed.url, {
    id: context.idempotencyKey,
    type: "notification",
    source: installed.source ?? "orderflow",
    occurredAt: context.clock().toISOString(),
    data: { to: notification.to, message: notification.message },
  });
}

/** Signed JSON events to a URL of the customer's choosing (an ERP, a chat bridge, a data pipeline). */
export const outboundWebhook = defineConnector({
  id: "outbound_webhook",
  name: { zh: "签名 Webhook 推送", en: "Outbound signed webhook" },
  description: { zh: "把通知与事件以签名 JSON 推送到指定地址，失败自动重试", en: "Posts notifications and events as signed JSON to a URL, retrying failures" },
  category: "notification",
  version: "1.0.0",
  auth,
  settings,
  actions: [sendEvent],
  notify: notifyReceiver,
});
