/**
 * A courier gateway's refusal (HTTP 200 with an error in its envelope) as
 * the error the worker acts on. Gateways answer flow control in their
 * envelope, often without a documented code, in words (限流, 流控, 系统繁忙):
 * such a refusal is retried after a pause; any other is permanent and
 * named by the courier's own code, e.g. `yto_1002`.
 *
 * @example throw courierRefusal("jd", "1004", "收件地址超区", "JD /ecap/v1/orders/create refused: 1004 收件地址超区")
 */
import { permanentError, transientError, type ConnectorError } from "@orderflow/connector-sdk";

/** How long to stay away after flow control when the gateway names no time. */
export const FLOW_CONTROL_PAUSE_MS = 1_000;
const TRY_LATER = /限流|流控|繁忙|flow.?control|busy|too many/i;

export function courierRefusal(courier: string, code: string, words: string, message: string): ConnectorError {
  return TRY_LATER.test(words) ? transientError("flow_control", message, FLOW_CONTROL_PAUSE_MS) : permanentError(`${courier}_${code}`, message);
}
