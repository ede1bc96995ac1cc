/** A flow step that sends an e-mail (to a buyer, a supplier, staff). */
import { defineAction, Prop, Type } from "@orderflow/connector-sdk";
import { sendEmail } from "./send-email";
import { allSettings, EMAIL_PATTERN } from "./settings";

export const sendEmailAction = defineAction({
  id: "send_email",
  name: { zh: "发送邮件", en: "Send e-mail" },
  description: { zh: "通过 SMTP 服务器发送一封邮件（纯文本，可附 HTML）", en: "Sends an e-mail through the SMTP server (text, optionally with HTML)" },
  settings: allSettings,
  props: {
    to: Prop.array({ label: { zh: "收件人", en: "To" }, items: Prop.text({ label: { zh: "邮箱", en: "E-mail address" }, pattern: EMAIL_PATTERN }), minItems: 1, maxItems: 50 }),
    subject: Prop.text({ label: { zh: "主题", en: "Subject" }, minLength: 1, maxLength: 200 }),
    text: Prop.text({ label: { zh: "正文", en: "Text" }, multiline: true, minLength: 1 }),
    html: Prop.text({ label: { zh: "HTML 正文", en: "HTML body" }, multiline: true, required: false }),
  },
  output: Type.Object({
    sent: Type.Boolean({ title: "Sent" }),
    messageId: Type.String({ title: "Message-ID" }),
    accepted: Type.Array(Type.String(), { title: "Accepted recipients" }),
  }),
  async run({ input, settings, idempotencyKey, clock, signal }) {
    const result = await sendEmail(settings, { to: [...new Set(input.to)], subject: input.subject, text: input.text, ...(input.html ? { html: input.html } : {}) }, { idempotencyKey, clock, signal });
    return { sent: true, messageId: result.messageId, accepted: result.accepted };
  },
});
