import { createHmac } from "node:crypto";
import { describe, expect } from "vitest";
import { WebhookRejected, type WebhookSource } from "../../intake/receive-webhook";
import { publishVersion } from "../../storage/flows";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness, template } from "../testing";

const sign = (body: string) => createHmac("sha256", "s3cret").update(body).digest("hex");

/** A shop's own site posting signed JSON orders: one, or a list of them in one push. */
const shopSite: WebhookSource = {
  id: "shop_site",
  read({ headers, body }) {
    if (headers["x-signature"] !== sign(body)) throw new WebhookRejected(401, "the x-signature header does not match the body");
    const orderOf = ({ no }: { no: string }) =>
      ({ kind: "order", dedupeKey: `shop_site:${no}`, order: { channel: "shop_site", shop: "main", platformOrderNo: no, data: template("events.json").input } }) as const;
    const read = JSON.parse(body) as { no: string } | { no: string }[];
    return Array.isArray(read) ? { kind: "batch", dedupeKey: null, events: read.map(orderOf) } : orderOf(read);
  },
};

describe.each(await databaseCases())("webhooks and operations over HTTP on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("a signed order is stored and acknowledged once, a repeat as a duplicate, a forged one refused", async ({ db }) => {
    const flow = template("flow.json");
    await publishVersion(db, flow, { at: new Date(), by: null });
    const http = httpHarness(db, { webhookSources: { shop_site: shopSite } });
    const body = JSON.stringify({ no: "W-1" });
    const post = (signature: string) => http.anonymous.send("/webhooks/shop_site", { method: "POST", body, headers: { "content-type": "application/json", "x-signature": signature } });

    expect(await post(sign(body))).toEqual(expect.objectContaining({ status: 200, body: { status: "accepted", orderId: "DB20261122000001" } }));
    expect(await post(sign(body))).toEqual(expect.objectContaining({ status: 200, body: { status: "duplicate" } }));
    expect(await post("forged")).toMatchObject({ status: 401, body: { error: { code: "webhook_rejected" } } });
    expect((await http.anonymous.send("/webhooks/nobody", { method: "POST", body })).status).toBe(404);
    const kept = await db.selectFrom("inbound_events").select("status").orderBy("id").execute();
    expect(kept.map((k) => k.status)).toEqual(["accepted", "duplicate", "rejected"]);
  });

  test("a batched push reports every order it created, the first also as orderId; repeats in it are left out", async ({ db }) => {
    await publishVersion(db, template("flow.json"), { at: new Date(), by: null });
    const http = httpHarness(db, { webhookSources: { shop_site: shopSite } });
    const post = (payload: unknown) => {
      const body = JSON.stringify(payload);
      return http.anonymous.send("/webhooks/shop_site", { method: "POST", body, headers: { "content-type": "application/json", "x-signature": sign(body) } });
    };
    expect((await post({ no: "B-1" })).body).toEqual({ status: "accepted", orderId: "DB20261122000001" });
    expect((await post([{ no: "B-1" }, { no: "B-2" }, { no: "B-3" }])).body).toEqual({ status: "accepted", orderId: "DB20261122000002", orderIds: ["DB20261122000002", "DB20261122000003"] });
    const stored = await db.selectFrom("orders").select(["id", "platform_order_no"]).orderBy("id").execute();
    expect(stored.map((o) => [o.id, o.platform_order_no])).toEqual([["DB20261122000001", "B-1"], ["DB20261122000002", "B-2"], ["DB20261122000003", "B-3"]]);
    expect((await post([{ no: "B-2" }, { no: "B-3" }])).body).toEqual({ status: "duplicate" });
  });

  test("/health answers for the database and /metrics counts instances, tasks and the outbox", async ({ db }) => {
    const http = httpHarness(db);
    expect(await http.anonymous.get("/health")).toMatchObject({ status: 200, body: { status: "ok", database: "ok" } });
    const metrics = await http.anonymous.send("/metrics", { method: "GET" });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    expect(String(metrics.body)).toContain("orderflow_tasks_open 0");
  });
});
