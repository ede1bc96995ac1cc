/**
 * One call to ZTO's gateway and its answer `{ status, statusCode, message,
 * result }`. The gateway's own codes come back with HTTP 200: S200, S202,
 * S203 (ZTO's timeouts and outages) and S206, S221 (call limits) are worth
 * retrying; S211 (signature) and the rest are refusals.
 */
import { ConnectorError, permanentError, transientError, type HttpClient } from "@orderflow/connector-sdk";

export const API = {
  createOrder: "zto.open.createOrder",
  cancelOrder: "zto.open.cancelPreOrder",
  subscribeTrack: "zto.merchant.waybill.track.subsrcibe",
  queryTrack: "zto.merchant.waybill.track.query",
} as const;

const TRANSIENT: Record<string, string> = { S200: "ZTO's backend timed out", S202: "ZTO's backend failed", S203: "the service is unavailable for now" };
const LIMITED: Record<string, string> = { S206: "the API's calls per minute or hour are used up", S221: "ZTO's flow control (qps)" };
/** How long to leave ZTO alone after a limit; ZTO states none. */
const LIMIT_WAIT_MS = 5_000;

interface Answer {
  status?: unknown;
  statusCode?: unknown;
  message?: unknown;
  result?: unknown;
}

export async function callZto<T>(http: HttpClient, api: string, body: unknown): Promise<T> {
  const { body: answer } = await http.request<unknown>({ method: "POST", path: `/${api}`, body: JSON.stringify(body), headers: { "content-type": "application/json; charset=utf-8" } });
  const parsed = (typeof answer === "string" ? safeParse(answer) : answer) as Answer | null;
  if (typeof parsed !== "object" || parsed === null) throw permanentError("bad_response", `ZTO ${api} answered with something other than {status, statusCode, message, result}: ${String(answer).slice(0, 200)}`);
  if (parsed.status === true) return parsed.result as T;
  const code = String(parsed.statusCode ?? "");
  const message = `ZTO ${api} answered ${code || "without a statusCode"}: ${String(parsed.message ?? "")}`;
  if (LIMITED[code]) throw transientError("rate_limited", `${message} (${LIMITED[code]})`, LIMIT_WAIT_MS);
  if (TRANSIENT[code]) throw transientError(`zto_${code}`, `${message} (${TRANSIENT[code]})`);
  throw new ConnectorError(code === "S211" ? `${message}: the signature does not match; check the app key and secret` : message, { code: `zto_${code || "refused"}`, retryable: false });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** ZTO writes times in China time without an offset ("2026-11-23 10:00:00"). */
export function fromZtoTime(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value.trim());
  return match ? `${match[1]}T${match[2]}+08:00` : null;
}
