/**
 * DingTalk's custom robot signature ("加签"): the request carries `timestamp`
 * (Unix milliseconds) and `sign` = base64(HMAC-SHA256 over
 * `timestamp + "\n" + secret`, keyed by the secret), URL-encoded as a query
 * parameter. DingTalk refuses a timestamp more than an hour from its clock.
 */
import { hmacSha256Base64 } from "@orderflow/connector-sdk";

export const SIGNATURE_WINDOW_MS = 60 * 60_000;

export function robotSignature(secret: string, timestampMs: number): string {
  return hmacSha256Base64(secret, `${timestampMs}\n${secret}`);
}
