import { defineConnector, describeAudience, messageText, permanentError, recipientAddresses, type Notification, type NotifyContext } from "@orderflow/connector-sdk";
import { textToHtml } from "./mime-message";
import { sendEmail, type EmailSettings } from "./send-email";
import { sendEmailAction } from "./send-email-action";
import { auth, isEmail, settings } from "./settings";

/** A flow's notification as one e-mail to everyone in the audience; its first line is the subject. */
async function notifyByEmail(context: NotifyContext<Record<string, unknown>>, notification: Notification): Promise<void> {
  const installed = context.settings as EmailSettings;
  const text = messageText(notification.message, installed.language);
  const to = recipientAddresses(installed.directory, notification.to, isEmail);
  if (to.length === 0) throw permanentError("no_recipient", `No e-mail address for ${describeAudience(notification.to)}: add them to the e-mail connector's recipient directory, or give the flow a user that is an e-mail address`);
  const firstLine = text.split("\n").find((line) => line.trim() !== "")!.trim();
  const subject = [installed.subjectPrefix ?? "[orderflow]", firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine].filter(Boolean).join(" ");
  await sendEmail(installed, { to, subject, text, html: textToHtml(text) }, context);
}

/** E-mail over SMTP: flow notifications and a send-e-mail step. */
export const email = defineConnector({
  id: "email",
  name: { zh: "电子邮件（SMTP）", en: "E-mail (SMTP)" },
  description: { zh: "通过企业邮箱或任意 SMTP 服务器发送通知与邮件", en: "Sends notifications and e-mails through any SMTP server" },
  category: "notification",
  version: "1.0.0",
  auth,
  settings,
  idempotencyHeader: null,
  actions: [sendEmailAction],
  notify: notifyByEmail,
});
