/**
 * A server process killed with SIGKILL in the middle of a stream of orders,
 * then started again on the same database: every order ends where it should,
 * once; no connector side effect happens twice; no timer is lost.
 *
 * "No side effect repeated" means, at the fake courier: each order's waybill
 * step and tracking step were each called with ONE idempotency key (the same
 * key on every attempt), and the courier created exactly one waybill per paid
 * order. The same key may arrive more than once (a call made just before the
 * kill is made again after it: at-least-once delivery); the key is what lets
 * the courier do it once.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { createDatabase } from "../../runtime-server/src/index";
import { databaseCases } from "../../runtime-server/src/storage/testing";
import type { ServerProcess } from "../server-process/start-server-process";
import { deliverWebhook, metrics, orderBody, setUpScenario, until } from "./harness";

const flow = JSON.parse(readFileSync(new URL("./courier-flow.json", import.meta.url), "utf8"));

const ORDERS = 40;
/** Every seventh order is unpaid: it ends cancelled without calling the courier. */
const paid = (n: number) => n % 7 !== 3;
/** Every fifth order is sent twice more, once at once and once after the restart. */
const repeated = (n: number) => n % 5 === 0;

describe.each(await databaseCases())("a server killed mid-stream on %s", (dialect) => {
  test("finishes every order once after a restart, without a second waybill or a lost timer", async ({ onTestFinished }) => {
    const { database, courier, processes } = await setUpScenario(dialect, [{ document: flow }], onTestFinished);
    const args = [...database.args, "--courier", courier.url, "--lease-ms", "3000"];

    let server: ServerProcess | undefined = await processes.start(args);
    const deadline = Date.now() + 75_000;
    const numbers = Array.from({ length: ORDERS }, (_, n) => n);
    const send = (n: number) => deliverWebhook(() => server?.url, orderBody(`C-${n}`, paid(n)), deadline);
    const inFour = async (list: number[]) => {
      const queue = [...list];
      await Promise.all(Array.from({ length: 4 }, async () => {
        for (let n = queue.shift(); n !== undefined; n = queue.shift()) await send(n);
      }));
    };

    // From its sixth waybill on, the courier hangs: calls are taken (waybills created) but not answered, so the
    // kill cuts them off. (Decided as each call comes, not by a test that looks in later: a fast server would
    // have finished every order by then.)
    courier.hold(() => courier.calls.filter((c) => c.action === "create_waybill").length > 5);
    // The first half, acknowledged; then the second half starts while the first is being worked on.
    await inFour(numbers.slice(0, ORDERS / 2).flatMap((n) => (repeated(n) ? [n, n] : [n])));
    const secondHalf = inFour(numbers.slice(ORDERS / 2).flatMap((n) => (repeated(n) ? [n, n] : [n])));
    await until("a call to be taken and left unanswered", async () => courier.held.length > 0, 30_000);
    const killed = server;
    server = undefined;
    killed.kill();
    await killed.exited;
    courier.release();
    const pushesAtKill = courier.calls.filter((c) => c.action === "push_tracking").length;
    const cutOff = [...courier.held];
    server = await processes.start(args);
    const restarted = server;
    await secondHalf;
    await inFour(numbers.filter(repeated)); // the platform sends some again after the restart

    const paidOrders = numbers.filter(paid).length;
    const running = server;
    await until(
      "every order to reach its end",
      async () => {
        const seen = await metrics(running.url);
        return seen['orderflow_instances{status="completed"}'] === paidOrders && seen['orderflow_instances{status="cancelled"}'] === ORDERS - paidOrders;
      },
      Math.max(5_000, deadline - Date.now()),
      () => metrics(running.url),
    );
    await running.stop();

    // The kill came while work was in flight: some orders were still to push their tracking number,
    // and each call the kill cut off was made again after the restart, with the same key.
    expect(pushesAtKill).toBeLessThan(paidOrders);
    for (const call of cutOff) expect(courier.calls.filter((c) => c.key === call.key && c.server === restarted.owner).length).toBeGreaterThan(0);

    const storage = await createDatabase(database.config);
    try {
      const { db } = storage;
      const orders = await db.selectFrom("orders").select(["id", "platform_order_no"]).execute();
      expect(orders.map((o) => o.platform_order_no).sort()).toEqual(numbers.map((n) => `C-${n}`).sort());
      const instances = await db.selectFrom("instances").select(["id", "order_id", "status", "waiting_at"]).execute();
      expect(instances).toHaveLength(ORDERS);
      expect(new Set(instances.map((i) => i.order_id)).size).toBe(ORDERS);
      const orderNo = new Map(orders.map((o) => [o.id, o.platform_order_no]));
      for (const instance of instances) {
        const n = Number(orderNo.get(instance.order_id!)!.slice(2));
        expect({ order: n, status: instance.status }).toEqual({ order: n, status: paid(n) ? "completed" : "cancelled" });
      }

      // Every timer fired, once: one timer row per paid order, done, and one timer.fired event per instance.
      const timers = await db.selectFrom("outbox").select(["status"]).where("type", "=", "timer").execute();
      expect(timers.map((t) => t.status)).toEqual(Array(paidOrders).fill("done"));
      const fired = await db.selectFrom("instance_history").select(["instance_id"]).where("kind", "=", "event").where("type", "=", "timer.fired").execute();
      expect(fired).toHaveLength(paidOrders);
      expect(new Set(fired.map((f) => f.instance_id)).size).toBe(paidOrders);
      // Each connector result was taken once: two per paid instance.
      const results = await db.selectFrom("instance_history").select(["instance_id"]).where("kind", "=", "event").where("type", "=", "action.result").execute();
      expect(results).toHaveLength(2 * paidOrders);
      expect(await db.selectFrom("outbox").select("key").where("status", "not in", ["done"]).execute()).toEqual([]);

      // The courier: one key per order and step, one waybill per paid order, and the waybill pushed is the one created.
      for (const action of ["create_waybill", "push_tracking"]) {
        const keysPerOrder = new Map<string, Set<string>>();
        for (const call of courier.calls.filter((c) => c.action === action)) {
          keysPerOrder.set(String(call.input.orderNo), (keysPerOrder.get(String(call.input.orderNo)) ?? new Set()).add(call.key));
        }
        expect(keysPerOrder.size).toBe(paidOrders);
        expect([...keysPerOrder.values()].every((keys) => keys.size === 1)).toBe(true);
      }
      expect(courier.waybills.size).toBe(paidOrders);
      expect(new Set([...courier.waybills.values()].map((w) => w.orderNo)).size).toBe(paidOrders);
      const created = new Map([...courier.waybills.values()].map((w) => [w.orderNo, w.waybillNo]));
      for (const push of courier.calls.filter((c) => c.action === "push_tracking")) expect(push.input.waybillNo).toBe(created.get(String(push.input.orderNo)));

      // The webhooks: one accepted per order; every repeat kept as a duplicate.
      const inbound = await db.selectFrom("inbound_events").select(["status", "dedupe_key"]).execute();
      expect(inbound.filter((e) => e.status === "accepted")).toHaveLength(ORDERS);
      expect(inbound.filter((e) => e.status === "duplicate").length).toBeGreaterThanOrEqual(2 * numbers.filter(repeated).length);
      expect(inbound.filter((e) => e.status === "rejected")).toEqual([]);
    } finally {
      await storage.close();
    }
  }, 120_000);
});
