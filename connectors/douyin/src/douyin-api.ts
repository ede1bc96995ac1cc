/**
 * One call to the Douyin shop open platform: `POST {gateway}/order/orderDetail`
 * for method `order.orderDetail`, the business parameters as the body
 * (param_json), signed by the auth (douyin-auth.ts). Transport faults (5xx,
 * 429 with Retry-After, timeouts) are the SDK HTTP client's; the platform's
 * own answer is `{ code, msg, sub_code, sub_msg, data }` with code 10000 for
 * success, and its refusals become errors here.
 */
import { ConnectorError, permanentError, transientError, type HttpClient } from "@orderflow/connector-sdk";
import { paramJson } from "./douyin-signing";

interface DouyinAnswer<T> {
  code?: number;
  err_no?: number;
  msg?: string;
  message?: string;
  sub_code?: string;
  sub_msg?: string;
  data?: T;
}

/** A refusal from the platform, with its codes kept for the caller to tell cases apart. */
export class DouyinRefusal extends ConnectorError {
  constructor(
    message: string,
    readonly platformCode: number | undefined,
    readonly subCode: string,
  ) {
    super(message, { code: "douyin_refused", retryable: false });
  }
}

/** Gateway codes that mean "not now" (service busy, call quota spent) rather than "no". */
const BUSY = new Set([20000, 90000]);
/** Gateway codes about the app's authorisation (token invalid or expired, no permission). */
const UNAUTHORIZED = new Set([30001, 30002, 30003, 30004, 30005]);

export async function callDouyin<T>(http: HttpClient, gateway: string, method: string, params: Record<string, unknown>): Promise<T> {
  const { body: answer } = await http.request<DouyinAnswer<T> | string>({
    method: "POST",
    path: `${gateway}/${method.replaceAll(".", "/")}`,
    query: { method },
    body: paramJson(params),
    headers: { "content-type": "application/json" },
  });
  if (typeof answer !== "object" || answer === null) throw permanentError("bad_response", `Douyin ${method} answered with something that is not its JSON envelope`);
  if (answer.code === 10000 || (answer.code === undefined && answer.err_no === 0)) return answer.data as T;
  const code = answer.code ?? answer.err_no;
  const why = `Douyin ${method} answered ${code} ${answer.msg ?? answer.message ?? ""}${answer.sub_code ? ` (${answer.sub_code}${answer.sub_msg ? `: ${answer.sub_msg}` : ""})` : ""}`;
  if (code !== undefined && BUSY.has(code)) throw transientError("douyin_busy", why, 1_000);
  if (code !== undefined && UNAUTHORIZED.has(code)) throw permanentError("unauthorized", `${why}: authorise the app for the shop again if this persists`);
  throw new DouyinRefusal(why, code, answer.sub_code ?? "");
}
