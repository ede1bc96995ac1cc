import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import type { Execution } from "../execution/apply-step";
import { createFlowVersions } from "../execution/flow-versions";
import { createLogger } from "../observability/logger";
import { publishVersion } from "../storage/flows";
import { databaseCases, testWithDatabase } from "../storage/testing";
import type { Poller } from "@orderflow/connector-sdk";
import { createPollSources } from "./poll-sources";
import type { WebhookContent } from "./receive-webhook";

const flow = JSON.parse(readFileSync(new URL("../../../templates/order-fulfilment/flow.json", import.meta.url), "utf8"));
const sample = JSON.parse(readFileSync(new URL("../../../templates/order-fulfilment/events.json", import.meta.url), "utf8"));

const order = (no: string): WebhookContent => ({
  kind: "order",
  dedupeKey: `shop:order:${no}`,
  order: { channel: "shop", shop: "s1", platformOrderNo: no, data: sample.input, raw: { no } },
});

/** A platform's listing as a poller sees it: what `poll` and `reconcile` return, and which batches were committed. */
function listing(pages: { poll: WebhookContent[][]; reconcile: WebhookContent[] }) {
  const committed: string[] = [];
  let polls = 0;
  const poller: Poller = {
    triggerId: "poll_orders",
    intervalMs: 60_000,
    async poll() {
      const events = pages.poll[polls++];
      if (!events) throw new Error("the platform answered 502");
      return { events, commit: async () => void committed.push(`poll ${polls}`) };
    },
    async reconcile() {
      return { events: pages.reconcile, commit: async () => void committed.push("reconcile") };
    },
  };
  return { poller, committed };
}

describe.each(await databaseCases())("polled sources on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("take polled orders in like webhooks (each once), reconcile first, and move the cursor only after storing; a failed poll moves nothing", async ({ db }) => {
    await publishVersion(db, flow, { at: new Date(), by: null });
    let now = new Date("2026-11-22T09:00:00+08:00");
    const execution: Execution = { db, flows: createFlowVersions(), clock: () => now };
    const { poller, committed } = listing({ reconcile: [order("A1")], poll: [[order("A1"), order("A2")], []] });
    const lines: string[] = [];
    const sources = createPollSources(execution, [{ id: "shop", poller }], { log: createLogger({ write: (line) => lines.push(line) }), reconcileEveryMs: 3_600_000 });

    await sources.runOnce();
    now = new Date(now.getTime() + 60_000);
    await sources.runOnce();
    await sources.runOnce();
    await sources.runOnce(); // the listing fails: logged, nothing committed

    expect(committed).toEqual(["reconcile", "poll 1", "poll 2"]);
    const orders = await db.selectFrom("orders").select(["platform_order_no"]).orderBy("platform_order_no").execute();
    expect(orders.map((o) => o.platform_order_no)).toEqual(["A1", "A2"]);
    expect(await db.selectFrom("instances").select("id").execute()).toHaveLength(2);
    const kept = await db.selectFrom("inbound_events").select(["source", "status", "dedupe_key"]).orderBy("status").orderBy("dedupe_key").execute();
    expect(kept).toEqual([
      { source: "shop", status: "accepted", dedupe_key: "shop:order:A1" },
      { source: "shop", status: "accepted", dedupe_key: "shop:order:A2" },
      { source: "shop", status: "duplicate", dedupe_key: "shop:order:A1" },
    ]);
    expect(lines.map((line) => JSON.parse(line).message)).toContain("polling failed; it is tried again at the next interval");
  });
});
