/**
 * The order id a connector sends to the courier when creating a waybill.
 * Couriers refuse a second waybill for an order id they already have (SF
 * answers with the first one), so the id is derived from the effect's
 * idempotency key: every retry of the step (after a timeout, a lost
 * answer, a crash) sends the same id and can never create a second
 * waybill. The shop's order number leads, so staff recognise it at the
 * courier; a hash of the key follows, so a second parcel for the same
 * order (another step, another key) gets its own id.
 *
 * @example courierOrderId("WS-1001", "inst-7:waybill:1") // "WS-1001-3f9c0a1b2d4e"
 */
import { createHash } from "node:crypto";

export function courierOrderId(orderNo: string, idempotencyKey: string, maxLength = 64): string {
  const hash = createHash("sha256").update(idempotencyKey, "utf8").digest("hex").slice(0, 12);
  const lead = orderNo.replace(/[^A-Za-z0-9_-]/g, "").slice(0, Math.max(0, maxLength - hash.length - 1));
  return lead ? `${lead}-${hash}` : hash;
}
