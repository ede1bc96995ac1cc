/**
 * The e-mail itself (RFC 5322 + MIME), as plain 7-bit text: non-ASCII
 * subjects and display names as RFC 2047 encoded words, bodies in base64,
 * a text part and, when there is one, an HTML part. The Message-ID is made
 * from the idempotency key, so a repeat of the same notification carries
 * the same id and a receiver (or a mail filter) can drop it.
 */
import { createHash } from "node:crypto";

export interface MailContent {
  from: { address: string; name?: string };
  to: readonly string[];
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  date: Date;
}

/** `<32 hex chars of SHA-256(key)@sender's domain>`: the same key, the same id. */
export function messageIdFor(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf("@") + 1) || "orderflow.invalid";
  return `<${createHash("sha256").update(idempotencyKey, "utf8").digest("hex").slice(0, 32)}@${domain}>`;
}

/** An encoded word holds at most 75 characters: `=?UTF-8?B?` + 60 base64 characters (45 bytes) + `?=`. */
const WORD_BYTES = 45;

/** A header value as RFC 2047 `=?UTF-8?B?…?=` words when it is not plain ASCII, split between characters, never inside one. */
export function encodeHeaderText(value: string): string {
  const flat = value.replace(/[\r\n]+/g, " ");
  if (/^[\x20-\x7e]*$/.test(flat)) return flat;
  const words: string[] = [];
  let chunk = "";
  for (const char of flat) {
    if (Buffer.byteLength(chunk + char, "utf8") > WORD_BYTES) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk !== "") words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, "utf8").toString("base64")}?=`).join("\r\n ");
}

function mailbox(address: string, name?: string): string {
  if (!name) return `<${address}>`;
  const encoded = encodeHeaderText(name);
  return encoded === name ? `"${name.replace(/["\\]/g, "\\$&")}" <${address}>` : `${encoded} <${address}>`;
}

function base64Lines(text: string): string {
  return (Buffer.from(text, "utf8").toString("base64").match(/.{1,76}/g) ?? [""]).join("\r\n");
}

function part(type: "plain" | "html", body: string): string {
  return [`Content-Type: text/${type}; charset=UTF-8`, "Content-Transfer-Encoding: base64", "", base64Lines(body)].join("\r\n");
}

/** RFC 5322 date in UTC: `Sun, 22 Nov 2026 05:50:00 +0000`. */
function mailDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}

/** The whole message, lines ending in CRLF, ready for DATA (before dot-stuffing). */
export function buildMessage(content: MailContent): string {
  const headers = [
    `From: ${mailbox(content.from.address, content.from.name)}`,
    `To: ${content.to.map((address) => `<${address}>`).join(", ")}`,
    `Subject: ${encodeHeaderText(content.subject)}`,
    `Date: ${mailDate(content.date)}`,
    `Message-ID: ${content.messageId}`,
    "MIME-Version: 1.0",
  ];
  if (content.html === undefined) return [...headers, part("plain", content.text)].join("\r\n") + "\r\n";
  const boundary = `=_orderflow_${createHash("sha256").update(content.messageId).digest("hex").slice(0, 24)}`;
  return (
    [
      ...headers,
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      part("plain", content.text),
      `--${boundary}`,
      part("html", content.html),
      `--${boundary}--`,
    ].join("\r\n") + "\r\n"
  );
}

/** Plain text as HTML, for the HTML part of a notification. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<!doctype html><html><body><p>${escaped.split(/\r?\n/).join("<br>")}</p></body></html>`;
}
