import { describe, expect, vi } from "vitest";
import { deliverEvent } from "../../execution/apply-step";
import { publishMessage } from "../../execution/messages";
import { receiveOrder, type IncomingOrder } from "../../intake/receive-order";
import type { LiveEvent } from "../../live/live-updates";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness, template } from "../testing";

const order = (platformOrderNo: string, more: Partial<IncomingOrder> = {}): IncomingOrder => ({
  channel: "taobao",
  shop: "tmall-flagship",
  platformOrderNo,
  buyerName: "张三",
  phone: "13812345678",
  status: "new",
  total: "256.00",
  data: { ...template("events.json").input, platformOrderNo },
  ...more,
});

const paidFlow = {
  id: "paid",
  name: "Wait for payment",
  schemaVersion: 1,
  trigger: { type: "order" },
  nodes: [
    { id: "start", kind: "start" },
    { id: "wait", kind: "wait", until: { type: "event", event: "payment.confirmed", correlation: { var: "input.orderNo" } } },
    { id: "done", kind: "end", status: "completed" },
  ],
  edges: [
    { id: "e1", from: "start", outcome: "success", to: "wait" },
    { id: "e2", from: "wait", outcome: "success", to: "done" },
  ],
};

/** Sets the order's status, then fails at once: "at" gives no time. */
const stuckFlow = {
  id: "paid",
  name: "Wait for payment",
  schemaVersion: 1,
  trigger: { type: "order" },
  orderStatuses: [{ code: "awaiting_payment", name: { zh: "待付款", en: "Awaiting payment" } }],
  nodes: [
    { id: "start", kind: "start" },
    { id: "wait", kind: "wait", orderStatus: "awaiting_payment", until: { type: "time", at: { var: "input.payBy" } } },
    { id: "done", kind: "end", status: "completed" },
  ],
  edges: [
    { id: "e1", from: "start", outcome: "success", to: "wait" },
    { id: "e2", from: "wait", outcome: "success", to: "done" },
  ],
};

const pickParcelFlow = {
  id: "pick_parcel",
  name: "Pick one parcel",
  schemaVersion: 1,
  trigger: { type: "manual" },
  orderStatuses: [{ code: "parcel_picking", name: { zh: "包裹拣货中", en: "Picking the parcel" } }],
  nodes: [
    { id: "start", kind: "start" },
    { id: "pick", kind: "task", orderStatus: "parcel_picking", form: "pick", assignee: { role: "picker" } },
    { id: "done", kind: "end", status: "completed" },
  ],
  edges: [
    { id: "e1", from: "start", outcome: "success", to: "pick" },
    { id: "e2", from: "pick", outcome: "done", to: "done" },
  ],
  forms: { pick: { title: "拣货", schema: { type: "object", properties: {} } } },
};

const parcelsFlow = {
  id: "parcels",
  name: "Pick every parcel",
  schemaVersion: 1,
  trigger: { type: "order" },
  nodes: [
    { id: "start", kind: "start" },
    { id: "each", kind: "for_each", items: [1], flow: "pick_parcel" },
    { id: "done", kind: "end", status: "completed" },
  ],
  edges: [
    { id: "e1", from: "start", outcome: "success", to: "each" },
    { id: "e2", from: "each", outcome: "success", to: "done" },
    { id: "e3", from: "each", outcome: "error", to: "done" },
  ],
};

describe.each(await databaseCases())("orders over HTTP on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("the order centre finds an order by any number staff have, newest first, a page at a time", async ({ db }) => {
    const http = httpHarness(db);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    const staff = await http.signIn("wang", ["staff"]);
    const ids: string[] = [];
    const receive = async (o: IncomingOrder) => {
      const receipt = await receiveOrder(http.execution, o);
      ids.push(receipt.orderId);
      http.advance(60_000);
    };
    await receive(order("3398000000000001"));
    await receive(order("3398000000000002", { buyerName: "Li Lei", phone: "13900001111", status: "shipped" }));
    await receive(order("JD-77", { channel: "jd", shop: "jd-self", buyerName: "王五", phone: "+86 137 0000 5678" }));
    await receive(order("3398000000000004", { buyerName: "li na", phone: null, status: "shipped" }));
    const numbers = async (query: string) => {
      const answer = await supervisor.get(`/orders${query}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.orders.map((o: { platformOrderNo: string }) => o.platformOrderNo);
    };

    expect(await numbers("")).toEqual(["3398000000000004", "JD-77", "3398000000000002", "3398000000000001"]);
    expect(await numbers(`?id=${ids[1]!.toLowerCase()}`)).toEqual(["3398000000000002"]);
    expect(await numbers("?platformOrderNo=33980000000000")).toEqual(["3398000000000004", "3398000000000002", "3398000000000001"]);
    expect(await numbers(`?buyer=${encodeURIComponent("LI")}`)).toEqual(["3398000000000004", "3398000000000002"]);
    expect(await numbers("?phone=5678")).toEqual(["JD-77", "3398000000000001"]);
    expect(await numbers("?phone=1390000")).toEqual(["3398000000000002"]);
    expect(await numbers("?status=shipped&buyer=li%20l")).toEqual(["3398000000000002"]);
    expect(await numbers("?channel=jd&shop=jd-self")).toEqual(["JD-77"]);
    expect(await numbers(`?createdFrom=${encodeURIComponent("2026-11-22T01:01:00Z")}&createdTo=${encodeURIComponent("2026-11-22T01:03:00Z")}`)).toEqual(["JD-77", "3398000000000002"]);
    expect(await numbers(`?q=${ids[2]}`)).toEqual(["JD-77"]);
    expect(await numbers("?q=1111")).toEqual(["3398000000000002"]);
    expect(await numbers(`?q=${encodeURIComponent("王")}`)).toEqual(["JD-77"]);
    expect(await numbers("?q=50%25")).toEqual([]);

    const first = await supervisor.get("/orders?limit=3");
    expect(first.body.orders).toHaveLength(3);
    expect(first.body.nextCursor).toBe(ids[1]);
    await receive(order("3398000000000005"));
    const second = await supervisor.get(`/orders?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ orders: [expect.objectContaining({ id: ids[0], buyerName: "张三", total: "256.00" })], nextCursor: null });

    const badCursor = await supervisor.get("/orders?cursor=DB19990101000001");
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error).toMatchObject({ in: "query", field: "cursor" });
    const badPhone = await supervisor.get("/orders?phone=12");
    expect(badPhone.body.error).toMatchObject({ in: "query", field: "phone" });
    expect((await staff.get("/orders")).status).toBe(403);
  });

  test("an order reads with its instances and their merged timeline; staff may open it", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const staff = await http.signIn("wang", ["staff"]);
    await designer.put("/flows/order_fulfilment", template("flow.json"));
    await designer.post("/flows/order_fulfilment/publish");
    await designer.put("/flows/paid", paidFlow);
    await designer.post("/flows/paid/publish");
    const receipt = await receiveOrder(http.execution, order("3398123456789012"));
    expect(receipt.status).toBe("created");
    await http.drainOutbox();
    http.advance(60_000);
    await publishMessage(http.execution, "payment.confirmed", receipt.orderId);

    const read = await staff.get(`/orders/${receipt.orderId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: receipt.orderId, channel: "taobao", platformOrderNo: "3398123456789012", phone: "13812345678", data: { platformOrderNo: "3398123456789012" } });
    // Both started with the order, at the same moment: their order among themselves is not defined.
    const instances: { id: string; flowId: string }[] = read.body.instances;
    expect(instances).toHaveLength(2);
    expect(instances).toContainEqual(expect.objectContaining({ flowId: "order_fulfilment", status: "running", waitingAt: ["pick"] }));
    expect(instances).toContainEqual(expect.objectContaining({ flowId: "paid", status: "completed" }));
    const fulfilment = instances.find((instance) => instance.flowId === "order_fulfilment")!.id;
    const paid = instances.find((instance) => instance.flowId === "paid")!.id;
    const timeline: { instanceId: string; text: string; at: string }[] = read.body.timeline;
    expect(timeline.map((entry) => entry.at)).toEqual(timeline.map((entry) => entry.at).sort());
    expect(timeline.filter((entry) => entry.instanceId === fulfilment).map((entry) => entry.text)).toContain("Pick: task opened for role picker in SH-01");
    expect(timeline.filter((entry) => entry.text === "started").map((entry) => entry.instanceId).sort()).toEqual([fulfilment, paid].sort());
    // The payment came a minute after the order: everything from it on is the second instance's.
    const paidAt = timeline.findIndex((entry) => entry.text === `message "payment.confirmed" received for ${receipt.orderId}`);
    expect(paidAt).toBeGreaterThan(timeline.findLastIndex((entry) => entry.instanceId === fulfilment));
    expect(timeline.slice(paidAt).map((entry) => entry.instanceId)).toEqual(timeline.slice(paidAt).map(() => paid));
    expect(timeline.map((entry) => entry.text)).toContain("finished: completed");

    const missing = await staff.get("/orders/DB19990101000001");
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("GET /orders?q=");
  });
  test("an order shows the status its flow gives each step, by name; staff filter on it and on orders stuck in the exceptions list", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    await designer.put("/flows/order_fulfilment", template("flow.json"));
    await designer.post("/flows/order_fulfilment/publish");
    const heard: LiveEvent[] = [];
    http.live.subscribe((event) => heard.push(event));
    const picked = await receiveOrder(http.execution, order("3398000000000010"));
    await http.drainOutbox();
    await vi.waitFor(() => expect(heard.filter((event) => event.type === "order")).toEqual([
      { type: "order", change: "status", orderId: picked.orderId, status: "allocating", statusName: { zh: "配货中", en: "Allocating stock" } },
      { type: "order", change: "status", orderId: picked.orderId, status: "picking", statusName: { zh: "待拣货", en: "Picking" } },
    ]));
    const list = async (query: string) => {
      const answer = await supervisor.get(`/orders${query}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.orders as { id: string; status: string; statusName: unknown; inException: boolean }[];
    };
    expect(await list("?status=picking")).toEqual([expect.objectContaining({ id: picked.orderId, status: "picking", statusName: { zh: "待拣货", en: "Picking" }, inException: false })]);
    expect(await list("?status=new")).toEqual([]);

    // A second flow on every order: its first step cannot work out when to wait until, so it stops in the exceptions list.
    await designer.put("/flows/order_fulfilment", { ...template("flow.json"), trigger: { type: "manual" } });
    await designer.post("/flows/order_fulfilment/publish");
    await designer.put("/flows/paid", stuckFlow);
    await designer.post("/flows/paid/publish");
    const stuck = await receiveOrder(http.execution, order("3398000000000011"));
    expect(await list("?inException=true")).toEqual([expect.objectContaining({ id: stuck.orderId, status: "awaiting_payment", statusName: { zh: "待付款", en: "Awaiting payment" }, inException: true })]);
    expect((await list("?inException=false")).map((o) => o.id)).toEqual([picked.orderId]);

    const [instance] = (await supervisor.get(`/orders/${stuck.orderId}`)).body.instances;
    expect((await supervisor.post(`/instances/${instance.id}/cancel`, { reason: "buyer cancelled" })).status).toBe(200);
    const cancelled = await supervisor.get(`/orders/${stuck.orderId}`);
    expect(cancelled.body).toMatchObject({ status: "cancelled", statusName: { zh: "已取消", en: "Cancelled" }, inException: false });
    expect((await list("?status=cancelled")).map((o) => o.id)).toEqual([stuck.orderId]);
  });

  test("a flow that finishes without naming a status leaves the order completed, once no other flow of the order runs", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    await designer.put("/flows/paid", paidFlow);
    await designer.post("/flows/paid/publish");
    await designer.put("/flows/also_paid", { ...paidFlow, id: "also_paid" });
    await designer.post("/flows/also_paid/publish");
    const receipt = await receiveOrder(http.execution, order("3398000000000012"));
    const status = async () => (await supervisor.get(`/orders/${receipt.orderId}`)).body.status;
    expect(await status()).toBe("new");
    const [first] = (await supervisor.get(`/orders/${receipt.orderId}`)).body.instances;
    await supervisor.post(`/instances/${first.id}/events`, { type: "message", event: "payment.confirmed", correlation: receipt.orderId });
    expect(await status(), "the other flow still waits").toBe("new");
    await publishMessage(http.execution, "payment.confirmed", receipt.orderId);
    expect(await status()).toBe("completed");
  });

  test("a child flow works on its parent's order: its steps set the order's status, its end does not", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    await designer.put("/flows/pick_parcel", pickParcelFlow);
    await designer.post("/flows/pick_parcel/publish");
    await designer.put("/flows/parcels", parcelsFlow);
    await designer.post("/flows/parcels/publish");
    const receipt = await receiveOrder(http.execution, order("3398000000000013"));
    const read = async () => (await supervisor.get(`/orders/${receipt.orderId}`)).body;
    const before = await read();
    expect(before).toMatchObject({ status: "parcel_picking", statusName: { zh: "包裹拣货中", en: "Picking the parcel" } });
    const child = before.instances.find((instance: { flowId: string }) => instance.flowId === "pick_parcel");
    expect(child, "the child is listed with the order").toBeDefined();

    await deliverEvent(http.execution, child.id, { type: "task.submitted", key: `${child.id}:pick:1`, data: {} });
    expect((await read()).status, "the parent still runs").toBe("parcel_picking");
    await http.drainOutbox();
    expect(await read()).toMatchObject({ status: "completed", statusName: { zh: "已完成", en: "Completed" } });
  });
});
