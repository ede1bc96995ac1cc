import { Type } from "@sinclair/typebox";
import { afterEach, describe, expect, it } from "vitest";
import { Auth } from "../auth/auth";
import { defineAction } from "../definition/action";
import { defineConnector } from "../definition/connector";
import { definePollingTrigger, defineWebhookTrigger, headerOf, rejectWebhook, WebhookRejection } from "../definition/triggers";
import { permanentError } from "../errors";
import { Prop } from "../props/prop";
import { createMemoryStore } from "../store";
import { sendJson, startLocalServer, type LocalServer } from "../testing/local-server";
import { sampleCanonicalOrder } from "../testing/sample-order";
import { ConnectorSettingsError, installConnector } from "./install-connector";

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const settings = {
  shop: Prop.text({ label: { zh: "店铺", en: "Shop" } }),
  baseUrl: Prop.text({ label: { zh: "接口地址", en: "API URL" }, format: "uri" }),
};
const auth = Auth.bearer();
const all = { ...settings, ...auth.props };

interface Listed {
  no: string;
  updatedAt: number;
}

/** A small connector exercising every path installConnector takes. */
const demo = defineConnector({
  id: "demo_shop",
  name: { zh: "演示店铺", en: "Demo shop" },
  category: "sales_channel",
  version: "1.0.0",
  auth,
  settings,
  baseUrl: (s) => String(s["baseUrl"]),
  actions: [
    defineAction({
      id: "create_thing",
      name: { zh: "创建", en: "Create" },
      settings: all,
      props: { name: Prop.text({ label: { zh: "名称", en: "Name" } }), count: Prop.integer({ label: { zh: "数量", en: "Count" }, minimum: 1 }) },
      output: Type.Object({ id: Type.String() }),
      async run({ input, http }) {
        const { body } = await http.request<{ id: string }>({ method: "POST", path: "/things", json: input });
        return { id: body.id };
      },
    }),
    defineAction({ id: "wrong_output", name: { zh: "错误输出", en: "Wrong output" }, props: {}, output: Type.Object({ id: Type.String() }), run: async () => ({ id: 7 }) as never }),
    defineAction({ id: "refuse", name: { zh: "拒绝", en: "Refuse" }, props: {}, output: Type.Object({}), run: async () => Promise.reject(permanentError("order_closed", "The order is closed")) }),
    defineAction({ id: "crash", name: { zh: "崩溃", en: "Crash" }, props: {}, output: Type.Object({}), run: async () => Promise.reject(new TypeError("x is undefined")) }),
  ],
  triggers: [
    defineWebhookTrigger({
      id: "orders",
      name: { zh: "订单", en: "Orders" },
      settings: all,
      verify(request, { settings: s }) {
        if (headerOf(request, "X-Token") !== s.token) rejectWebhook(401, "the x-token header is not this shop's token");
      },
      parse(request, { settings: s }) {
        const body = JSON.parse(request.body) as Record<string, unknown>;
        return { kind: "order", dedupeKey: `demo:${s.shop}:${String(body["platformOrderNo"])}`, order: { ...sampleCanonicalOrder, channel: "demo_shop", shop: s.shop, ...body } as never };
      },
    }),
    definePollingTrigger<typeof all, Listed>({
      id: "poll_orders",
      name: { zh: "拉取订单", en: "Poll orders" },
      settings: all,
      intervalMs: 60_000,
      overlapMs: 60_000,
      reconcileWindowMs: 3_600_000,
      firstLookbackMs: 600_000,
      async fetch({ http }, window) {
        const { body } = await http.request<{ items: Listed[]; next?: string }>({ path: "/orders", query: { since: window.since.getTime(), until: window.until.getTime(), page: window.pageToken } });
        return { items: body.items, ...(body.next ? { nextPageToken: body.next } : {}) };
      },
      toEvent: (item, { settings: s }) => ({ kind: "order", dedupeKey: `demo:${s.shop}:${item.no}`, order: { ...sampleCanonicalOrder, channel: "demo_shop", shop: s.shop, platformOrderNo: item.no } }),
    }),
  ],
});

async function demoServer(listed: Listed[] = []) {
  const server = await startLocalServer((request, response) => {
    if (request.path === "/things") {
      const body = JSON.parse(request.body) as { name: string };
      if (body.name === "busy") return sendJson(response, 503, { error: "busy" }, { "retry-after": "60" });
      return sendJson(response, 201, { id: `thing-${body.name}` });
    }
    const since = Number(request.query["since"]);
    const until = Number(request.query["until"]);
    const page = Number(request.query["page"] ?? "0");
    const inWindow = listed.filter((o) => o.updatedAt >= since && o.updatedAt <= until);
    return sendJson(response, 200, { items: inWindow.slice(page * 2, page * 2 + 2), ...(inWindow.length > page * 2 + 2 ? { next: String(page + 1) } : {}) });
  });
  servers.push(server);
  return server;
}

const call = (action: string, input: Record<string, unknown>) => ({ connector: "demo_shop", action, input, idempotencyKey: "inst-9:create:1", attempt: 1, timeoutMs: 5_000 });

describe("installConnector: actions", () => {
  it("runs an action with the connector's auth and the effect's idempotency key", async () => {
    const server = await demoServer();
    const installed = installConnector(demo, { settings: { shop: "s1", baseUrl: server.url, token: "t-1" }, store: createMemoryStore() });
    expect(await installed.invoke(call("create_thing", { name: "a", count: 1 }))).toEqual({ ok: true, output: { id: "thing-a" } });
    expect(server.requests[0]!.headers).toMatchObject({ authorization: "Bearer t-1", "idempotency-key": "inst-9:create:1" });
  });

  it("refuses bad input before anything is sent, naming the field, and says no retry will help", async () => {
    const server = await demoServer();
    const installed = installConnector(demo, { settings: { shop: "s1", baseUrl: server.url, token: "t-1" }, store: createMemoryStore() });
    const outcome = await installed.invoke(call("create_thing", { name: "a", count: 0 }));
    expect(outcome).toEqual({ ok: false, retryable: false, error: { code: "invalid_input", message: "demo_shop.create_thing: input.count must be >= 1; fix the step's input mapping" } });
    expect(server.requests).toHaveLength(0);
  });

  it("turns failures into outcomes the worker acts on", async () => {
    const server = await demoServer();
    const installed = installConnector(demo, { settings: { shop: "s1", baseUrl: server.url, token: "t-1" }, store: createMemoryStore() });
    expect(await installed.invoke(call("create_thing", { name: "busy", count: 1 }))).toMatchObject({ ok: false, retryable: true, retryAfterMs: 60_000, error: { code: "http_503" } });
    expect(await installed.invoke(call("refuse", {}))).toEqual({ ok: false, retryable: false, error: { code: "order_closed", message: "The order is closed" } });
    expect(await installed.invoke(call("crash", {}))).toEqual({ ok: false, retryable: false, error: { code: "connector_failed", message: "demo_shop.crash failed unexpectedly: x is undefined" } });
    expect(await installed.invoke(call("wrong_output", {}))).toMatchObject({ ok: false, retryable: false, error: { code: "invalid_output", message: expect.stringContaining("output.id must be string") } });
    expect(await installed.invoke(call("nothing", {}))).toMatchObject({ ok: false, retryable: false, error: { code: "unknown_action", message: expect.stringContaining("create_thing, wrong_output, refuse, crash") } });
  });

  it("refuses settings that do not fit, naming each field", () => {
    expect(() => installConnector(demo, { settings: { shop: "s1", baseUrl: "not a url" }, store: createMemoryStore() })).toThrow(ConnectorSettingsError);
    expect(() => installConnector(demo, { settings: { shop: "s1", baseUrl: "not a url" }, store: createMemoryStore() })).toThrow(/The settings of demo_shop are not right: settings\.token is required; settings\.baseUrl must match format "uri"/);
  });
});

describe("installConnector: webhooks", () => {
  const installed = installConnector(demo, {
    settings: { shop: "s1", baseUrl: "http://127.0.0.1:9", token: "t-1" },
    store: createMemoryStore(),
    webhookRejected: (status, message) => Object.assign(new Error(message), { hostStatus: status }),
  });
  const source = installed.webhooks["orders"]!;

  it("hands over a checked canonical order in the shape intake takes", () => {
    expect(source.id).toBe("demo_shop");
    const event = source.read({ headers: { "x-token": "t-1" }, body: JSON.stringify({ platformOrderNo: "P1" }) });
    expect(event).toMatchObject({ kind: "order", dedupeKey: "demo:s1:P1", order: { channel: "demo_shop", shop: "s1", platformOrderNo: "P1", total: "256.00", raw: sampleCanonicalOrder.raw } });
  });

  it("refuses through the host's own error: a bad signature 401, an order that does not map 422, unreadable 400", () => {
    const statusOf = (request: { headers: Record<string, string>; body: string }) => {
      try {
        source.read(request);
        return "accepted";
      } catch (error) {
        return `${(error as { hostStatus: number }).hostStatus}: ${(error as Error).message}`;
      }
    };
    expect(statusOf({ headers: { "x-token": "wrong" }, body: "{}" })).toBe("401: the x-token header is not this shop's token");
    expect(statusOf({ headers: { "x-token": "t-1" }, body: JSON.stringify({ platformOrderNo: "P2", deliverySpeed: "warp" }) })).toMatch(/^422: demo_shop mapped the order to something that is not a canonical order: deliverySpeed must be one of/);
    expect(statusOf({ headers: { "x-token": "t-1" }, body: "{oops" })).toMatch(/^400: demo_shop could not read the request/);
  });

  it("refuses with the SDK's WebhookRejection when the host gives no error of its own", () => {
    const plain = installConnector(demo, { settings: { shop: "s1", baseUrl: "http://127.0.0.1:9", token: "t-1" }, store: createMemoryStore() });
    expect(() => plain.webhooks["orders"]!.read({ headers: {}, body: "{}" })).toThrow(WebhookRejection);
  });
});

describe("installConnector: polling", () => {
  const minute = 60_000;
  const start = Date.parse("2026-11-22T01:00:00Z");

  it("polls from its cursor with an overlap, skips what it has seen, and moves only on commit", async () => {
    const listed: Listed[] = [
      { no: "A", updatedAt: start - 5 * minute },
      { no: "B", updatedAt: start - 2 * minute },
      { no: "C", updatedAt: start - 1 * minute },
    ];
    const server = await demoServer(listed);
    let now = start;
    const store = createMemoryStore();
    const poller = installConnector(demo, { settings: { shop: "s1", baseUrl: server.url, token: "t" }, store, clock: () => new Date(now) }).pollers["poll_orders"]!;
    const numbers = (batch: { events: { kind: string; order?: { platformOrderNo: string } }[] }) => batch.events.map((e) => e.order?.platformOrderNo);

    const first = await poller.poll();
    expect(numbers(first)).toEqual(["A", "B", "C"]);
    expect(server.requests.map((r) => r.query["page"])).toEqual([undefined, "1"]);
    expect(numbers(await poller.poll())).toEqual(["A", "B", "C"]);
    await first.commit();

    now += 2 * minute;
    listed.push({ no: "D", updatedAt: now - 30_000 });
    const second = await poller.poll();
    expect(numbers(second)).toEqual(["D"]);
    await second.commit();
    expect(numbers(await poller.poll())).toEqual([]);
  });

  it("reconciles a wider window, backfilling an order the platform listed too late for the polls", async () => {
    const listed: Listed[] = [{ no: "A", updatedAt: start - minute }];
    const server = await demoServer(listed);
    let now = start;
    const poller = installConnector(demo, { settings: { shop: "s1", baseUrl: server.url, token: "t" }, store: createMemoryStore(), clock: () => new Date(now) }).pollers["poll_orders"]!;
    await (await poller.poll()).commit();
    now += 10 * minute;
    // Missed: its webhook was lost and it shows up stamped long before the poll's window.
    listed.push({ no: "LATE", updatedAt: start - 30 * minute });
    const poll = await poller.poll();
    expect(poll.events).toEqual([]);
    await poll.commit();
    const reconciled = await poller.reconcile();
    expect(reconciled.events.map((e) => (e.kind === "order" ? e.order.platformOrderNo : e.kind))).toEqual(["LATE"]);
    await reconciled.commit();
    expect((await poller.reconcile()).events).toEqual([]);
  });

  it("gives no poller for a trigger its settings turn off (runsWhen), so nothing is polled or offered as a connection test", async () => {
    const listing = { ...settings, ordersUrl: Prop.text({ label: { zh: "订单查询地址", en: "Orders URL" }, format: "uri", required: false }) };
    const optional = defineConnector({
      id: "listing_shop",
      name: { zh: "可选对账", en: "Optional listing" },
      category: "sales_channel",
      version: "1.0.0",
      auth: Auth.none(),
      settings: listing,
      actions: [],
      triggers: [
        definePollingTrigger<typeof listing, Listed>({
          id: "reconcile",
          name: { zh: "对账", en: "Reconcile" },
          settings: listing,
          intervalMs: 60_000,
          runsWhen: (s) => s.ordersUrl !== undefined,
          fetch: async () => ({ items: [] }),
          toEvent: (item) => ({ kind: "ignored", dedupeKey: null, reason: item.no }),
        }),
      ],
    });
    const base = { shop: "s1", baseUrl: "https://shop.example.com" };
    expect(Object.keys(installConnector(optional, { settings: base, store: createMemoryStore() }).pollers)).toEqual([]);
    expect(Object.keys(installConnector(optional, { settings: { ...base, ordersUrl: "https://shop.example.com/orders" }, store: createMemoryStore() }).pollers)).toEqual(["reconcile"]);
  });
});

describe("installConnector: notifications", () => {
  const bell = defineConnector({
    id: "bell",
    name: { zh: "提醒", en: "Bell" },
    category: "notification",
    version: "1.0.0",
    auth: Auth.none(),
    settings: { hookUrl: Prop.text({ label: { zh: "回调地址", en: "Hook URL" }, format: "uri" }) },
    actions: [],
    async notify({ settings: s, http }, notification) {
      await http.request({ method: "POST", path: String(s["hookUrl"]), json: { text: notification.message.zh ?? notification.message.en, to: notification.to } });
    },
  });

  it("delivers a message with the notification's idempotency key, and reports a refusal", async () => {
    const server = await startLocalServer((request, response) => sendJson(response, JSON.parse(request.body).text === "拒收" ? 400 : 200, {}));
    servers.push(server);
    const installed = installConnector(bell, { settings: { hookUrl: `${server.url}/hook` }, store: createMemoryStore() });
    const notification = { channel: "bell", to: { role: "supervisor" }, message: { zh: "订单超时", en: "Order overdue" } };
    expect(await installed.notify!(notification, "inst-1:alert:1")).toEqual({ ok: true, output: null });
    expect(server.requests[0]).toMatchObject({ path: "/hook", headers: { "idempotency-key": "inst-1:alert:1" } });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ text: "订单超时", to: { role: "supervisor" } });
    expect(await installed.notify!({ ...notification, message: { zh: "拒收" } }, "k2")).toMatchObject({ ok: false, retryable: false, error: { code: "http_400" } });
    expect(installConnector(demo, { settings: { shop: "s", baseUrl: server.url, token: "t" }, store: createMemoryStore() }).notify).toBeUndefined();
  });
});
