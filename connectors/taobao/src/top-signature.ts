/**
 * The TOP request signature: every parameter but `sign` (system and business
 * alike, empty ones left out), sorted by name and joined as name+value, then
 * either MD5 of secret+joined+secret (`sign_method=md5`) or HMAC-MD5 of the
 * joined string keyed with the secret (`sign_method=hmac`), in upper-case hex.
 * The timestamp is Beijing time, `yyyy-MM-dd HH:mm:ss`; TOP refuses one more
 * than ten minutes away from its clock.
 */
import { createHmac } from "node:crypto";
import { md5Hex, signaturesMatch, sortedParams } from "@orderflow/connector-sdk";

export type TopSignMethod = "md5" | "hmac";

export function topSign(params: Record<string, string>, secret: string, method: TopSignMethod): string {
  const joined = sortedParams(params, { exclude: ["sign"] });
  const digest = method === "md5" ? md5Hex(`${secret}${joined}${secret}`) : createHmac("md5", secret).update(joined, "utf8").digest("hex");
  return digest.toUpperCase();
}

/** Why a signed parameter set does not hold, or null when it does (the simulator checks requests with it). */
export function topSignatureProblem(params: Record<string, string>, secret: string): string | null {
  const method = params["sign_method"];
  if (method !== "md5" && method !== "hmac") return `sign_method must be md5 or hmac, not ${JSON.stringify(method)}`;
  if (!params["sign"]) return "the request has no sign parameter";
  return signaturesMatch(params["sign"], topSign(params, secret, method)) ? null : "sign does not match the parameters: check the app secret";
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** A moment as TOP writes it: Beijing time, `2026-11-22 09:30:00`. */
export function toTopTime(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** TOP's Beijing-time `yyyy-MM-dd HH:mm:ss` as ISO 8601 with its offset; null when it is not in that form. */
export function fromTopTime(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(value);
  return match ? `${match[1]}T${match[2]}+08:00` : null;
}
