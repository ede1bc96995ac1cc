/**
 * The TOP request signature: every parameter but `sign` (system and business
 * alike, empty ones left out), sorted by name and joined as name+value, then
 * either MD5 of secret+joined+secret (`sign_method=md5`, the scheme JD and
 * Pinduoduo share, from the SDK) or HMAC-MD5 of the joined string keyed with
 * the secret (`sign_method=hmac`), in upper-case hex.
 */
import { createHmac } from "node:crypto";
import { secretWrappedMd5, signaturesMatch, sortedParams } from "@orderflow/connector-sdk";

export type TopSignMethod = "md5" | "hmac";

export function topSign(params: Record<string, string>, secret: string, method: TopSignMethod): string {
  if (method === "md5") return secretWrappedMd5(params, secret);
  return createHmac("md5", secret).update(sortedParams(params, { exclude: ["sign"] }), "utf8").digest("hex").toUpperCase();
}

/** Why a signed parameter set does not hold, or null when it does (the simulator checks requests with it). */
export function topSignatureProblem(params: Record<string, string>, secret: string): string | null {
  const method = params["sign_method"];
  if (method !== "md5" && method !== "hmac") return `sign_method must be md5 or hmac, not ${JSON.stringify(method)}`;
  if (!params["sign"]) return "the request has no sign parameter";
  return signaturesMatch(params["sign"], topSign(params, secret, method)) ? null : "sign does not match the parameters: check the app secret";
}
