/**
 * Demo data for a first start: the order-fulfilment template published, and
 * its sample order taken in through the real intake (so it has its global id
 * and an instance running). Loaded only into a database without flows.
 */
import { readFileSync } from "node:fs";
import type { Execution } from "./execution/apply-step";
import { receiveOrder } from "./intake/receive-order";
import { publishVersion } from "./storage/flows";

const template = (name: string) => JSON.parse(readFileSync(new URL(`../../templates/order-fulfilment/${name}`, import.meta.url), "utf8"));

/** Returns what it loaded, or undefined when the database had flows already. */
export async function loadDemo(execution: Execution): Promise<{ flowId: string; orderId: string } | undefined> {
  const { db } = execution;
  if (await db.selectFrom("flows").select("id").limit(1).executeTakeFirst()) return undefined;
  const flow = template("flow.json");
  const sample = template("events.json");
  await db.transaction().execute((tx) => publishVersion(tx, flow, { at: execution.clock(), by: "demo" }));
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
