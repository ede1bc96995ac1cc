/**
 * Calls one TOP API: a form POST to the gateway (signed by the auth, see
 * settings.ts), and the answer read the TOP way. TOP answers HTTP 200 for its
 * own refusals, with `{"error_response": {code, msg, sub_code, sub_msg}}`, so
 * those are told apart here: flow control (code 7) and the platform's own
 * faults (code 10, `isp.*` sub-codes) can pass and are retried by the worker;
 * everything else is the caller's to fix and is not.
 */
import { ConnectorError, permanentError, type HttpClient } from "@orderflow/connector-sdk";
import { DEFAULT_GATEWAY } from "./settings";

export interface TopErrorBody {
  code?: number;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
  request_id?: string;
}

/** A refusal in TOP's own terms, for callers that act on its sub-code. */
export class TopApiError extends ConnectorError {
  constructor(
    readonly api: string,
    readonly answer: TopErrorBody,
    options: { code: string; retryable: boolean; retryAfterMs?: number },
  ) {
    super(`${api} was refused by TOP: code ${answer.code ?? "?"} ${answer.msg ?? ""}${answer.sub_code ? ` (${answer.sub_code}${answer.sub_msg ? `: ${answer.sub_msg}` : ""})` : ""}`, options);
    this.name = "TopApiError";
  }
}

const FLOW_CONTROL = 7;
const UNAVAILABLE = 10;
const REMOTE_SERVICE_ERROR = 15;
const AUTH_CODES = new Set([25, 26, 27, 28, 29]);
/** When TOP bans an app for a while it says so in words: "This ban will last for 21 more seconds". */
const BAN_SECONDS = /last for (\d+) more seconds/i;

export function classifyTopError(api: string, answer: TopErrorBody): TopApiError {
  const code = answer.code ?? 0;
  if (code === FLOW_CONTROL) {
    const seconds = BAN_SECONDS.exec(`${answer.sub_msg ?? ""} ${answer.msg ?? ""}`)?.[1];
    return new TopApiError(api, answer, { code: "flow_control", retryable: true, retryAfterMs: seconds === undefined ? 1_000 : Number(seconds) * 1_000 });
  }
  if (code === UNAVAILABLE || (code === REMOTE_SERVICE_ERROR && answer.sub_code?.startsWith("isp."))) return new TopApiError(api, answer, { code: "top_unavailable", retryable: true });
  if (AUTH_CODES.has(code)) return new TopApiError(api, answer, { code: "top_auth", retryable: false });
  return new TopApiError(api, answer, { code: answer.sub_code ? `top_${answer.sub_code}` : `top_${code}`, retryable: false });
}

/** `taobao.trade.fullinfo.get` answers under `trade_fullinfo_get_response`. */
export function responseKey(api: string): string {
  return `${api.replace(/^taobao\./, "").replace(/\./g, "_")}_response`;
}

/**
 * Calls `api` with business `params`. A read goes as a GET (TOP takes both),
 * so the HTTP helper may repeat it after a 5xx or a dropped connection; a
 * write goes as a form POST and is repeated only where the helper deems it
 * safe.
 */
export async function callTop<T>(http: HttpClient, settings: { gatewayUrl?: string | undefined }, api: string, params: Record<string, string | number | boolean>, options: { read: boolean }): Promise<T> {
  const form = new URLSearchParams({ method: api });
  for (const [name, value] of Object.entries(params)) form.set(name, String(value));
  const path = settings.gatewayUrl ?? DEFAULT_GATEWAY;
  const { body } = options.read
    ? await http.request<Record<string, unknown> | string>({ method: "GET", path, query: Object.fromEntries(form) })
    : await http.request<Record<string, unknown> | string>({ method: "POST", path, body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" } });
  if (typeof body !== "object" || body === null) throw permanentError("bad_response", `${api}: TOP answered with something that is not JSON: ${String(body).slice(0, 200)}`);
  if (typeof body["error_response"] === "object" && body["error_response"] !== null) throw classifyTopError(api, body["error_response"] as TopErrorBody);
  const answer = body[responseKey(api)];
  if (typeof answer !== "object" || answer === null) throw permanentError("bad_response", `${api}: TOP's answer has no ${responseKey(api)}: ${JSON.stringify(body).slice(0, 200)}`);
  return answer as T;
}
