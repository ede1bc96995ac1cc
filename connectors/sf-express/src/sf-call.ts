/**
 * One call to SF's gateway (`POST /std/service`, a signed form) and its
 * two-level answer: the gateway's `apiResultCode` (A1000 is success; A1005
 * is flow control, A1009/A1099 SF's own trouble, all worth retrying; the
 * others are refusals), then the service's `apiResultData`, a JSON string
 * with `success`, `errorCode`, `errorMsg` and `msgData`.
 */
import { ConnectorError, permanentError, transientError, type HttpClient } from "@orderflow/connector-sdk";

export const SERVICE = {
  createOrder: "EXP_RECE_CREATE_ORDER",
  searchOrder: "EXP_RECE_SEARCH_ORDER_RESP",
  updateOrder: "EXP_RECE_UPDATE_ORDER",
  searchRoutes: "EXP_RECE_SEARCH_ROUTES",
  deliverTime: "EXP_RECE_QUERY_DELIVERTM",
} as const;

/** Gateway codes SF documents as "try again": flow control, the target service unreachable, a system error. */
const GATEWAY_TRANSIENT: Record<string, string> = { A1005: "flow control (流量受控)", A1009: "the target service is unreachable", A1099: "a system error at SF" };
/** How long to leave SF alone after flow control; SF states none. */
const FLOW_CONTROL_WAIT_MS = 5_000;

interface Envelope {
  apiResultCode?: unknown;
  apiErrorMsg?: unknown;
  apiResultData?: unknown;
}

interface ServiceResult {
  success?: unknown;
  errorCode?: unknown;
  errorMsg?: unknown;
  msgData?: unknown;
}

export async function callSf<T>(http: HttpClient, serviceCode: string, msgData: unknown): Promise<T> {
  const { body } = await http.request<unknown>({
    method: "POST",
    path: "/std/service",
    body: new URLSearchParams({ serviceCode, msgData: JSON.stringify(msgData) }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8" },
  });
  const envelope = parse<Envelope>(body, serviceCode, "answer");
  const code = String(envelope.apiResultCode ?? "");
  if (code !== "A1000") {
    const message = `SF ${serviceCode} answered ${code || "without apiResultCode"}: ${String(envelope.apiErrorMsg ?? "")}`;
    const transient = GATEWAY_TRANSIENT[code];
    if (transient) throw transientError(code === "A1005" ? "flow_control" : `sf_${code}`, `${message} (${transient})`, code === "A1005" ? FLOW_CONTROL_WAIT_MS : undefined);
    throw permanentError(`sf_${code || "bad_response"}`, code === "A1006" ? `${message}: the signature does not match; check the customer code and check word` : message);
  }
  const result = parse<ServiceResult>(envelope.apiResultData, serviceCode, "apiResultData");
  if (result.success !== true && result.success !== "true") {
    throw new ConnectorError(`SF ${serviceCode} refused: ${String(result.errorCode ?? "?")} ${String(result.errorMsg ?? "")}`.trim(), { code: `sf_${String(result.errorCode ?? "error")}`, retryable: false });
  }
  return (result.msgData ?? {}) as T;
}

function parse<T>(value: unknown, serviceCode: string, what: string): T {
  if (typeof value === "object" && value !== null) return value as T;
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === "object" && parsed !== null) return parsed as T;
    } catch {
      // reported below
    }
  }
  throw permanentError("bad_response", `SF ${serviceCode}: the ${what} is not the JSON object SF documents: ${String(value).slice(0, 200)}`);
}

/** SF writes times in China time without an offset ("2026-11-23 10:00:00"). */
export function fromSfTime(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value.trim());
  if (!match) throw permanentError("bad_response", `SF time "${value}" is not "yyyy-MM-dd HH:mm:ss"`);
  return `${match[1]}T${match[2]}+08:00`;
}

export function toSfTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}
