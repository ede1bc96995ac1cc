import type { InstanceSnapshot } from "@orderflow/engine";
import { describe, expect } from "vitest";
import { readHistory } from "./history";
import { json, jsonDocument } from "./json";
import { databaseCases, testWithDatabase } from "./testing";

describe.each(await databaseCases())("an instance's history on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("reads rows written before traces moved into their events' rows, and after, as one numbered sequence", async ({ db }) => {
    await db.insertInto("flows").values({ id: "fulfil", name: json({ en: "Fulfil" }), draft: jsonDocument({ nodes: [] }) }).execute();
    await db.insertInto("flow_versions").values({ flow_id: "fulfil", version: 1, document: jsonDocument({ nodes: [] }) }).execute();
    const snapshot = { status: "active", value: "start", context: {} } as unknown as InstanceSnapshot;
    await db.insertInto("instances").values({ id: "i1", flow_id: "fulfil", flow_version: 1, input: json({}), snapshot: json(snapshot) }).execute();
    const at = new Date("2026-11-22T09:00:00+08:00");
    const later = new Date("2026-11-22T09:05:00+08:00");
    await db
      .insertInto("instance_history")
      .values([
        // The first step as written before migration 0014: a row per trace entry.
        { instance_id: "i1", seq: 1, at, kind: "event", type: "instance.start", node: null, actor: "webhook:taobao", data: json({ type: "instance.start" }) },
        { instance_id: "i1", seq: 2, at, kind: "trace", type: "entered", node: "audit", data: json({ node: "audit" }) },
        { instance_id: "i1", seq: 3, at, kind: "effect", type: "task.open", node: "pick", data: json({ type: "task.open", node: "pick" }) },
        // The second as written now: the trace in its event's row, numbered after it.
        {
          instance_id: "i1",
          seq: 4,
          at: later,
          kind: "event",
          type: "task.submitted",
          node: null,
          actor: "picker-wang",
          data: json({ type: "task.submitted" }),
          trace: json([
            { type: "left", node: "pick", outcome: "success" },
            { type: "decided", node: "check", outcome: "pass", explanation: "→ pass" },
          ]),
        },
        { instance_id: "i1", seq: 7, at: later, kind: "effect", type: "instance.finish", node: "done", data: json({ type: "instance.finish", status: "completed" }) },
      ])
      .execute();

    const entries = await readHistory(db, ["i1"]);
    expect(entries.map(({ seq, kind, type, node }) => `${seq} ${kind} ${type} ${node}`)).toEqual([
      "1 event instance.start null",
      "2 trace entered audit",
      "3 effect task.open pick",
      "4 event task.submitted null",
      "5 trace left pick",
      "6 trace decided check",
      "7 effect instance.finish done",
    ]);
    expect(entries[5]).toEqual({ instanceId: "i1", seq: 6, at: later, kind: "trace", type: "decided", node: "check", actor: null, data: { node: "check", outcome: "pass", explanation: "→ pass" } });
    expect(entries[3]!.actor).toBe("picker-wang");

    // A range may begin inside an event's trace.
    expect((await readHistory(db, ["i1"], { firstSeq: 5, lastSeq: 6 })).map((entry) => entry.seq)).toEqual([5, 6]);
    expect((await readHistory(db, ["i1"], { firstSeq: 3, lastSeq: 4 })).map((entry) => entry.seq)).toEqual([3, 4]);
    expect(await readHistory(db, [])).toEqual([]);
  });

  it("gives a start event the input its instance started with, which its row leaves out; a row written with it keeps its own", async ({ db }) => {
    await db.insertInto("flows").values({ id: "fulfil", name: json({ en: "Fulfil" }), draft: jsonDocument({ nodes: [] }) }).execute();
    await db.insertInto("flow_versions").values({ flow_id: "fulfil", version: 1, document: jsonDocument({ nodes: [] }) }).execute();
    const snapshot = json({ status: "active", value: "start", context: {} } as unknown as InstanceSnapshot);
    const order = { orderNo: "DB20261122000123", buyer: { name: "张三" }, lines: [{ sku: "TEA-LJ-250", quantity: 2 }] };
    await db
      .insertInto("instances")
      .values([
        { id: "now", flow_id: "fulfil", flow_version: 1, input: json(order), snapshot },
        { id: "before", flow_id: "fulfil", flow_version: 1, input: json({ orderNo: "DB20261101000001" }), snapshot },
        { id: "empty", flow_id: "fulfil", flow_version: 1, input: json(null), snapshot },
      ])
      .execute();
    const start = { at: new Date("2026-11-22T09:00:00+08:00"), kind: "event" as const, type: "instance.start", node: null, actor: "webhook:taobao" };
    await db
      .insertInto("instance_history")
      .values([
        { ...start, instance_id: "now", seq: 1, data: json({ type: "instance.start" }) },
        // As written before the start's input was left out of its row.
        { ...start, instance_id: "before", seq: 1, data: json({ type: "instance.start", input: { orderNo: "DB20261101000001", kept: "as written" } }) },
        { ...start, instance_id: "empty", seq: 1, data: json({ type: "instance.start" }) },
        { instance_id: "now", seq: 2, at: start.at, kind: "effect", type: "task.open", node: "pick", data: json({ type: "task.open", node: "pick" }) },
      ])
      .execute();

    const entries = await readHistory(db, ["now", "before", "empty"]);
    const dataOf = (instanceId: string, seq: number) => entries.find((entry) => entry.instanceId === instanceId && entry.seq === seq)!.data;
    expect(dataOf("now", 1)).toEqual({ type: "instance.start", input: order });
    expect(dataOf("before", 1)).toEqual({ type: "instance.start", input: { orderNo: "DB20261101000001", kept: "as written" } });
    expect(dataOf("empty", 1)).toEqual({ type: "instance.start", input: null });
    expect(dataOf("now", 2)).toEqual({ type: "task.open", node: "pick" });
  });

  it("refuses a trace on a row that is not an event", async ({ db }) => {
    await db.insertInto("flows").values({ id: "fulfil", name: json({ en: "Fulfil" }), draft: jsonDocument({ nodes: [] }) }).execute();
    await db.insertInto("flow_versions").values({ flow_id: "fulfil", version: 1, document: jsonDocument({ nodes: [] }) }).execute();
    const row = { instance_id: "i1", seq: 1, kind: "effect" as const, type: "task.open", node: "pick", data: json({}), trace: json([{ type: "entered" }]) };
    await expect(db.insertInto("instance_history").values(row).execute()).rejects.toMatchObject({ code: "23514" });
  });
});
