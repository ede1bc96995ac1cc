/**
 * The stock the inventory connector's tests start from: Hangzhou with 3 of
 * TEA-LJ-250, Guangzhou (cheaper per parcel) with 10 of it and 5 of CUP-01;
 * and the call a flow step would make.
 */
import type { Kysely } from "kysely";
import type { ConnectorCall } from "../execution/worker";
import type { Database } from "../storage/schema";
import { receiveStock } from "./stock";
import { saveWarehouse } from "./warehouses";

export async function stockTwoWarehouses(db: Kysely<Database>): Promise<void> {
  await saveWarehouse(db, { id: "HZ-01", name: { zh: "杭州仓", en: "Hangzhou" }, province: "浙江省", city: "杭州市", costPerParcel: 6 });
  await saveWarehouse(db, { id: "GZ-01", name: { zh: "广州仓", en: "Guangzhou" }, province: "广东省", city: "广州市", costPerParcel: 5 });
  await receiveStock(db, { sku: "TEA-LJ-250", warehouse: "HZ-01", quantity: 3 });
  await receiveStock(db, { sku: "TEA-LJ-250", warehouse: "GZ-01", quantity: 10 });
  await receiveStock(db, { sku: "CUP-01", warehouse: "GZ-01", quantity: 5 });
}

export function inventoryCall(action: string, input: Record<string, unknown>, idempotencyKey = `step:${action}`): ConnectorCall {
  return { connector: "inventory", action, input, idempotencyKey, attempt: 1, timeoutMs: 10_000 };
}
