/**
 * Webhooks as platforms really send them, to a running server process:
 * repeated, out of order, forged, broken and oversized. Every request is
 * answered at once (200 once stored, 4xx when refused), every refused one is
 * kept for inspection, and no order or notice is lost or taken twice.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { createDatabase } from "../../runtime-server/src/index";
import { MAX_WEBHOOK_BYTES } from "../../runtime-server/src/intake/receive-webhook";
import { databaseCases } from "../../runtime-server/src/storage/testing";
import { signBody } from "../server-process/signed-shop";
import { metrics, orderBody, postWebhook, setUpScenario, until } from "./harness";

const flow = JSON.parse(readFileSync(new URL("./delivery-flow.json", import.meta.url), "utf8"));

const delivered = (id: string, platformOrderNo: string) => JSON.stringify({ type: "message", id, event: "parcel.delivered", correlation: platformOrderNo });
const statusOf = (answer: { text: string }) => (JSON.parse(answer.text) as { status: string }).status;

describe.each(await databaseCases())("webhooks to a running server on %s", (dialect) => {
  test("repeats are taken once, notices that come before their order still reach it, and refused requests are kept", async ({ onTestFinished }) => {
    const { database, courier, processes } = await setUpScenario(dialect, [{ document: flow }], onTestFinished);
    const server = await processes.start([...database.args, "--courier", courier.url]);
    const completed = async () => (await metrics(server.url))['orderflow_instances{status="completed"}'] ?? 0;

    // One order sent six times at once: one is stored, five are acknowledged as duplicates.
    const repeats = await Promise.all(Array.from({ length: 6 }, () => postWebhook(server.url, orderBody("D-1"))));
    expect(repeats.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(repeats.map(statusOf).sort()).toEqual(["accepted", ...Array(5).fill("duplicate")]);

    // Delivery notices that arrive before their orders (one of them in reverse order), then the orders.
    for (const no of ["O-1", "O-2", "O-3", "O-4"].reverse()) expect((await postWebhook(server.url, delivered(`delivered-${no}`, no))).status).toBe(200);
    for (const no of ["O-4", "O-3", "O-2", "O-1"]) expect((await postWebhook(server.url, orderBody(no))).status).toBe(200);

    // D-1's notice once it waits for it, three times: taken once.
    await until("the waybill for D-1", async () => courier.calls.some((c) => c.input.platformOrderNo === "D-1"), 20_000);
    const notices = await Promise.all(Array.from({ length: 3 }, () => postWebhook(server.url, delivered("delivered-D-1", "D-1"))));
    expect(notices.map(statusOf).sort()).toEqual(["accepted", "duplicate", "duplicate"]);

    // Refused: a forged signature, a body that is not JSON, an order without its number, a body over the limit.
    const forged = orderBody("F-1");
    const broken = '{"shop": "durability", "platformOrderNo": ';
    const incomplete = JSON.stringify({ shop: "durability" });
    const huge = JSON.stringify({ shop: "durability", platformOrderNo: "H-1", note: "x".repeat(MAX_WEBHOOK_BYTES) });
    const refused = [
      await postWebhook(server.url, forged, "0".repeat(64)),
      await postWebhook(server.url, broken),
      await postWebhook(server.url, incomplete),
      await postWebhook(server.url, huge),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 400, 422, 413]);
    for (const answer of refused) expect(JSON.parse(answer.text)).toMatchObject({ error: { message: expect.any(String) } });

    await until("the five orders to be delivered", async () => (await completed()) === 5, 60_000, () => metrics(server.url));
    await server.stop();

    const storage = await createDatabase(database.config);
    try {
      const { db } = storage;
      const orders = await db.selectFrom("orders").select("platform_order_no").orderBy("platform_order_no").execute();
      expect(orders.map((o) => o.platform_order_no)).toEqual(["D-1", "O-1", "O-2", "O-3", "O-4"]);
      const instances = await db.selectFrom("instances").select(["status", "order_id"]).execute();
      expect(instances.map((i) => i.status)).toEqual(Array(5).fill("completed"));
      expect(courier.waybills.size).toBe(5);

      const inbound = await db.selectFrom("inbound_events").select(["status", "dedupe_key", "error", "body"]).orderBy("id").execute();
      const count = (status: string) => inbound.filter((e) => e.status === status).length;
      expect({ accepted: count("accepted"), duplicate: count("duplicate"), rejected: count("rejected") }).toEqual({ accepted: 10, duplicate: 7, rejected: 4 });
      const rejected = inbound.filter((e) => e.status === "rejected");
      expect(rejected.map((e) => e.body.slice(0, 40))).toEqual([forged, broken, incomplete, huge].map((body) => body.slice(0, 40)));
      expect(rejected.map((e) => e.error)).toEqual([expect.stringContaining("signature"), expect.stringContaining("could not be read"), expect.stringContaining("platformOrderNo"), expect.stringContaining("bytes")]);
      expect(rejected[3]!.body.length).toBeLessThan(huge.length);
      // Every notice was taken: no outbox row left waiting, failed or given up.
      expect(await db.selectFrom("outbox").select(["key", "status", "last_error"]).where("status", "<>", "done").execute()).toEqual([]);
    } finally {
      await storage.close();
    }
  }, 120_000);
});
