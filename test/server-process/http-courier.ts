/**
 * A courier connector that calls a courier's HTTP API: POST {base}/{action}
 * with the call's input as JSON and its idempotency key in the
 * `Idempotency-Key` header, so the courier does each call once however often
 * the worker makes it. `X-Server` names the calling process, for tests that
 * check which process carried out what.
 */
import type { InstalledConnector } from "../../runtime-server/src/index";

export function createHttpCourier(baseUrl: string, server: string): InstalledConnector {
  return {
    async invoke(call) {
      const response = await fetch(new URL(call.action, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`), {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": call.idempotencyKey, "x-server": server },
        body: JSON.stringify(call.input),
        signal: AbortSignal.timeout(call.timeoutMs),
      });
      if (response.ok) return { ok: true, output: await response.json() };
      const retryable = response.status >= 500 || response.status === 429;
      return { ok: false, error: { code: `http_${response.status}`, message: `courier ${call.action}: HTTP ${response.status} ${await response.text()}` }, retryable };
    },
  };
}
