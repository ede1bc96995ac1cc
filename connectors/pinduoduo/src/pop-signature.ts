/**
 * The PDD open platform (POP) request signature: every parameter but `sign`,
 * empty ones left out, sorted by name and joined as name+value, wrapped in
 * the client secret on both sides, MD5, upper-case hex. The timestamp is Unix
 * seconds.
 */
import { md5Hex, signaturesMatch, sortedParams } from "@orderflow/connector-sdk";

export function popSign(params: Record<string, string>, clientSecret: string): string {
  return md5Hex(`${clientSecret}${sortedParams(params, { exclude: ["sign"] })}${clientSecret}`).toUpperCase();
}

/** Why a signed parameter set does not hold, or null when it does (the simulator checks requests with it). */
export function popSignatureProblem(params: Record<string, string>, clientSecret: string): string | null {
  if (!params["sign"]) return "the request has no sign parameter";
  return signaturesMatch(params["sign"], popSign(params, clientSecret)) ? null : "sign does not match the parameters: check the client secret";
}

/** PDD's Beijing-time `yyyy-MM-dd HH:mm:ss` as ISO 8601 with its offset; null when it is not in that form. */
export function fromPddTime(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(value);
  return match ? `${match[1]}T${match[2]}+08:00` : null;
}

/** A moment as PDD writes it in its payloads: Beijing time. */
export function toPddTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}
