/** A flow step that texts one phone (a buyer's, say). */
import { defineAction, Prop, Type } from "@orderflow/connector-sdk";
import { sendSms } from "./send-sms";
import { allSettings, PHONE_PATTERN } from "./settings";

export const sendSmsAction = defineAction({
  id: "send_sms",
  name: { zh: "发送短信", en: "Send SMS" },
  description: { zh: "通过所配置的短信服务商给一个手机号发短信", en: "Texts one phone through the configured SMS provider" },
  settings: allSettings,
  props: {
    phone: Prop.text({ label: { zh: "手机号", en: "Phone" }, pattern: PHONE_PATTERN }),
    text: Prop.text({ label: { zh: "短信内容", en: "Text" }, multiline: true, minLength: 1, maxLength: 500 }),
  },
  output: Type.Object({
    sent: Type.Boolean({ title: "Sent" }),
    messageId: Type.Union([Type.String(), Type.Null()], { title: "Provider's message id" }),
  }),
  async run({ input, settings, http, idempotencyKey, clock }) {
    const messageId = await sendSms(http, settings, { phone: input.phone, text: input.text, idempotencyKey, now: clock() });
    return { sent: true, messageId };
  },
});
