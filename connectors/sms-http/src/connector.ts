import { defineConnector, describeAudience, messageText, permanentError, recipientAddresses, type Notification, type NotifyContext } from "@orderflow/connector-sdk";
import type { SmsSettings } from "./provider-request";
import { sendSms } from "./send-sms";
import { sendSmsAction } from "./send-sms-action";
import { auth, isPhone, settings } from "./settings";

/** A flow's notification, texted to each phone of the audience, one after another, each under its own key. */
async function notifyByText(context: NotifyContext<Record<string, unknown>>, notification: Notification): Promise<void> {
  const installed = context.settings as SmsSettings;
  const text = messageText(notification.message, installed.language);
  const phones = recipientAddresses(installed.directory, notification.to, isPhone);
  if (phones.length === 0) {
    throw permanentError("no_recipient", `No phone for ${describeAudience(notification.to)}: add them to the SMS connector's recipient directory, or give the flow a user that is a phone number`);
  }
  for (const phone of phones) await sendSms(context.http, installed, { phone, text, idempotencyKey: `${context.idempotencyKey}:${phone}`, now: context.clock() });
}

/** SMS through any provider with an HTTP API, described by templates. */
export const smsHttp = defineConnector({
  id: "sms_http",
  name: { zh: "短信（通用 HTTP 服务商）", en: "SMS (generic HTTP provider)" },
  description: { zh: "按模板调用短信服务商的 HTTP 接口发送短信，可对请求体签名", en: "Sends SMS through a provider's HTTP API described by templates, optionally signing the body" },
  category: "notification",
  version: "1.0.0",
  auth,
  settings,
  // Per provider (not per installation): most providers limit an account to a few SMS a second.
  shopSetting: "provider",
  rateLimit: { perSecond: 5, burst: 10 },
  actions: [sendSmsAction],
  notify: notifyByText,
});
