/**
 * Sends one e-mail through the installation's SMTP server. Its Message-ID
 * comes from the idempotency key, so a repeat (after a lost answer) can be
 * recognised and dropped by whoever receives it.
 */
import { permanentError, type PropsValue } from "@orderflow/connector-sdk";
import { buildMessage, messageIdFor } from "./mime-message";
import type { allSettings } from "./settings";
import { sendMail, type SendResult } from "./smtp/smtp-client";

export type EmailSettings = PropsValue<typeof allSettings>;

export interface Email {
  to: readonly string[];
  subject: string;
  text: string;
  html?: string;
}

/** Per SMTP reply; the whole send is bounded by the caller's signal. */
const REPLY_TIMEOUT_MS = 10_000;

export async function sendEmail(settings: EmailSettings, email: Email, context: { idempotencyKey: string; clock: () => Date; signal: AbortSignal }): Promise<SendResult & { messageId: string }> {
  const messageId = messageIdFor(context.idempotencyKey, settings.from);
  const message = buildMessage({
    from: { address: settings.from, ...(settings.fromName ? { name: settings.fromName } : {}) },
    to: email.to,
    subject: email.subject,
    text: email.text,
    ...(email.html === undefined ? {} : { html: email.html }),
    messageId,
    date: context.clock(),
  });
  const security = settings.security ?? "starttls";
  const result = await sendMail(
    {
      host: settings.host,
      port: settings.port ?? (security === "tls" ? 465 : 587),
      security,
      ...(settings.username ? { username: settings.username, password: settings.password ?? "" } : {}),
      clientName: settings.clientName ?? "orderflow.local",
      ...(settings.caCertificate ? { ca: settings.caCertificate } : {}),
      timeoutMs: REPLY_TIMEOUT_MS,
      signal: context.signal,
    },
    { from: settings.from, to: email.to },
    message,
  );
  if (result.refused.length > 0) {
    // Sent to the others already: a retry would repeat it for them, so this is reported, not retried.
    throw permanentError("recipients_refused", `Sent to ${result.accepted.join(", ")}, but the mail server refused ${result.refused.map((r) => `${r.address} (${r.reply})`).join(", ")}: correct those addresses`);
  }
  return { ...result, messageId };
}
