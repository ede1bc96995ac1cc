import { randomBytes } from "node:crypto";
import { createSecretBox, type SecretBox } from "@orderflow/connector-sdk";
import { startShopSimulator, type ShopSimulator } from "@orderflow/connector-webhook-shop/simulator";
import type { Kysely } from "kysely";
import { afterEach, describe, expect } from "vitest";
import { createConnectorRuntime } from "../execution/connector-registry";
import { createFlowVersions } from "../execution/flow-versions";
import { createWorker } from "../execution/worker";
import { httpHarness } from "../http/testing";
import { createLogger } from "../observability/logger";
import { publishVersion } from "../storage/flows";
import type { Database } from "../storage/schema";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { createConnectorDirectory } from "./connector-directory";
import { createInstallationService } from "./installation-service";

const SECRET = "shop-hmac-secret-7f3a9c";
const OUTLET_SECRET = "outlet-hmac-secret-51d2e8";

/** Pushes the tracking number back to the order's own shop, as the order-fulfilment template does. */
const shipBack = {
  schemaVersion: 1,
  id: "ship_back",
  name: { zh: "回传发货", en: "Ship back" },
  trigger: { type: "order" },
  nodes: [
    { id: "start", kind: "start", name: { zh: "收到订单", en: "Order received" } },
    {
      id: "push",
      kind: "action",
      name: { zh: "回传物流单号", en: "Push tracking" },
      connector: "channel",
      action: "push_shipment",
      input: { channel: { var: "input.channel" }, shop: { var: "input.shop" }, platformOrderNo: { var: "input.platformOrderNo" }, courier: "SF", trackingNo: "SF100" },
    },
    { id: "done", kind: "end", status: "completed", name: { zh: "完成", en: "Done" } },
    { id: "failed", kind: "end", status: "failed", name: { zh: "失败", en: "Failed" } },
  ],
  edges: [
    { id: "e1", from: "start", outcome: "success", to: "push" },
    { id: "e2", from: "push", outcome: "success", to: "done" },
    { id: "e3", from: "push", outcome: "error", to: "failed" },
  ],
};

const shops: ShopSimulator[] = [];
afterEach(async () => {
  await Promise.all(shops.splice(0).map((shop) => shop.close()));
});

async function shopSimulator(secret: string): Promise<ShopSimulator> {
  const shop = await startShopSimulator({ secret });
  shops.push(shop);
  return shop;
}

const quiet = createLogger({ level: "error", write: () => {} });

/** A server's connector side as startServer assembles it: the directory, the service and the app over one database. */
async function serverOn(db: Kysely<Database>, box: SecretBox | undefined, refreshEveryMs?: number) {
  const directory = createConnectorDirectory({ execution: { db, flows: createFlowVersions(), clock: () => new Date() }, box, code: { connectors: {}, webhookSources: {}, pollSources: [] }, log: quiet, refreshEveryMs });
  await directory.refresh();
  const http = httpHarness(db, { webhookSources: () => directory.webhookSources(), installations: createInstallationService({ db, clock: () => new Date(), box, directory }) });
  const runtime = createConnectorRuntime(() => directory.connectors());
  return { directory, http, runtime, admin: await http.signIn(`admin-${randomBytes(3).toString("hex")}`, ["admin"]) };
}

const webhook = (http: ReturnType<typeof httpHarness>, source: string, delivery: { headers: Record<string, string>; body: string }) =>
  http.app.request(`/webhooks/${source}`, { method: "POST", headers: delivery.headers, body: delivery.body });

const shipmentCall = (connector: string, platformOrderNo: string) => ({ connector, action: "push_shipment", input: { platformOrderNo, courier: "SF", trackingNo: "SF1" }, idempotencyKey: `k:${connector}:${platformOrderNo}`, attempt: 1, timeoutMs: 10_000 });

describe.each(await databaseCases())("connector installations on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("secrets are sealed at rest, never returned nor audited, and open again after a restart", async ({ db }) => {
    const box = createSecretBox(randomBytes(32));
    const shop = await shopSimulator(SECRET);
    const { admin } = await serverOn(db, box);

    const created = await admin.post("/connector-installations", { id: "shop-main", connector: "webhook_shop", displayName: "自建商城", settings: { shop: "own-site", shipmentUrl: shop.shipmentUrl, secret: SECRET } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: "shop-main", connector: "webhook_shop", shop: "own-site", settings: { shop: "own-site", shipmentUrl: shop.shipmentUrl }, secretsSet: ["secret"], enabled: true, state: "running", webhookSources: ["shop-main"] });

    const raw = await db.selectFrom("connector_installations").selectAll().execute();
    expect(JSON.stringify(raw)).not.toContain(SECRET);
    expect(raw[0]!.secrets["secret"]).toMatch(/^v1\./);
    expect(raw[0]!.settings).not.toHaveProperty("secret");

    const answers = [await admin.get("/connector-installations"), await admin.get("/connector-installations/shop-main"), await admin.patch("/connector-installations/shop-main", { displayName: "官网" })];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(SECRET);
    }
    const audit = await db.selectFrom("audit_log").selectAll().where("target_type", "=", "connector_installation").execute();
    expect(audit.map((entry) => entry.action)).toEqual(["connector_installation.create", "connector_installation.update"]);
    expect(JSON.stringify(audit)).not.toContain(SECRET);

    // A restart: a new directory reads the row and opens the secret, so the shop's signed webhook checks out.
    const again = await serverOn(db, box);
    expect((await again.admin.get("/connector-installations/shop-main")).body).toMatchObject({ state: "running", secretsSet: ["secret"] });
    const order = shop.placeOrder({ number: "WS-7" });
    expect((await webhook(again.http, "shop-main", shop.orderWebhook(order))).status).toBe(200);
    expect(await again.runtime.invoke(shipmentCall("shop-main", "WS-7"))).toMatchObject({ ok: true });

    // Started with another key, the secret does not open: the installation is reported failed, not run with garbage.
    const otherKey = await serverOn(db, createSecretBox(randomBytes(32)));
    expect((await otherKey.admin.get("/connector-installations/shop-main")).body).toMatchObject({ state: "failed", problem: expect.stringContaining("does not open with this key") });
    expect((await webhook(otherKey.http, "shop-main", shop.orderWebhook(order))).status).toBe(404);
  });

  test("an installation made through the API takes webhooks at once, and flows reach it by its id, its connector and the order's channel and shop", async ({ db }) => {
    const box = createSecretBox(randomBytes(32));
    const [main, outlet] = [await shopSimulator(SECRET), await shopSimulator(OUTLET_SECRET)];
    const { http, runtime, admin } = await serverOn(db, box);
    await publishVersion(db, shipBack, { at: new Date(), by: null });

    expect((await admin.post("/connector-installations", { id: "shop-main", connector: "webhook_shop", settings: { shop: "own-site", shipmentUrl: main.shipmentUrl, secret: SECRET } })).status).toBe(201);
    // While it is the only webhook_shop, flows naming the connector reach it too.
    expect(await runtime.invoke(shipmentCall("webhook_shop", main.placeOrder({ number: "WS-1" }).number))).toEqual({ ok: true, output: { accepted: true, shipmentId: "shp_1" } });

    expect((await admin.post("/connector-installations", { id: "shop-outlet", connector: "webhook_shop", settings: { shop: "outlet", shipmentUrl: outlet.shipmentUrl, secret: OUTLET_SECRET } })).status).toBe(201);
    expect(await runtime.invoke(shipmentCall("webhook_shop", "WS-1"))).toMatchObject({ ok: false, error: { code: "connector_not_installed" } });

    const mainOrder = main.placeOrder({ number: "WS-2" });
    const outletOrder = outlet.placeOrder({ number: "OUT-1" });
    const accepted = await webhook(http, "shop-main", main.orderWebhook(mainOrder));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: "accepted", orderId: expect.any(String) });
    expect((await webhook(http, "shop-outlet", outlet.orderWebhook(outletOrder))).status).toBe(200);
    // Each installation checks its own shop's signature.
    expect((await webhook(http, "shop-outlet", main.orderWebhook(mainOrder))).status).toBe(401);

    const worker = createWorker({ execution: http.execution, connectors: runtime, owner: "test-worker", random: () => 0.5 });
    while ((await worker.runOnce()) > 0);
    expect(main.shipments.map((s) => [s.orderNumber, s.trackingNumber])).toEqual([["WS-1", "SF1"], ["WS-2", "SF100"]]);
    expect(outlet.shipments.map((s) => [s.orderNumber, s.trackingNumber])).toEqual([["OUT-1", "SF100"]]);
    const instances = await db.selectFrom("instances").select("status").execute();
    expect(instances.map((i) => i.status)).toEqual(["completed", "completed"]);
  });

  test("disabling stops an installation's webhooks and actions, enabling starts them again, deleting removes it", async ({ db }) => {
    const shop = await shopSimulator(SECRET);
    const { http, runtime, admin } = await serverOn(db, createSecretBox(randomBytes(32)));
    await admin.post("/connector-installations", { id: "shop-main", connector: "webhook_shop", settings: { shop: "own-site", shipmentUrl: shop.shipmentUrl, secret: SECRET } });
    const order = shop.placeOrder();

    const disabled = await admin.patch("/connector-installations/shop-main", { enabled: false });
    expect(disabled.body).toMatchObject({ enabled: false, state: "stopped", secretsSet: ["secret"] });
    expect((await webhook(http, "shop-main", shop.orderWebhook(order))).status).toBe(404);
    expect(await runtime.invoke(shipmentCall("shop-main", order.number))).toMatchObject({ ok: false, error: { code: "connector_not_installed" } });

    expect((await admin.patch("/connector-installations/shop-main", { enabled: true })).body).toMatchObject({ state: "running" });
    expect((await webhook(http, "shop-main", shop.orderWebhook(order))).status).toBe(200);

    expect((await admin.delete("/connector-installations/shop-main")).status).toBe(204);
    expect((await admin.get("/connector-installations/shop-main")).status).toBe(404);
    expect((await webhook(http, "shop-main", shop.orderWebhook(order))).status).toBe(404);
    expect(await runtime.invoke(shipmentCall("shop-main", order.number))).toMatchObject({ ok: false, error: { code: "connector_not_installed" } });
  });

  test("another server process picks up an installation at its next periodic refresh", async ({ storage }) => {
    const box = createSecretBox(randomBytes(32));
    const shop = await shopSimulator(SECRET);
    const one = await serverOn(storage.db, box);
    const other = await serverOn(dialect === "postgres" ? (await storage.connectAgain()).db : storage.db, box, 50);
    other.directory.start();
    try {
      await one.admin.post("/connector-installations", { id: "shop-main", connector: "webhook_shop", settings: { shop: "own-site", shipmentUrl: shop.shipmentUrl, secret: SECRET } });
      await expect.poll(() => other.directory.stateOf("shop-main").state, { timeout: 5_000 }).toBe("running");
      await one.admin.patch("/connector-installations/shop-main", { enabled: false });
      await expect.poll(() => other.directory.stateOf("shop-main").state, { timeout: 5_000 }).toBe("stopped");
    } finally {
      await other.directory.stop();
    }
  });

  test("an update keeps secrets it leaves out, replaces those it sends and removes those sent as null", async ({ db }) => {
    const [shop, moved] = [await shopSimulator(SECRET), await shopSimulator("rotated-secret-0042")];
    const { http, runtime, admin } = await serverOn(db, createSecretBox(randomBytes(32)));
    await admin.post("/connector-installations", { id: "shop-main", connector: "webhook_shop", settings: { shop: "own-site", shipmentUrl: shop.shipmentUrl, secret: SECRET } });

    const kept = await admin.patch("/connector-installations/shop-main", { settings: { shop: "own-site", shipmentUrl: shop.shipmentUrl, replayWindowSeconds: 600 } });
    expect(kept.body).toMatchObject({ settings: { replayWindowSeconds: 600 }, secretsSet: ["secret"], state: "running" });
    expect((await webhook(http, "shop-main", shop.orderWebhook(shop.placeOrder()))).status).toBe(200);

    const rotated = await admin.patch("/connector-installations/shop-main", { settings: { shop: "own-site", shipmentUrl: moved.shipmentUrl, secret: "rotated-secret-0042" } });
    expect(rotated.status).toBe(200);
    expect(await runtime.invoke(shipmentCall("shop-main", moved.placeOrder().number))).toMatchObject({ ok: true });
    expect((await webhook(http, "shop-main", shop.orderWebhook(shop.placeOrder()))).status).toBe(401);

    const removed = await admin.patch("/connector-installations/shop-main", { settings: { shop: "own-site", shipmentUrl: moved.shipmentUrl, secret: null } });
    expect(removed.status).toBe(400);
    expect(removed.body.error).toMatchObject({ code: "invalid_installation", field: "/settings/secret", message: expect.stringContaining("send it") });
  });

  test("bad input is refused naming the field and the fix; only admins and integrators manage installations", async ({ db }) => {
    const { http, admin } = await serverOn(db, createSecretBox(randomBytes(32)));
    const staff = await http.signIn("wang", ["staff"]);
    const integrator = await http.signIn("sys", ["integrator"]);
    const good = { id: "shop-main", connector: "webhook_shop", settings: { shop: "own-site", shipmentUrl: "https://shop.example.com/shipments", secret: SECRET } };

    expect((await staff.get("/connector-installations")).status).toBe(403);
    expect((await staff.post("/connector-installations", good)).status).toBe(403);

    const missing = await admin.post("/connector-installations", { ...good, settings: { shop: "own-site", secret: SECRET } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "invalid_installation", field: "/settings/shipmentUrl" });
    const badUrl = await admin.post("/connector-installations", { ...good, settings: { ...good.settings, shipmentUrl: "not a url", replayWindowSeconds: 5 } });
    expect(badUrl.body.error.problems.map((p: { field: string }) => p.field).sort()).toEqual(["/settings/replayWindowSeconds", "/settings/shipmentUrl"]);
    const noSecret = await admin.post("/connector-installations", { ...good, settings: { shop: "own-site", shipmentUrl: "https://shop.example.com/shipments" } });
    expect(noSecret.body.error).toMatchObject({ field: "/settings/secret", message: expect.stringContaining("send it") });
    const unknown = await admin.post("/connector-installations", { ...good, connector: "ebay" });
    expect(unknown.body.error).toMatchObject({ field: "/connector", message: expect.stringContaining("taobao") });
    const badId = await admin.post("/connector-installations", { ...good, id: "Shop Main" });
    expect(badId.body.error).toMatchObject({ field: "/id" });
    const namesake = await admin.post("/connector-installations", { ...good, id: "taobao" });
    expect(namesake.body.error).toMatchObject({ field: "/id", message: expect.stringContaining('e.g. "webhook_shop-taobao"') });
    const reserved = await admin.post("/connector-installations", { ...good, id: "channel" });
    expect(reserved.status).toBe(409);
    expect(reserved.body.error).toMatchObject({ field: "/id" });
    expect((await admin.get("/connector-installations")).body.installations).toEqual([]);

    expect((await integrator.post("/connector-installations", good)).status).toBe(201);
    const twice = await admin.post("/connector-installations", good);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain("PATCH /connector-installations/shop-main");
    const notSecretText = await admin.patch("/connector-installations/shop-main", { settings: { ...good.settings, secret: 42 } });
    expect(notSecretText.body.error).toMatchObject({ field: "/settings/secret", message: expect.stringContaining("null to remove it") });
    expect((await admin.patch("/connector-installations/nope", { enabled: false })).status).toBe(404);
  });

  test("without a secret key, an installation with secrets is refused saying how to set one", async ({ db }) => {
    const { admin } = await serverOn(db, undefined);
    const answer = await admin.post("/connector-installations", { id: "shop-main", connector: "webhook_shop", settings: { shop: "own-site", shipmentUrl: "https://shop.example.com/shipments", secret: SECRET } });
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({ code: "no_secret_key", message: expect.stringContaining("ORDERFLOW_SECRET_KEY") });
    expect(await db.selectFrom("connector_installations").selectAll().execute()).toEqual([]);
  });

  test("the catalogue lists every built-in connector; a connection test polls read-only and reports the far side's error", async ({ db }) => {
    const shop = await shopSimulator(SECRET);
    const { admin } = await serverOn(db, createSecretBox(randomBytes(32)));
    const catalogue = (await admin.get("/connectors")).body.connectors;
    expect(catalogue.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(["taobao", "jd", "douyin", "pinduoduo", "shopify", "webhook_shop", "sf_express", "dingtalk", "email"]));
    expect(catalogue.find((c: { id: string }) => c.id === "taobao")).toMatchObject({ name: { zh: "淘宝 / 天猫" }, category: "sales_channel", authKind: "signature", shopSetting: "shop", secretFields: expect.arrayContaining(["appSecret"]) });

    await admin.post("/connector-installations", { id: "shop-main", connector: "webhook_shop", settings: { shop: "own-site", shipmentUrl: shop.shipmentUrl, ordersUrl: shop.ordersUrl, secret: SECRET } });
    shop.placeOrder();
    const ok = await admin.post("/connector-installations/shop-main/test");
    expect(ok.body).toMatchObject({ ok: true, checked: "poll", message: { en: expect.stringContaining("1 events") } });
    expect(shop.requests.filter((r) => r.path === "/orders")).not.toHaveLength(0);
    expect(await db.selectFrom("connector_state").selectAll().execute()).toEqual([]);

    await admin.patch("/connector-installations/shop-main", { settings: { shop: "own-site", shipmentUrl: shop.shipmentUrl, ordersUrl: shop.ordersUrl, secret: "not-the-shops-secret" } });
    const refused = await admin.post("/connector-installations/shop-main/test");
    expect(refused.body).toMatchObject({ ok: false, checked: "poll", error: { message: expect.stringContaining("401") } });

    // Without an orders URL the shop's reconciliation is off: there is nothing read-only to call, and the test says so.
    await admin.patch("/connector-installations/shop-main", { settings: { shop: "own-site", shipmentUrl: shop.shipmentUrl } });
    const polled = shop.requests.length;
    expect((await admin.post("/connector-installations/shop-main/test")).body).toMatchObject({ ok: true, checked: "settings" });
    expect(shop.requests).toHaveLength(polled);

    expect((await admin.post("/connector-installations", { id: "ops-robot", connector: "wecom", settings: { webhookKey: "robot-key-3a8f" } })).status).toBe(201);
    expect((await admin.post("/connector-installations/ops-robot/test")).body).toMatchObject({ ok: true, checked: "settings" });
  });
});
