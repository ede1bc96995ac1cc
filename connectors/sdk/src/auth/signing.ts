/**
 * Building blocks of platform request signatures. Each platform signs its own
 * way, but nearly all combine the same pieces: the parameters sorted by name
 * and concatenated, then an HMAC-SHA256 or an MD5 of that with the secret.
 *
 * @example Taobao, JD, Pinduoduo: secretWrappedMd5(params, secret), i.e. md5Hex(secret + sortedParams(params) + secret).toUpperCase()
 * @example JSON webhook: hmacSha256Hex(secret, `${timestamp}.${body}`)
 */
import type { OutgoingRequest } from "../http/http-client";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface SortedParamsOptions {
  /** Between a name and its value; "" by default (`a1b2`). */
  pairSeparator?: string;
  /** Between pairs; "" by default. */
  joinWith?: string;
  /** Names left out (usually the signature's own, e.g. `sign`). */
  exclude?: readonly string[];
}

/** Parameters sorted by name (code-unit order, as platforms specify), empty and undefined ones left out. */
export function sortedParams(params: Record<string, string | number | boolean | undefined | null>, options: SortedParamsOptions = {}): string {
  const { pairSeparator = "", joinWith = "", exclude = [] } = options;
  return Object.keys(params)
    .filter((name) => !exclude.includes(name) && params[name] !== undefined && params[name] !== null && params[name] !== "")
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}${pairSeparator}${String(params[name])}`)
    .join(joinWith);
}

export function hmacSha256Hex(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data, "utf8").digest("hex");
}

export function hmacSha256Base64(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data, "utf8").digest("base64");
}

export function md5Hex(data: string): string {
  return createHash("md5").update(data, "utf8").digest("hex");
}

/** Compares a received signature with the expected one in constant time. */
export function signaturesMatch(received: string, expected: string): boolean {
  const a = Buffer.from(received, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The signature Taobao (TOP, `sign_method=md5`), JD (JOS) and Pinduoduo share:
 * MD5 of secret + sorted name+value pairs (`sign` and empty values left out) + secret, upper-case hex.
 */
export function secretWrappedMd5(params: Record<string, string | number | boolean | undefined | null>, secret: string): string {
  return md5Hex(`${secret}${sortedParams(params, { exclude: ["sign"] })}${secret}`).toUpperCase();
}

/**
 * A form request to a gateway that signs with `secretWrappedMd5` (JD JOS,
 * Pinduoduo POP): the connector's business parameters, as its form body, with
 * the platform's `system` parameters and the signature added. Called on every
 * attempt, so a retry carries a fresh timestamp.
 *
 * @example
 * sign: (request, c, now) => signedMd5Form(request, { client_id: c.clientId, timestamp: String(now.getTime() / 1000 | 0) }, c.clientSecret)
 */
export function signedMd5Form(request: OutgoingRequest, system: Record<string, string>, secret: string): OutgoingRequest {
  const params: Record<string, string> = { ...Object.fromEntries(new URLSearchParams(request.body ?? "")), ...system };
  params["sign"] = secretWrappedMd5(params, secret);
  return { ...request, headers: { ...request.headers, "content-type": "application/x-www-form-urlencoded;charset=utf-8" }, body: new URLSearchParams(params).toString() };
}

/** Why `params.sign` is not the `secretWrappedMd5` of the parameters, or null when it is; for simulators checking what a connector sent. */
export function secretWrappedMd5Problem(params: Record<string, string>, secret: string): string | null {
  if (!params["sign"]) return "the request has no sign parameter";
  return signaturesMatch(params["sign"], secretWrappedMd5(params, secret)) ? null : "sign does not match the parameters: check the secret";
}
