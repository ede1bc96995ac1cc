/**
 * Demo data for a first start: the order-fulfilment template published and
 * two warehouses stocked with the sample order's goods. The order itself
 * comes from the demo's simulated Taobao shop (demo-connectors.ts, beside this file): the
 * built-in inventory reserves its stock and it waits at the pick task.
 * Loaded only into a database without flows.
 */
import { readFileSync } from "node:fs";
import type { Execution } from "../execution/apply-step";
import { receiveStock } from "../inventory/stock";
import { saveWarehouse } from "../inventory/warehouses";
import { publishVersion } from "../storage/flows";

const template = (name: string) => JSON.parse(readFileSync(new URL(`../../../templates/order-fulfilment/${name}`, import.meta.url), "utf8"));

/** Returns what it loaded, or undefined when the database had flows already. */
export async function loadDemo(execution: Execution): Promise<{ flowId: string; warehouses: string[] } | undefined> {
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
  return { flowId: flow.id, warehouses: ["SH-01", "GZ-01"] };
}
