import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql, type Kysely } from "kysely";
import { describe, expect } from "vitest";
import type { Execution } from "../execution/apply-step";
import { createFlowVersions } from "../execution/flow-versions";
import { createWorker } from "../execution/worker";
import { publishVersion } from "../storage/flows";
import type { Database } from "../storage/schema";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { receiveOrder, type IncomingOrder } from "./receive-order";
import { MAX_WEBHOOK_BYTES, receiveWebhook, WebhookRejected, type WebhookReceipt, type WebhookSource } from "./receive-webhook";

const flow = JSON.parse(readFileSync(new URL("../../../templates/order-fulfilment/flow.json", import.meta.url), "utf8"));
const sample = JSON.parse(readFileSync(new URL("../../../templates/order-fulfilment/events.json", import.meta.url), "utf8"));

const publish = (db: Kysely<Database>, document: { id: string; name: string | { zh?: string; en?: string } }) => publishVersion(db, document, { at: new Date(), by: null });

const incoming = (platformOrderNo: string, channel = "taobao"): IncomingOrder => ({
  channel,
  shop: "tmall-flagship",
  platformOrderNo,
  buyerName: "张三",
  phone: "13812345678",
  total: "256.00",
  data: sample.input,
  raw: { tid: platformOrderNo },
});

const SECRET = "shop-secret";
const sign = (body: string) => createHmac("sha256", SECRET).update(body).digest("hex");

/** A signed JSON webhook as a shop's own site would send it: orders, and delivery notices for waiting instances. */
const shopSite: WebhookSource = {
  id: "shop_site",
  read({ headers, body }) {
    if (headers["x-signature"] !== sign(body)) throw new WebhookRejected(401, "the x-signature header does not match the body");
    const payload = JSON.parse(body) as { id: string; type: string; order?: { no: string }; trackingNo?: string };
    if (payload.type === "order.created") return { kind: "order", dedupeKey: `shop_site:${payload.id}`, order: incoming(payload.order!.no, "shop_site") };
    if (payload.type === "parcel.delivered") return { kind: "message", dedupeKey: `shop_site:${payload.id}`, event: "parcel.delivered", correlation: payload.trackingNo };
    return { kind: "ignored", dedupeKey: `shop_site:${payload.id}`, reason: `event type ${payload.type}` };
  },
};
const request = (payload: unknown, signature?: string) => {
  const body = JSON.stringify(payload);
  return { headers: { "content-type": "application/json", "x-signature": signature ?? sign(body) }, body };
};

describe.each(await databaseCases())("order intake on %s", (dialect) => {
  const it = testWithDatabase(dialect);
  const executionOn = (db: Kysely<Database>): Execution => ({ db, flows: createFlowVersions(), clock: () => new Date("2026-11-22T09:00:00+08:00") });

  it("stores a new order under a global id and starts the flows its trigger selects", async ({ db }) => {
    await publish(db, flow);
    await publish(db, { ...flow, id: "jd_only", trigger: { type: "order", channels: ["jd"] } });
    const receipt = await receiveOrder(executionOn(db), incoming("3398123456789012"));
    expect(receipt).toMatchObject({ status: "created", orderId: "DB20261122000001" });
    const instances = await db.selectFrom("instances").select(["flow_id", "order_id", "input"]).execute();
    expect(instances).toHaveLength(1);
    expect(instances[0]).toMatchObject({ flow_id: "order_fulfilment", order_id: "DB20261122000001", input: { orderNo: "DB20261122000001", platformOrderNo: "3398123456789012" } });
  });

  it("processes an order that arrives twenty times at once exactly once", async ({ db }) => {
    await publish(db, flow);
    const execution = executionOn(db);
    const receipts = await Promise.all(Array.from({ length: 20 }, () => receiveOrder(execution, incoming("777"))));
    const created = receipts.filter((r) => r.status === "created");
    expect(created).toHaveLength(1);
    expect(new Set(receipts.map((r) => r.orderId))).toEqual(new Set([created[0]!.orderId]));
    expect(await db.selectFrom("orders").select("id").execute()).toHaveLength(1);
    expect(await db.selectFrom("instances").select("id").execute()).toHaveLength(1);
  });

  it("keeps each order's platform payload as given: a document, a JSON null, or none", async ({ db }) => {
    const execution = executionOn(db);
    const raw = { tid: "1", title: "龙井 \"明前\"", lines: [{ sku: "TEA-1", quantity: 2 }] };
    await receiveOrder(execution, { ...incoming("1"), raw });
    await receiveOrder(execution, { ...incoming("2"), raw: null });
    await receiveOrder(execution, { ...incoming("3"), raw: undefined });
    const stored = await db.selectFrom("orders").select(["platform_order_no", "raw"]).orderBy("platform_order_no").execute();
    expect(stored.map((order) => order.raw)).toEqual([raw, null, null]);
    const { rows } = await sql<{ no: string; kind: string | null }>`select platform_order_no as no, jsonb_typeof(raw) as kind from orders order by no`.execute(db);
    expect(rows).toEqual([{ no: "1", kind: "object" }, { no: "2", kind: "null" }, { no: "3", kind: null }]);
  });

  it("keeps the same platform number from two channels apart", async ({ db }) => {
    const execution = executionOn(db);
    const first = await receiveOrder(execution, incoming("1001", "taobao"));
    const second = await receiveOrder(execution, incoming("1001", "jd"));
    expect(first.orderId).not.toBe(second.orderId);
    expect(second.status).toBe("created");
  });
});

describe.each(await databaseCases())("webhook ingress on %s", (dialect) => {
  const it = testWithDatabase(dialect);
  const executionOn = (db: Kysely<Database>): Execution => ({ db, flows: createFlowVersions(), clock: () => new Date("2026-11-22T09:00:00+08:00") });

  it("acknowledges an order once it is stored, and a repeat as a duplicate it keeps", async ({ db }) => {
    await publish(db, flow);
    const execution = executionOn(db);
    const order = request({ id: "evt-1", type: "order.created", order: { no: "W1" } });
    expect(await receiveWebhook(execution, shopSite, order)).toMatchObject({ status: "accepted", httpStatus: 200, orderId: "DB20261122000001" });
    expect(await receiveWebhook(execution, shopSite, order)).toEqual({ status: "duplicate", httpStatus: 200 });
    const kept = await db.selectFrom("inbound_events").select(["status", "dedupe_key", "instance_id"]).orderBy("id").execute();
    expect(kept.map((k) => k.status)).toEqual(["accepted", "duplicate"]);
    expect(kept[0]!.instance_id).not.toBeNull();
    expect(await db.selectFrom("instances").select("id").execute()).toHaveLength(1);
  });

  it("stores a burst of webhooks in shared transactions: each order once, numbered without gaps, every repeat kept", async ({ db }) => {
    await publish(db, flow);
    const execution = executionOn(db);
    const orders = Array.from({ length: 40 }, (_, n) => request({ id: `evt-burst-${n}`, type: "order.created", order: { no: `B${n}` } }));
    const sent = [...orders, ...orders.slice(0, 15), request({ id: "evt-burst-again", type: "order.created", order: { no: "B3" } })];
    const receipts = await Promise.all(sent.map((each) => receiveWebhook(execution, shopSite, each)));

    expect(receipts.filter((r) => r.status === "duplicate")).toHaveLength(15);
    const stored = await db.selectFrom("orders").select(["id", "platform_order_no"]).orderBy("id").execute();
    expect(stored).toHaveLength(40);
    expect(stored.map((o) => o.id)).toEqual(Array.from({ length: 40 }, (_, n) => `DB20261122${String(n + 1).padStart(6, "0")}`));
    // The same order under another dedupe key is the order already stored, and starts nothing.
    const again = receipts.at(-1) as { status: string; orderId: string; instances: string[] };
    expect(again).toMatchObject({ status: "accepted", instances: [] });
    expect(stored.find((o) => o.platform_order_no === "B3")?.id).toBe(again.orderId);
    expect(await db.selectFrom("instances").select("id").execute()).toHaveLength(40);
    const kept = await db.selectFrom("inbound_events").select(["status"]).execute();
    expect(kept.filter((e) => e.status === "accepted")).toHaveLength(41);
    expect(kept.filter((e) => e.status === "duplicate")).toHaveLength(15);
    const linked = await db.selectFrom("inbound_events").select("instance_id").where("instance_id", "is not", null).execute();
    expect(linked).toHaveLength(40);
  });

  it("with three transactions open at once, still stores each order once and keeps every repeat", async ({ db }) => {
    await publish(db, flow);
    const execution = { ...executionOn(db), lanes: 3 };
    const order = (n: number) => request({ id: `evt-lane-${n}`, type: "order.created", order: { no: `L${n}` } });
    const sent: Promise<WebhookReceipt>[] = [];
    const numbers: string[] = [];
    const send = (n: number) => (sent.push(receiveWebhook(execution, shopSite, order(n))), numbers.push(`L${n}`));
    for (let wave = 0; wave < 6; wave++) {
      // Each wave repeats half of the one before, whose transaction may still be open in another lane.
      for (let n = wave * 10; n < wave * 10 + 10; n++) send(n);
      if (wave > 0) for (let n = (wave - 1) * 10; n < (wave - 1) * 10 + 5; n++) send(n);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const receipts = await Promise.all(sent);

    expect(receipts.filter((r) => r.status === "duplicate")).toHaveLength(25);
    const stored = await db.selectFrom("orders").select(["id", "platform_order_no"]).execute();
    expect(new Set(stored.map((o) => o.platform_order_no)).size).toBe(60);
    expect(stored).toHaveLength(60);
    const byNumber = new Map(stored.map((o) => [o.platform_order_no, o.id]));
    receipts.forEach((receipt, index) => {
      if (receipt.status === "accepted") expect(receipt.orderId).toBe(byNumber.get(numbers[index]!));
    });
    expect(await db.selectFrom("instances").select("id").execute()).toHaveLength(60);
    const kept = await db.selectFrom("inbound_events").select(["status"]).execute();
    expect(kept.filter((e) => e.status === "accepted")).toHaveLength(60);
    expect(kept.filter((e) => e.status === "duplicate")).toHaveLength(25);
  });

  it("keeps a request that another server stored after the duplicate check as a duplicate, doing the group again", async ({ db }) => {
    await publish(db, flow);
    // Two servers: each has its own group commit, and both check for duplicates before either stores.
    const [first, second] = [executionOn(db), executionOn(db)];
    const same = request({ id: "evt-race", type: "order.created", order: { no: "R1" } });
    const receipts = await Promise.all([receiveWebhook(first, shopSite, same), receiveWebhook(second, shopSite, same)]);

    expect(receipts.map((r) => r.status).sort()).toEqual(["accepted", "duplicate"]);
    expect(await db.selectFrom("orders").select("id").execute()).toHaveLength(1);
    expect(await db.selectFrom("instances").select("id").execute()).toHaveLength(1);
    const kept = await db.selectFrom("inbound_events").select(["status", "instance_id"]).orderBy("status").execute();
    expect(kept).toEqual([
      { status: "accepted", instance_id: expect.any(String) },
      { status: "duplicate", instance_id: null },
    ]);
  });

  it("answers 401, 400 and 413 to bad requests and keeps each for inspection", async ({ db }) => {
    const execution = executionOn(db);
    const forged = request({ id: "evt-2", type: "order.created", order: { no: "W2" } }, "0".repeat(64));
    expect(await receiveWebhook(execution, shopSite, forged)).toMatchObject({ status: "rejected", httpStatus: 401 });
    const broken = { headers: { "x-signature": sign("{not json") }, body: "{not json" };
    expect(await receiveWebhook(execution, shopSite, broken)).toMatchObject({ status: "rejected", httpStatus: 400, error: expect.stringContaining("could not be read") });
    const huge = "x".repeat(MAX_WEBHOOK_BYTES + 1);
    expect(await receiveWebhook(execution, shopSite, { headers: {}, body: huge })).toMatchObject({ status: "rejected", httpStatus: 413 });
    const kept = await db.selectFrom("inbound_events").select(["status", "body", "error"]).orderBy("id").execute();
    expect(kept.map((k) => k.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(kept[1]!.body).toBe("{not json");
    expect(kept[2]!.body.length).toBeLessThan(huge.length);
    expect(await db.selectFrom("orders").select("id").execute()).toEqual([]);
  });

  it("hands a delivery notice to the worker, which gives it to the waiting order", async ({ db }) => {
    await publish(db, flow);
    const execution = executionOn(db);
    const connectors = {
      invoke: async (call: { action: string }) => ({ ok: true as const, output: call.action === "create_waybill" ? { trackingNo: "SF77", courier: "SF" } : { warehouse: "SH-01" } }),
      notify: async () => ({ ok: true as const, output: {} }),
    };
    const worker = createWorker({ execution, connectors, owner: "w1" });
    const { orderId } = (await receiveWebhook(execution, shopSite, request({ id: "evt-3", type: "order.created", order: { no: "W3" } }))) as { orderId: string };
    const drain = async () => {
      while ((await worker.runOnce()) > 0);
    };
    await drain();
    for (const node of ["pick", "pack"]) {
      const task = await db.selectFrom("tasks").select("key").where("node", "=", node).executeTakeFirstOrThrow();
      const data = node === "pick" ? sample.steps[1].data : sample.steps[3].data;
      const { deliverEvent } = await import("../execution/apply-step");
      const instance = await db.selectFrom("instances").select("id").where("order_id", "=", orderId).executeTakeFirstOrThrow();
      await deliverEvent(execution, instance.id, { type: "task.submitted", key: task.key, data });
      await drain();
    }
    expect(await receiveWebhook(execution, shopSite, request({ id: "evt-4", type: "parcel.delivered", trackingNo: "SF77" }))).toMatchObject({ status: "accepted" });
    await drain();
    const instance = await db.selectFrom("instances").select("status").where("order_id", "=", orderId).executeTakeFirstOrThrow();
    expect(instance.status).toBe("completed");
  });
});
