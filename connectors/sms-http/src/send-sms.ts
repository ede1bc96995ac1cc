/**
 * Sends one SMS to one phone. The idempotency key is per phone, so when a
 * notification goes to several people a retry does not repeat the SMS
 * already taken for the first ones (the provider, or the simulator, sees the
 * same key again).
 */
import { ConnectorError, permanentError, type HttpClient } from "@orderflow/connector-sdk";
import { providerRequest, readAnswer, type SmsSettings } from "./provider-request";

const REFUSED_FOR_GOOD = new Set([400, 401, 403, 404, 405, 422]);

export async function sendSms(http: HttpClient, settings: SmsSettings, message: { phone: string; text: string; idempotencyKey: string; now: Date }): Promise<string | null> {
  const request = providerRequest(settings, { phone: message.phone, text: message.text, idempotencyKey: message.idempotencyKey, timestamp: String(Math.floor(message.now.getTime() / 1000)) });
  try {
    const { body } = await http.request<unknown>({ method: request.method, path: request.url, headers: request.headers, idempotencyKey: message.idempotencyKey, ...(request.body === undefined ? {} : { body: request.body }) });
    return readAnswer(settings, body);
  } catch (error) {
    if (error instanceof ConnectorError && error.status !== undefined && REFUSED_FOR_GOOD.has(error.status)) {
      throw permanentError("provider_refused", `The SMS provider refused the SMS to ${message.phone}: ${error.message}`);
    }
    throw error;
  }
}
