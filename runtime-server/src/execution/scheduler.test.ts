import { describe, expect } from "vitest";
import { publishVersion } from "../storage/flows";
import { databaseCases, testWithDatabase } from "../storage/testing";
import type { Execution } from "./apply-step";
import { createFlowVersions } from "./flow-versions";
import { createScheduler } from "./scheduler";

/** The group-buy cut-off: every day at 20:00 in Shanghai, total the day's entries. */
const cutoff = {
  schemaVersion: 1,
  id: "daily_cutoff",
  name: { zh: "每日截单", en: "Daily cut-off" },
  trigger: { type: "schedule", cron: "0 20 * * *", timeZone: "Asia/Shanghai" },
  nodes: [
    { id: "start", kind: "start" },
    { id: "plan", kind: "action", connector: "purchasing", action: "make_plan", input: { at: { var: "input.scheduledAt" } } },
    { id: "done", kind: "end", status: "completed" },
  ],
  edges: [
    { id: "e1", from: "start", outcome: "success", to: "plan" },
    { id: "e2", from: "plan", outcome: "success", to: "done" },
  ],
};

describe.each(await databaseCases())("schedules on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("fire once per due time across several processes, never for times before publishing, and catch up once after a stop", async ({ storage }) => {
    const { db } = storage;
    await publishVersion(db, cutoff, { at: new Date("2026-11-22T10:00:00+08:00"), by: null });
    let now = new Date("2026-11-22T19:59:00+08:00");
    const processes = await Promise.all(
      ["a", "b", "c"].map(async (name) => {
        const other = dialect === "postgres" ? await storage.connectAgain() : storage;
        const execution: Execution = { db: other.db, flows: createFlowVersions(), clock: () => now };
        return createScheduler(execution, name);
      }),
    );

    expect((await Promise.all(processes.map((p) => p.tick()))).flat()).toEqual([]);
    now = new Date("2026-11-22T20:00:05+08:00");
    const fired = (await Promise.all(processes.map((p) => p.tick()))).flat();
    expect(fired).toHaveLength(1);
    expect((await Promise.all(processes.map((p) => p.tick()))).flat()).toEqual([]);

    // Down for three days: one late firing for the latest due time, not three.
    now = new Date("2026-11-25T21:30:00+08:00");
    expect((await Promise.all(processes.map((p) => p.tick()))).flat()).toHaveLength(1);
    const firings = await db.selectFrom("schedule_firings").select("due_at").orderBy("due_at").execute();
    expect(firings.map((f) => f.due_at.toISOString())).toEqual(["2026-11-22T12:00:00.000Z", "2026-11-25T12:00:00.000Z"]);
    const instances = await db.selectFrom("instances").select("input").orderBy("created_at").execute();
    expect(instances.map((i) => (i.input as { scheduledAt: string }).scheduledAt)).toEqual(["2026-11-22T12:00:00.000Z", "2026-11-25T12:00:00.000Z"]);
  });
});
