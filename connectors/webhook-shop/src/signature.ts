/**
 * The shop's signature scheme, both ways: `x-shop-signature: sha256=<hex>`,
 * an HMAC-SHA256 under the shared secret of `<timestamp>.<body>` for
 * webhooks the shop sends, and of `<timestamp>.<METHOD>.<path?query>.<body>`
 * for calls orderflow makes (so a listing's query cannot be swapped), with
 * `x-shop-timestamp` in Unix seconds. A timestamp outside the replay window
 * is refused, so a captured request cannot be replayed later.
 */
import { hmacSha256Hex, signaturesMatch } from "@orderflow/connector-sdk";

export const SIGNATURE_HEADER = "x-shop-signature";
export const TIMESTAMP_HEADER = "x-shop-timestamp";

export function signingString(timestamp: number, body: string, call?: { method: string; pathAndQuery: string }): string {
  return call ? `${timestamp}.${call.method.toUpperCase()}.${call.pathAndQuery}.${body}` : `${timestamp}.${body}`;
}

export function signatureHeaders(secret: string, now: Date, body: string, call?: { method: string; pathAndQuery: string }): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: `sha256=${hmacSha256Hex(secret, signingString(timestamp, body, call))}` };
}

/** Why the signature does not hold, or null when it does. */
export function signatureProblem(
  secret: string,
  now: Date,
  replayWindowSeconds: number,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  call?: { method: string; pathAndQuery: string },
): string | null {
  if (headers.signature === undefined) return `the request has no ${SIGNATURE_HEADER} header: the shop must sign every request`;
  if (headers.timestamp === undefined || !/^\d+$/.test(headers.timestamp)) return `the ${TIMESTAMP_HEADER} header must be the Unix time in seconds`;
  const timestamp = Number(headers.timestamp);
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - timestamp);
  if (skew > replayWindowSeconds) return `the request was signed ${skew} s away from now; at most ${replayWindowSeconds} s are accepted (a replayed request, or a clock out of step)`;
  const expected = `sha256=${hmacSha256Hex(secret, signingString(timestamp, body, call))}`;
  return signaturesMatch(headers.signature, expected) ? null : `the ${SIGNATURE_HEADER} header does not match the body: check the shared secret`;
}
