/**
 * One call to an ECAP API through the LOP gateway: the request object in a
 * JSON array, posted to the API's path (signed in the query string by the
 * auth hook), answered with `{code, msg, data}`, where code 0 is success. A
 * refusal becomes a permanent error naming JD's code, except flow control,
 * which the worker retries.
 */
import { permanentError, type HttpClient } from "@orderflow/connector-sdk";
import { courierRefusal } from "@orderflow/courier-kit";

interface LopAnswer<T> {
  code?: unknown;
  msg?: unknown;
  data?: T;
}

export async function callLop<T>(http: HttpClient, baseUrl: string, path: string, request: unknown): Promise<T> {
  const { body } = await http.request<LopAnswer<T> | string>({ method: "POST", path: new URL(path, baseUrl).toString(), json: [request] });
  if (typeof body !== "object" || body === null) throw permanentError("bad_response", `JD ${path} answered without JSON: ${String(body).slice(0, 200)}`);
  if (body.code === 0 || body.code === "0") {
    if (body.data === undefined || body.data === null) throw permanentError("bad_response", `JD ${path} answered success without data`);
    return body.data;
  }
  const code = typeof body.code === "number" || typeof body.code === "string" ? String(body.code) : "unknown";
  const said = typeof body.msg === "string" ? body.msg : "";
  const message = `JD ${path} refused: ${code} ${said}`.trim();
  throw courierRefusal("jd", code, said, message);
}
