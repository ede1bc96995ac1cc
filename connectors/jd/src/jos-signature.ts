/**
 * The JOS request signature: the system parameters and `360buy_param_json`
 * (the business parameters as one JSON string), every one but `sign`, empty
 * ones left out, sorted by name and joined as name+value, wrapped in the app
 * secret on both sides, MD5, upper-case hex. The timestamp is Beijing time,
 * `yyyy-MM-dd HH:mm:ss`.
 */
import { md5Hex, signaturesMatch, sortedParams } from "@orderflow/connector-sdk";

export function josSign(params: Record<string, string>, appSecret: string): string {
  return md5Hex(`${appSecret}${sortedParams(params, { exclude: ["sign"] })}${appSecret}`).toUpperCase();
}

/** Why a signed parameter set does not hold, or null when it does (the simulator checks requests with it). */
export function josSignatureProblem(params: Record<string, string>, appSecret: string): string | null {
  if (!params["sign"]) return "the request has no sign parameter";
  return signaturesMatch(params["sign"], josSign(params, appSecret)) ? null : "sign does not match the parameters: check the app secret";
}

/** A moment as JOS writes it: Beijing time, `2026-11-22 09:30:00`. */
export function toJdTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** JOS's Beijing-time `yyyy-MM-dd HH:mm:ss` as ISO 8601 with its offset; null when it is not in that form. */
export function fromJdTime(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(value);
  return match ? `${match[1]}T${match[2]}+08:00` : null;
}
