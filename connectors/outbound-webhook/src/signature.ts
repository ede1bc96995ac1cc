/**
 * How orderflow signs the events it posts, the counterpart of the signed
 * webhooks it takes from a shop: `x-orderflow-signature: sha256=<hex>`, an
 * HMAC-SHA256 under the shared secret of `<timestamp>.<body>`, with
 * `x-orderflow-timestamp` in Unix seconds. A receiver checks both and
 * refuses a timestamp outside its replay window.
 */
import { hmacSha256Hex, signaturesMatch } from "@orderflow/connector-sdk";

export const SIGNATURE_HEADER = "x-orderflow-signature";
export const TIMESTAMP_HEADER = "x-orderflow-timestamp";

export function signatureHeaders(secret: string, now: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: `sha256=${hmacSha256Hex(secret, `${timestamp}.${body}`)}` };
}

/** Why a received event's signature does not hold, or null when it does: what a receiver runs. */
export function signatureProblem(secret: string, now: Date, replayWindowSeconds: number, headers: Record<string, string | undefined>, body: string): string | null {
  const signature = headers[SIGNATURE_HEADER];
  const timestamp = headers[TIMESTAMP_HEADER];
  if (signature === undefined) return `no ${SIGNATURE_HEADER} header`;
  if (timestamp === undefined || !/^\d+$/.test(timestamp)) return `the ${TIMESTAMP_HEADER} header must be the Unix time in seconds`;
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > replayWindowSeconds) return `signed ${skew} s away from now; at most ${replayWindowSeconds} s are accepted`;
  return signaturesMatch(signature, `sha256=${hmacSha256Hex(secret, `${timestamp}.${body}`)}`) ? null : `the ${SIGNATURE_HEADER} header does not match the body: check the shared secret`;
}
