import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import { createInventoryConnector } from "../inventory/connector";
import { listStock, receiveStock } from "../inventory/stock";
import { saveWarehouse } from "../inventory/warehouses";
import { publishVersion } from "../storage/flows";
import { readHistory } from "../storage/history";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { startFlow, type Execution } from "./apply-step";
import type { InlineActions } from "./connector-registry";
import { createFlowVersions } from "./flow-versions";

const template = (name: string) => JSON.parse(readFileSync(new URL(`../../../templates/order-fulfilment/${name}`, import.meta.url), "utf8"));
const flow = template("flow.json");
const order = template("events.json").input;

describe.each(await databaseCases())("inline actions on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("an order is reserved in the transaction that starts it, and waits at its pick task with no worker involved", async ({ db }) => {
    await publishVersion(db, flow, { at: new Date(), by: null });
    await saveWarehouse(db, { id: "SH-01", name: { zh: "上海仓", en: "Shanghai" }, province: "上海市", city: "上海市" });
    await receiveStock(db, { sku: "TEA-LJ-250", warehouse: "SH-01", quantity: 10 });
    const execution: Execution = { db, flows: createFlowVersions(), clock: () => new Date(), inline: { inventory: createInventoryConnector(db).inline! } };

    const { instanceId } = await startFlow(execution, { flowId: "order_fulfilment", input: order });
    const instance = await db.selectFrom("instances").select(["waiting_at", "history_length"]).where("id", "=", instanceId).executeTakeFirstOrThrow();
    expect(instance.waiting_at).toEqual(["pick"]);
    expect(await db.selectFrom("tasks").select(["node", "assignee_warehouse"]).where("instance_id", "=", instanceId).execute()).toEqual([{ node: "pick", assignee_warehouse: "SH-01" }]);
    expect(await db.selectFrom("outbox").select("type").where("instance_id", "=", instanceId).where("type", "=", "action.invoke").execute()).toEqual([]);
    expect(await listStock(db, {})).toMatchObject([{ sku: "TEA-LJ-250", onHand: 10, reserved: 2 }]);

    // The timeline reads as if a worker had made the call: the effect, then its result.
    const history = await readHistory(db, [instanceId]);
    const invoked = history.findIndex((row) => row.kind === "effect" && row.type === "action.invoke" && row.node === "reserve");
    const answered = history.findIndex((row) => row.kind === "event" && row.type === "action.result");
    expect(invoked).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(invoked);
    expect(history.map((row) => row.seq)).toEqual(history.map((_, index) => index + 1));
    expect(instance.history_length).toBe(history.length);
  });

  it("inline actions that hit database trouble leave their calls to the workers, and the order is still taken in", async ({ db }) => {
    await publishVersion(db, flow, { at: new Date(), by: null });
    const calls: string[] = [];
    const broken: InlineActions = {
      runsInline: () => true,
      async invokeAllIn(tx, batch) {
        calls.push(...batch.map((call) => call.idempotencyKey));
        await tx.selectFrom("no_such_table" as "instances").selectAll().execute();
        return [];
      },
    };
    const execution: Execution = { db, flows: createFlowVersions(), clock: () => new Date(), inline: { inventory: broken } };
    const { instanceId } = await startFlow(execution, { flowId: "order_fulfilment", input: order });
    expect(calls).toHaveLength(1);
    expect(await db.selectFrom("instances").select("waiting_at").where("id", "=", instanceId).executeTakeFirstOrThrow()).toEqual({ waiting_at: ["reserve"] });
    // The transaction that tried was undone entirely; the one that committed made the call an outbox row.
    expect(await db.selectFrom("outbox").select(["key", "type", "status"]).where("instance_id", "=", instanceId).where("type", "=", "action.invoke").execute()).toEqual([
      { key: `${instanceId}:reserve:1`, type: "action.invoke", status: "pending" },
    ]);
  });

  it("a failure a retry may cure goes to the workers; one no retry cures takes the flow's error edge at once", async ({ db }) => {
    await publishVersion(db, flow, { at: new Date(), by: null });
    let answer: "retryable" | "final" = "retryable";
    const connector: InlineActions = {
      runsInline: () => true,
      invokeAllIn: async (_tx, batch) => batch.map(() => ({ ok: false, error: { code: "busy", message: "try later" }, retryable: answer === "retryable" })),
    };
    const execution: Execution = { db, flows: createFlowVersions(), clock: () => new Date(), inline: { inventory: connector } };
    const first = await startFlow(execution, { flowId: "order_fulfilment", input: order });
    expect(await db.selectFrom("outbox").select("status").where("instance_id", "=", first.instanceId).where("type", "=", "action.invoke").execute()).toEqual([{ status: "pending" }]);

    // The template's reserve has a compensation, so its final failure too is left to the workers (who put it in the exceptions list).
    answer = "final";
    const withoutCompensation = structuredClone(flow);
    withoutCompensation.nodes.find((node: { id: string }) => node.id === "reserve").compensation = undefined;
    withoutCompensation.id = "no_compensation";
    await publishVersion(db, withoutCompensation, { at: new Date(), by: null });
    const second = await startFlow(execution, { flowId: "no_compensation", input: order });
    expect(await db.selectFrom("instances").select("waiting_at").where("id", "=", second.instanceId).executeTakeFirstOrThrow()).not.toEqual({ waiting_at: ["reserve"] });
    expect(await db.selectFrom("outbox").select("status").where("instance_id", "=", second.instanceId).where("type", "=", "action.invoke").execute()).toEqual([]);
  });
});
