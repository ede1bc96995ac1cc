/**
 * JD Logistics open platform (LOP) signing, algorithm `md5-salt`: the
 * lower-case hex md5 of
 *
 *     appSecret + "access_token" + token + "app_key" + appKey + "method" + path
 *       + "param_json" + body + "timestamp" + timestamp + "v" + "2.0" + appSecret
 *
 * with `path` the API's path (e.g. /ecap/v1/orders/create), `body` the exact
 * JSON text posted, and `timestamp` "yyyy-MM-dd HH:mm:ss" in China time. The
 * signature and its inputs travel in the query string.
 */
import { md5Hex } from "@orderflow/connector-sdk";

export const LOP_VERSION = "2.0";
export const LOP_ALGORITHM = "md5-salt";

export interface LopSigned {
  appKey: string;
  appSecret: string;
  accessToken: string;
  path: string;
  body: string;
  timestamp: string;
}

export function lopSignature(call: LopSigned): string {
  return md5Hex(
    `${call.appSecret}access_token${call.accessToken}app_key${call.appKey}method${call.path}param_json${call.body}timestamp${call.timestamp}v${LOP_VERSION}${call.appSecret}`,
  );
}

/** LOP's timestamp: China time (UTC+8), "yyyy-MM-dd HH:mm:ss". */
export function lopTimestamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}
