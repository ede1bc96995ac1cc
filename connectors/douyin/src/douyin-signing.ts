/**
 * The Douyin shop open platform's (抖店开放平台) signatures, both ways.
 *
 * API calls: the business parameters travel as `param_json`, JSON with
 * every object's keys sorted and no spaces; the signed string is
 * `app_secret + "app_key" + app_key + "method" + method + "param_json" +
 * param_json + "timestamp" + timestamp + "v" + v + app_secret`, hashed with
 * MD5 or HMAC-SHA256 (keyed with the app secret) as `sign_method` says.
 * `access_token` is sent but not signed.
 *
 * Push messages (消息推送): `event-sign` is the MD5 of
 * `app_key + body + app_secret` (HMAC-SHA256 under the secret when the
 * `sign-method` header says so), and `app-id` names the app.
 */
import { hmacSha256Hex, md5Hex, signaturesMatch } from "@orderflow/connector-sdk";

export type SignMethod = "md5" | "hmac-sha256";

export const API_VERSION = "2";
export const EVENT_SIGN_HEADER = "event-sign";
export const APP_ID_HEADER = "app-id";
export const SIGN_METHOD_HEADER = "sign-method";

/** JSON with the keys of every object sorted, as param_json must be. */
export function paramJson(params: unknown): string {
  return JSON.stringify(sortKeys(params));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(source)
      .filter((key) => source[key] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((key) => [key, sortKeys(source[key])]),
  );
}

function digest(method: SignMethod, secret: string, text: string): string {
  return method === "md5" ? md5Hex(text) : hmacSha256Hex(secret, text);
}

export interface SignedCall {
  appKey: string;
  method: string;
  paramJson: string;
  /** `yyyy-MM-dd HH:mm:ss` in Beijing time. */
  timestamp: string;
}

export function apiSign(secret: string, signMethod: SignMethod, call: SignedCall): string {
  return digest(signMethod, secret, `${secret}app_key${call.appKey}method${call.method}param_json${call.paramJson}timestamp${call.timestamp}v${API_VERSION}${secret}`);
}

/** The platform's timestamp format: Beijing time (GMT+8), `2026-11-22 09:58:00`. */
export function beijingTimestamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** Reads a `yyyy-MM-dd HH:mm:ss` Beijing timestamp; NaN when it is not one. */
export function parseBeijingTimestamp(text: string): number {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ? Date.parse(`${text.replace(" ", "T")}+08:00`) : Number.NaN;
}

export function messageSign(appKey: string, secret: string, body: string, signMethod: SignMethod = "md5"): string {
  return digest(signMethod, secret, `${appKey}${body}${secret}`);
}

/** Why a push message's signature does not hold, or null when it does. */
export function messageSignatureProblem(appKey: string, secret: string, headers: { appId: string | undefined; eventSign: string | undefined; signMethod: string | undefined }, body: string): string | null {
  if (headers.eventSign === undefined) return `the request has no ${EVENT_SIGN_HEADER} header: Douyin signs every push message`;
  if (headers.appId !== undefined && headers.appId !== appKey) return `the message is for app ${headers.appId}, not ${appKey}: check the push address of each app`;
  const method: SignMethod = headers.signMethod?.toLowerCase() === "hmac-sha256" ? "hmac-sha256" : "md5";
  return signaturesMatch(headers.eventSign, messageSign(appKey, secret, body, method)) ? null : `the ${EVENT_SIGN_HEADER} header does not match the body: check the app secret`;
}
