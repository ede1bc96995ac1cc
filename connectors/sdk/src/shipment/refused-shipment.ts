/**
 * Open platforms without an idempotency key (Taobao TOP, JD JOS, Pinduoduo
 * POP) refuse to ship an order twice, so a push repeated after a lost answer
 * comes back refused. The connector then reads the order back and this decides
 * what the refusal meant: the order left with this tracking number (or the
 * platform does not say which) → the earlier push went through and the step
 * succeeds; it left with another → a clear refusal; it has not left → the
 * platform's refusal stands.
 *
 * @example
 * const order = await readOrder(orderNo);
 * settleRefusedShipment({ shipped: SHIPPED.has(order.status), trackingNumbers: [order.waybill] },
 *   { platform: "JD", order: `order ${orderNo}`, trackingNo, refusal: error.message });
 * return { accepted: true, alreadyShipped: true };
 */
import { permanentError } from "../errors";

export interface ShipmentReadBack {
  /** The order is in one of the platform's shipped (or later) states. */
  shipped: boolean;
  /** The tracking numbers the platform lists for the order; empty when it does not say. */
  trackingNumbers: readonly string[];
}

export interface RefusedShipment {
  /** The platform's name in messages, e.g. "Taobao". */
  platform: string;
  /** How the platform calls the order, with its number, e.g. "trade 1234". */
  order: string;
  trackingNo: string;
  /** The platform's refusal, quoted when the refusal stands. */
  refusal: string;
}

/** Returns when `readBack` shows the refused push was already carried out; throws `shipment_refused` or `already_shipped` otherwise. */
export function settleRefusedShipment(readBack: ShipmentReadBack, push: RefusedShipment): void {
  if (!readBack.shipped) throw permanentError("shipment_refused", `${push.platform} refused the shipment of ${push.order} (${push.refusal})`);
  const recorded = readBack.trackingNumbers.filter((no) => no !== "");
  if (recorded.length > 0 && !recorded.includes(push.trackingNo)) {
    throw permanentError("already_shipped", `${capitalised(push.order)} already shipped on ${push.platform} with tracking number ${recorded.join(", ")}, not ${push.trackingNo}`);
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
