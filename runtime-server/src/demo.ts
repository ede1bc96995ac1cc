/**
 * Demo data for a first start: the order-fulfilment template published, two
 * warehouses stocked with the sample order's goods, and the sample order
 * taken in through the real intake (so it has its global id and an instance
 * running: the built-in inventory reserves its stock and it waits at the
 * pick task). Loaded only into a database without flows.
 */
import { readFileSync } from "node:fs";
import type { Execution } from "./execution/apply-step";
import { receiveOrder } from "./intake/receive-order";
import { receiveStock } from "./inventory/stock";
import { saveWarehouse } from "./inventory/warehouses";
import { publishVersion } from "./storage/flows";

const template = (name: string) => JSON.parse(readFileSync(new URL(`../../templates/order-fulfilment/${name}`, import.meta.url), "utf8"));

/** Returns what it loaded, or undefined when the database had flows already. */
export async function loadDemo(execution: Execution): Promise<{ flowId: string; orderId: string } | undefined> {
  const { db } = execution;
  if (await db.selectFrom("flows").select("id").limit(1).executeTakeFirst()) return undefined;
  const flow = template("flow.json");
  const sample = template("events.json");
  await db.transaction().execute((tx) => publishVersion(tx, flow, { at: execution.clock(), by: "demo" }));
  await saveWarehouse(db, { id: "SH-01", name: { zh: "上海仓", en: "Shanghai" }, province: "上海市", city: "上海市", priority: 1, costPerParcel: 6 });
  await saveWarehouse(db, { id: "GZ-01", name: { zh: "广州仓", en: "Guangzhou" }, province: "广东省", city: "广州市", priority: 2, costPerParcel: 5 });
  for (const line of sample.input.lines as { sku: string }[]) {
    await receiveStock(db, { sku: line.sku, warehouse: "SH-01", quantity: 100 }, { actor: "demo", reason: "demo stock" });
    await receiveStock(db, { sku: line.sku, warehouse: "GZ-01", quantity: 50 }, { actor: "demo", reason: "demo stock" });
  }
  const receipt = await receiveOrder(
    execution,
    {
      channel: sample.input.channel,
      shop: sample.input.shop,
      platformOrderNo: sample.input.platformOrderNo,
      buyerName: sample.input.buyer.name,
      phone: sample.input.buyer.phone,
      total: sample.input.total,
      data: sample.input,
      raw: sample.input,
    },
    "demo",
  );
  return { flowId: flow.id, orderId: receipt.orderId };
}
