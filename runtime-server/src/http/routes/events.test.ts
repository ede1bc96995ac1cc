import { describe, expect, test as plainTest } from "vitest";
import type { Principal } from "../../auth/principal";
import { receiveOrder } from "../../intake/receive-order";
import type { LiveEvent } from "../../live/live-updates";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness, template } from "../testing";
import { mayHear } from "./events";

/** Reads server-sent events off a response body, one at a time. */
function sseReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    /** The next event of this type; others (and heartbeat comments) are passed over. */
    async next(type: string): Promise<any> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split("\n");
          const event = lines.find((line) => line.startsWith("event: "))?.slice(7);
          const data = lines.filter((line) => line.startsWith("data: ")).map((line) => line.slice(6)).join("\n");
          if (event === type) return JSON.parse(data);
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before a "${type}" event`);
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => reader.cancel(),
  };
}

describe.each(await databaseCases())("live updates over HTTP on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("a picker's stream hears the pick task open and their claim; a supervisor's hears the order's timeline", async ({ db }) => {
    const http = httpHarness(db);
    const designer = await http.signIn("li", ["designer"]);
    const picker = await http.signIn("wang", ["staff"], "SH-01", ["picker"]);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    await designer.put("/flows/order_fulfilment", template("flow.json"));
    await designer.post("/flows/order_fulfilment/publish");

    expect((await http.app.request("/events")).status).toBe(401);
    const response = await http.app.request("/events", { headers: { cookie: picker.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const picks = sseReader(response);
    expect(await picks.next("ready")).toEqual({ login: "wang", order: null });

    const receipt = await receiveOrder(http.execution, { channel: "taobao", shop: "s1", platformOrderNo: "3398-9", data: template("events.json").input });
    if (receipt.status !== "created") throw new Error("the order was not created");
    const timeline = sseReader(await http.app.request(`/events?order=${receipt.orderId}`, { headers: { cookie: supervisor.cookie } }));
    await timeline.next("ready");
    const office = sseReader(await http.app.request("/events", { headers: { cookie: supervisor.cookie } }));
    await office.next("ready");
    await http.drainOutbox();

    const opened = await picks.next("task");
    expect(opened).toMatchObject({ type: "task", change: "opened", task: { node: "pick", status: "open", assignee: { role: "picker", warehouse: "SH-01" } } });
    const lines = await timeline.next("timeline");
    expect(lines).toMatchObject({ orderId: receipt.orderId, instanceId: receipt.instances[0] });
    // The lines as the order page shows them: numbered, with the nodes' names from the flow.
    expect(lines.entries.map((entry: { text: string }) => entry.text)).toEqual(expect.arrayContaining(["connector answered", 'Reserve stock: left with outcome "success"', "Pick: task opened for role picker in SH-01"]));
    expect(lines.entries.map((entry: { seq: number }) => entry.seq)).toEqual(Array.from({ length: lines.lastSeq - lines.firstSeq + 1 }, (_, i) => lines.firstSeq + i));
    // A stream of every order says which timeline grew, not the lines themselves.
    expect(await office.next("timeline")).toEqual({ type: "timeline", instanceId: receipt.instances[0], orderId: receipt.orderId, firstSeq: expect.any(Number), lastSeq: expect.any(Number) });
    await office.close();

    expect((await picker.post(`/tasks/${opened.task.key}/claim`)).status).toBe(200);
    expect(await picks.next("task")).toMatchObject({ change: "claimed", task: { key: opened.task.key, status: "claimed", claimedBy: "wang" } });
    await picks.close();
    await timeline.close();
  });
});

plainTest("each stream carries only what its person may read", () => {
  const person = (roles: Principal["roles"], warehouse: string | null = null, jobRoles: string[] = []): Principal => ({ userId: "u1", login: "p", roles, jobRoles, warehouse }) as Principal;
  const task = (assignee: { role: string | null; user: string | null; warehouse: string | null }): LiveEvent => ({
    type: "task",
    change: "opened",
    task: { key: "k", instanceId: "i", node: "pick", status: "open", assignee, claimedBy: null, submittedBy: null },
  });
  const forBeijing = task({ role: "picker", user: null, warehouse: "BJ-02" });
  expect(mayHear(person(["staff"], "BJ-02", ["picker"]), forBeijing, undefined)).toBe(true);
  expect(mayHear(person(["staff"], "BJ-02", ["packer"]), forBeijing, undefined)).toBe(false);
  expect(mayHear(person(["staff"], "SH-01", ["picker"]), forBeijing, undefined)).toBe(false);
  expect(mayHear(person(["supervisor"]), forBeijing, undefined)).toBe(true);

  const lines: LiveEvent = { type: "timeline", instanceId: "i", orderId: "DB1", firstSeq: 1, lastSeq: 3 };
  expect(mayHear(person(["staff"]), lines, undefined)).toBe(false);
  expect(mayHear(person(["staff"]), lines, "DB1")).toBe(true);
  expect(mayHear(person(["supervisor"]), lines, "DB2")).toBe(false);
  const alert: LiveEvent = { type: "alert", change: "cleared", alertKey: "a", instanceId: null };
  expect(mayHear(person(["staff", "designer"]), alert, undefined)).toBe(false);
  expect(mayHear(person(["admin"]), alert, undefined)).toBe(true);
});
