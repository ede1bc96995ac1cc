/**
 * One call to the LINK gateway: a form POST of `msg_type` and the JSON
 * `logistics_interface` (signed by the auth hook), answered with JSON whose
 * `success` says whether it worked. A refusal becomes a permanent error
 * naming Cainiao's code; flow control becomes a retryable one, so
 * the worker comes back later.
 */
import { permanentError, type HttpClient } from "@orderflow/connector-sdk";
import { courierRefusal } from "@orderflow/courier-kit";

export interface LinkAnswer {
  success?: unknown;
  errorCode?: unknown;
  errorMsg?: unknown;
  [field: string]: unknown;
}

export async function callLink<T extends LinkAnswer>(http: HttpClient, gatewayUrl: string, msgType: string, content: unknown): Promise<T> {
  const form = new URLSearchParams({ msg_type: msgType, logistics_interface: JSON.stringify(content) });
  const { body } = await http.request<T | string>({
    method: "POST",
    path: gatewayUrl,
    body: form.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" },
  });
  if (typeof body !== "object" || body === null) throw permanentError("bad_response", `Cainiao ${msgType} answered without JSON: ${String(body).slice(0, 200)}`);
  if (body.success === true || body.success === "true") return body;
  const code = typeof body.errorCode === "string" && body.errorCode !== "" ? body.errorCode : "unknown";
  const said = typeof body.errorMsg === "string" ? body.errorMsg : "";
  const message = `Cainiao ${msgType} refused: ${code} ${said}`.trim();
  throw courierRefusal("cainiao", code, said, message);
}
