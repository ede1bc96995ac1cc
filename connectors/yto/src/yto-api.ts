/**
 * One call to a YTO open-platform interface: `{param, format}` posted as JSON
 * to the interface's address (stamped and signed by the auth hook). A
 * refusal (`success: false` with a `code` and `reason`) becomes a permanent
 * error naming YTO's code, except flow control, which the worker retries.
 */
import { permanentError, type HttpClient } from "@orderflow/connector-sdk";
import { courierRefusal } from "@orderflow/courier-kit";

export interface YtoRefusal {
  success?: unknown;
  code?: unknown;
  reason?: unknown;
  message?: unknown;
}

export async function callYto<T>(http: HttpClient, url: string, what: string, param: unknown): Promise<T> {
  const { body } = await http.request<(T & YtoRefusal) | string>({ method: "POST", path: url, json: { param: JSON.stringify(param), format: "JSON" } });
  if (typeof body !== "object" || body === null) throw permanentError("bad_response", `YTO ${what} answered without JSON: ${String(body).slice(0, 200)}`);
  if (!Array.isArray(body) && (body.success === false || body.success === "false")) {
    const code = typeof body.code === "string" || typeof body.code === "number" ? String(body.code) : "unknown";
    const said = [body.reason, body.message].filter((part) => typeof part === "string").join(" ");
    const message = `YTO ${what} refused: ${code} ${said}`.trim();
    throw courierRefusal("yto", code, said, message);
  }
  return body as T;
}
