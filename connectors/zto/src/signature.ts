/**
 * ZTO's open platform signature: each call is a JSON body posted to
 * `<gateway>/<api name>` with `x-appKey` and
 * `x-dataDigest = base64(md5(body + appSecret))`. Track pushes to orderflow
 * carry `data_digest = base64(md5(data + appSecret))` of their `data` field,
 * in the form or in an `x-datadigest` header.
 */
import { createHash } from "node:crypto";

export const APP_KEY_HEADER = "x-appKey";
export const DIGEST_HEADER = "x-dataDigest";

export function dataDigest(data: string, appSecret: string): string {
  return createHash("md5").update(data + appSecret, "utf8").digest("base64");
}
