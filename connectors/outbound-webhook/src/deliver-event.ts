/**
 * Posts one event. Its id is the effect's idempotency key, also sent as the
 * `Idempotency-Key` header, so a receiver that keeps ids can drop the repeat
 * a lost answer causes. Each attempt is signed afresh. 5xx, 429, timeouts
 * and dropped connections are retried (the SDK's HTTP helper); any other
 * refusal is final.
 */
import { ConnectorError, permanentError, type HttpClient } from "@orderflow/connector-sdk";

export interface OutboundEvent {
  id: string;
  type: string;
  source: string;
  occurredAt: string;
  data: unknown;
}

const RETRIED = new Set([408, 425, 429, 500, 502, 503, 504]);

export async function deliverEvent(http: HttpClient, url: string, event: OutboundEvent): Promise<number> {
  try {
    const { status } = await http.request({ method: "POST", path: url, json: event, idempotencyKey: event.id });
    return status;
  } catch (error) {
    if (error instanceof ConnectorError && error.status !== undefined && !RETRIED.has(error.status)) {
      throw permanentError("refused", `The receiver refused event ${event.id} (${event.type}) with ${error.status}; it will not be sent again: ${error.message}`);
    }
    throw error;
  }
}
