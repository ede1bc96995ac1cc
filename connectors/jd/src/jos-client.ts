/**
 * Calls one JOS API: a signed form POST to the gateway with the business
 * parameters as `360buy_param_json`, read the JOS way. The answer sits under
 * `<method with underscores>_responce` (JOS's own spelling), and JOS states
 * refusals in the body: a gateway refusal as `{"error_response": {code,
 * zh_desc, en_desc}}`, a business refusal inside the API's result
 * (`success: false` with `chineseErr` / `englishErrCode`). Gateway refusals
 * are told apart here by what they say: flow control and JOS's own faults can
 * pass and are retried by the worker; the rest is the caller's to fix.
 */
import { ConnectorError, permanentError, postGatewayForm, type HttpClient } from "@orderflow/connector-sdk";
import { DEFAULT_GATEWAY } from "./settings";

export interface JosErrorBody {
  code?: string | number;
  zh_desc?: string;
  en_desc?: string;
}

/** A gateway refusal in JOS's own terms. */
export class JosApiError extends ConnectorError {
  constructor(
    readonly api: string,
    readonly answer: JosErrorBody,
    options: { code: string; retryable: boolean; retryAfterMs?: number },
  ) {
    super(`${api} was refused by JOS: code ${answer.code ?? "?"} ${answer.zh_desc ?? ""} ${answer.en_desc ?? ""}`.trim(), options);
    this.name = "JosApiError";
  }
}

// JOS publishes its gateway codes as a table of descriptions; the connector reads the descriptions, which are stable, rather than guess the numbers.
const FLOW_CONTROL = /频繁|超限|超过.*限制|流控|限流|call limit|limited|too many|frequency/i;
const AUTH = /access_?token|授权|签名|sign|app_?key|appkey/i;
const PLATFORM_FAULT = /系统(错误|异常|繁忙)|服务(不可用|异常|繁忙)|service unavailable|system (error|busy)|timeout|超时/i;
const FLOW_CONTROL_WAIT_MS = 1_000;

export function classifyJosError(api: string, answer: JosErrorBody): JosApiError {
  const said = `${answer.zh_desc ?? ""} ${answer.en_desc ?? ""}`;
  if (FLOW_CONTROL.test(said)) return new JosApiError(api, answer, { code: "flow_control", retryable: true, retryAfterMs: FLOW_CONTROL_WAIT_MS });
  if (AUTH.test(said)) return new JosApiError(api, answer, { code: "jd_auth", retryable: false });
  if (PLATFORM_FAULT.test(said)) return new JosApiError(api, answer, { code: "jd_unavailable", retryable: true });
  return new JosApiError(api, answer, { code: `jd_${answer.code ?? "refused"}`, retryable: false });
}

/** `jingdong.pop.order.get` answers under `jingdong_pop_order_get_responce`. */
export function responseKey(api: string): string {
  return `${api.replace(/\./g, "_")}_responce`;
}

/** Calls `api` with business `params` and returns the answer's `resultKey` object. */
export async function callJos<T>(http: HttpClient, settings: { gatewayUrl?: string | undefined }, api: string, resultKey: string, params: Record<string, unknown>, options: { read: boolean }): Promise<T> {
  const form = new URLSearchParams({ method: api, "360buy_param_json": JSON.stringify(params) });
  const body = await postGatewayForm<JosErrorBody>(http, { url: settings.gatewayUrl ?? DEFAULT_GATEWAY, platform: "JOS", api, form, read: options.read, refusal: (error) => classifyJosError(api, error) });
  const answer = body[responseKey(api)] as Record<string, unknown> | undefined;
  const result = answer?.[resultKey];
  if (typeof result !== "object" || result === null) throw permanentError("bad_response", `${api}: JOS's answer has no ${responseKey(api)}.${resultKey}: ${JSON.stringify(body).slice(0, 200)}`);
  return result as T;
}
