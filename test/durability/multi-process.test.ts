/**
 * Three server processes on one PostgreSQL, as a deployment scales out, one
 * of them killed part-way: every order is processed once, every connector
 * call is carried out by one process (again by another only when the one
 * that took it died), and every due time of a schedule fires once.
 */
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { describe, expect, test } from "vitest";
import { createDatabase } from "../../runtime-server/src/index";
import { databaseCases } from "../../runtime-server/src/storage/testing";
import type { ServerProcess } from "../server-process/start-server-process";
import type { CourierCall } from "./fake-courier";
import { deliverWebhook, orderBody, setUpScenario, until } from "./harness";

const courierFlow = JSON.parse(readFileSync(new URL("./courier-flow.json", import.meta.url), "utf8"));
const cutoffFlow = JSON.parse(readFileSync(new URL("./cutoff-flow.json", import.meta.url), "utf8"));

const ORDERS = 60;
const paid = (n: number) => n % 7 !== 3;

describe.skipIf(!(await databaseCases()).includes("postgres"))("three server processes on one PostgreSQL", () => {
  test("process each order once and fire each schedule due time once, even when one process dies", async ({ onTestFinished }) => {
    // Published an hour ago, so the last minute is due at once: every process's first tick races for it.
    const { database, courier, processes } = await setUpScenario("postgres", [{ document: courierFlow }, { document: cutoffFlow, publishedAt: new Date(Date.now() - 3_600_000) }], onTestFinished);
    const storage = await createDatabase(database.config);
    onTestFinished(() => storage.close());
    const { db } = storage;

    const args = [...database.args, "--courier", courier.url, "--lease-ms", "8000", "--schedule-every-ms", "250"];
    const servers: ServerProcess[] = await Promise.all([processes.start(args), processes.start(args), processes.start(args)]);
    const alive = new Set(servers);
    const deadline = Date.now() + 75_000;
    let turn = 0;
    // Round robin over the processes still alive; a request cut off by the kill goes to the next one.
    const nextServer = () => [...alive][turn++ % alive.size]?.url;
    const send = (n: number) => deliverWebhook(nextServer, orderBody(`M-${n}`, paid(n)), deadline);

    const numbers = Array.from({ length: ORDERS }, (_, n) => n);
    // Every fourth order is sent to two processes at once.
    const sending = Promise.all(numbers.map((n) => Promise.all(n % 4 === 0 ? [send(n), send(n)] : [send(n)])));

    // The process to kill is one caught calling the courier: whichever worker claims first (on a loaded machine one
    // process may claim every due row for a while).
    const doomed = await until("a process to be calling the courier", async () => servers.find((server) => courier.calls.some((c) => c.server === server.owner)), 30_000);
    courier.hold((call) => call.server === doomed.owner);
    await until("a call of the doomed process to be taken and left unanswered", async () => courier.held.length > 0, 30_000);
    alive.delete(doomed);
    doomed.kill();
    await doomed.exited;
    courier.release();
    const cutOff = [...courier.held];
    await sending;

    const paidOrders = numbers.filter(paid).length;
    const counts = async () => {
      const rows = await db.selectFrom("instances").select(["flow_id", "status", (eb) => eb.fn.countAll<string>().as("n")]).groupBy(["flow_id", "status"]).execute();
      return Object.fromEntries(rows.map((r) => [`${r.flow_id}:${r.status}`, Number(r.n)]));
    };
    await until(
      "every order and every schedule firing to reach its end",
      async () => {
        const seen = await counts();
        const firings = await db.selectFrom("schedule_firings").select("due_at").execute();
        return (
          seen["courier_order:completed"] === paidOrders &&
          seen["courier_order:cancelled"] === ORDERS - paidOrders &&
          firings.length > 0 &&
          seen["cutoff:completed"] === firings.length
        );
      },
      Math.max(5_000, deadline - Date.now()),
      counts,
    );
    await Promise.all([...alive].map((server) => server.stop()));

    // One order and one instance per platform order number.
    const orders = await db.selectFrom("orders").select(["id", "platform_order_no"]).execute();
    expect(orders.map((o) => o.platform_order_no).sort()).toEqual(numbers.map((n) => `M-${n}`).sort());
    const instances = await db.selectFrom("instances").select(["order_id"]).where("flow_id", "=", "courier_order").execute();
    expect(instances).toHaveLength(ORDERS);
    expect(new Set(instances.map((i) => i.order_id)).size).toBe(ORDERS);

    // At the courier: one key per order and step, one waybill per paid order.
    const byKey = new Map<string, CourierCall[]>();
    for (const call of courier.calls) byKey.set(call.key, [...(byKey.get(call.key) ?? []), call]);
    for (const action of ["create_waybill", "push_tracking"]) {
      const keysPerOrder = new Map<string, Set<string>>();
      for (const call of courier.calls.filter((c) => c.action === action)) keysPerOrder.set(String(call.input.orderNo), (keysPerOrder.get(String(call.input.orderNo)) ?? new Set()).add(call.key));
      expect(keysPerOrder.size).toBe(paidOrders);
      expect([...keysPerOrder.values()].filter((keys) => keys.size !== 1)).toEqual([]);
    }
    expect(courier.waybills.size).toBe(paidOrders);

    // Each call carried out by one process: a surviving process never repeated one, nor did two survivors share one;
    // a call the dead process was making was made once more, by a survivor.
    const survivorsRepeating = [...byKey].filter(([, calls]) => calls.filter((c) => c.server !== doomed.owner).length > 1).map(([key]) => key);
    expect(survivorsRepeating).toEqual([]);
    for (const call of cutOff) expect(byKey.get(call.key)!.filter((c) => c.server !== doomed.owner)).toHaveLength(1);
    // The work was shared: the dead process's calls were taken over by the others.
    expect(new Set(courier.calls.map((c) => c.server)).size).toBeGreaterThanOrEqual(2);

    // Timers fired once each, whichever process fired them.
    const fired = await db.selectFrom("instance_history").select("instance_id").where("kind", "=", "event").where("type", "=", "timer.fired").execute();
    expect(fired).toHaveLength(paidOrders);
    expect(new Set(fired.map((f) => f.instance_id)).size).toBe(paidOrders);

    // Each due time of the schedule fired once: one instance per firing, for its due time, and one hand-over.
    const firings = await db.selectFrom("schedule_firings").select(["due_at", "fired_by"]).where("schedule_id", "=", "cutoff").execute();
    const started = await db.selectFrom("instances").select(sql<string>`input ->> 'scheduledAt'`.as("scheduledAt")).where("flow_id", "=", "cutoff").execute();
    expect(started.map((s) => s.scheduledAt).sort()).toEqual(firings.map((f) => f.due_at.toISOString()).sort());
    const handOvers = courier.calls.filter((c) => c.action === "hand_over_batch");
    expect(new Set(handOvers.map((c) => c.key)).size).toBe(firings.length);
    expect(new Set(handOvers.map((c) => c.input.batch)).size).toBe(firings.length);
    expect(await db.selectFrom("outbox").select(["key", "status"]).where("status", "<>", "done").execute()).toEqual([]);
  }, 120_000);
});
