/**
 * One call to an open-platform gateway that takes every API as a signed form
 * POST and states its refusals in a JSON body under `error_response` (JD JOS,
 * Pinduoduo POP). The platform's connector names the API, gives the form and
 * says what a refusal means; what comes back is the JSON answer.
 *
 * @example
 * const body = await postGatewayForm(http, { url: gatewayUrl, platform: "PDD", api, form, read: true, refusal: (error) => classifyPopError(api, error) });
 */
import { permanentError } from "../errors";
import type { HttpClient } from "./http-client";

export interface GatewayFormCall<E> {
  url: string;
  /** The platform's name in messages, e.g. "JOS". */
  platform: string;
  /** The API's name, e.g. `pdd.order.information.get`; messages start with it. */
  api: string;
  form: URLSearchParams;
  /** A read is safe to repeat after a 5xx or a dropped connection; a write is not. */
  read: boolean;
  /** The error a refusal (`error_response`) becomes. */
  refusal(error: E): Error;
}

/** Posts the form and returns the JSON answer; throws `bad_response` for an answer that is not JSON, and the refusal it carries. */
export async function postGatewayForm<E>(http: HttpClient, call: GatewayFormCall<E>): Promise<Record<string, unknown>> {
  const { body } = await http.request<Record<string, unknown> | string>({
    method: "POST",
    path: call.url,
    body: call.form.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" },
    // Such gateways take every call as a POST; a key tells the HTTP helper a read may be repeated (the connector's idempotencyHeader is null, so none is sent).
    ...(call.read ? { idempotencyKey: `read:${call.api}` } : {}),
  });
  if (typeof body !== "object" || body === null) throw permanentError("bad_response", `${call.api}: ${call.platform} answered with something that is not JSON: ${String(body).slice(0, 200)}`);
  if (typeof body["error_response"] === "object" && body["error_response"] !== null) throw call.refusal(body["error_response"] as E);
  return body;
}
