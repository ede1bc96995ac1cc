/**
 * Calls one PDD open platform API: a signed form POST to the gateway with the
 * API in `type`, read the PDD way. PDD states its refusals in the body,
 * `{"error_response": {error_code, error_msg, sub_code, sub_msg}}`, so they are
 * told apart here: flow control and PDD's own faults can pass and are retried
 * by the worker; the rest is the caller's to fix.
 */
import { ConnectorError, permanentError, postGatewayForm, type HttpClient } from "@orderflow/connector-sdk";
import { DEFAULT_GATEWAY } from "./settings";

export interface PopErrorBody {
  error_code?: number;
  error_msg?: string;
  sub_code?: string;
  sub_msg?: string;
  request_id?: string;
}

/** A refusal in PDD's own terms, for callers that act on its code. */
export class PopApiError extends ConnectorError {
  constructor(
    readonly api: string,
    readonly answer: PopErrorBody,
    options: { code: string; retryable: boolean; retryAfterMs?: number },
  ) {
    super(`${api} was refused by PDD: error_code ${answer.error_code ?? "?"} ${answer.error_msg ?? ""}${answer.sub_msg ? ` (${answer.sub_code ?? ""} ${answer.sub_msg})` : ""}`, options);
    this.name = "PopApiError";
  }
}

/** 调用过于频繁: the app or the shop went over its call quota. */
export const FLOW_CONTROL_CODES = new Set([70031]);
/** The access token has expired or is not valid, the client id is unknown, or the signature fails. */
export const AUTH_CODES = new Set([10016, 10019, 20004, 20005]);
const FLOW_CONTROL_WAIT_MS = 1_000;

export function classifyPopError(api: string, answer: PopErrorBody): PopApiError {
  const code = answer.error_code ?? 0;
  if (FLOW_CONTROL_CODES.has(code)) return new PopApiError(api, answer, { code: "flow_control", retryable: true, retryAfterMs: FLOW_CONTROL_WAIT_MS });
  // 5xxxx are PDD's system errors (服务异常): they pass.
  if (code >= 50_000 && code < 60_000) return new PopApiError(api, answer, { code: "pdd_unavailable", retryable: true });
  if (AUTH_CODES.has(code)) return new PopApiError(api, answer, { code: "pdd_auth", retryable: false });
  return new PopApiError(api, answer, { code: `pdd_${code}`, retryable: false });
}

export async function callPop<T>(http: HttpClient, settings: { gatewayUrl?: string | undefined }, api: string, responseKey: string, params: Record<string, string | number | boolean>, options: { read: boolean }): Promise<T> {
  const form = new URLSearchParams({ type: api });
  for (const [name, value] of Object.entries(params)) form.set(name, String(value));
  const body = await postGatewayForm<PopErrorBody>(http, { url: settings.gatewayUrl ?? DEFAULT_GATEWAY, platform: "PDD", api, form, read: options.read, refusal: (error) => classifyPopError(api, error) });
  const answer = body[responseKey];
  if (typeof answer !== "object" || answer === null) throw permanentError("bad_response", `${api}: PDD's answer has no ${responseKey}: ${JSON.stringify(body).slice(0, 200)}`);
  return answer as T;
}
