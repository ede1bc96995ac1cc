/**
 * SF's digital signature (数字签名认证): every call is a form post of
 * `partnerID`, `requestID`, `serviceCode`, `timestamp`, `msgData` and
 * `msgDigest = base64(md5(urlencode(msgData + timestamp + checkword)))`,
 * the URL encoding being Java's `URLEncoder.encode(…, "UTF-8")` as in SF's
 * own demo (space as "+", only letters, digits and `.-*_` left as they are).
 * Route pushes to orderflow carry the same digest of their body in headers.
 */
import { createHash } from "node:crypto";

export const PUSH_TIMESTAMP_HEADER = "x-sf-timestamp";
export const PUSH_DIGEST_HEADER = "x-sf-msgdigest";

/** Java's URLEncoder.encode(value, "UTF-8"). */
export function javaUrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

export function msgDigest(msgData: string, timestamp: string, checkword: string): string {
  return createHash("md5").update(javaUrlEncode(msgData + timestamp + checkword), "utf8").digest("base64");
}

/** The form SF takes, signed. */
export function signedForm(fields: { partnerID: string; requestID: string; serviceCode: string; timestamp: string; msgData: string }, checkword: string): string {
  return new URLSearchParams({ ...fields, msgDigest: msgDigest(fields.msgData, fields.timestamp, checkword) }).toString();
}

export function pushHeaders(body: string, checkword: string, now: Date): Record<string, string> {
  const timestamp = String(now.getTime());
  return { [PUSH_TIMESTAMP_HEADER]: timestamp, [PUSH_DIGEST_HEADER]: msgDigest(body, timestamp, checkword) };
}
