/**
 * A local courier without a system of its own still needs waybill numbers
 * that never repeat a parcel: the number is derived from the step's
 * idempotency key (prefix + 12 digits of its SHA-256), so a retried step
 * gets the same number back and never a second waybill. Numbers are kept
 * in the connector's store; in the rare case two keys hash to the same
 * number, the later one takes the next candidate, still deterministically.
 */
import { createHash } from "node:crypto";
import type { ConnectorStore } from "@orderflow/connector-sdk";

export interface WaybillRecord {
  trackingNo: string;
  idempotencyKey: string;
  orderNo: string;
  service: string;
  createdAt: string;
  cancelledAt?: string;
}

export function candidateNumber(prefix: string, idempotencyKey: string, attempt: number): string {
  const digest = createHash("sha256").update(`${idempotencyKey}#${attempt}`, "utf8").digest();
  const digits = (digest.readBigUInt64BE(0) % 10n ** 12n).toString().padStart(12, "0");
  return `${prefix}${digits}`;
}

export const waybillKey = (trackingNo: string) => `waybill:${trackingNo}`;

/** The waybill of this key: the one recorded before, or a new one, recorded. */
export async function issueWaybill(store: ConnectorStore, prefix: string, fields: Omit<WaybillRecord, "trackingNo">): Promise<WaybillRecord> {
  for (let attempt = 0; ; attempt++) {
    const trackingNo = candidateNumber(prefix, fields.idempotencyKey, attempt);
    const existing = await store.get<WaybillRecord>(waybillKey(trackingNo));
    if (existing?.idempotencyKey === fields.idempotencyKey) return existing;
    if (existing) continue;
    const record = { trackingNo, ...fields };
    await store.set(waybillKey(trackingNo), record);
    return record;
  }
}
