import { describe, expect } from "vitest";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { createLiveUpdates, type LiveEvent } from "./live-updates";

/** The events heard until `enough` says so. */
const hear = (live: Awaited<ReturnType<typeof createLiveUpdates>>, enough: (heard: LiveEvent[]) => boolean) =>
  new Promise<LiveEvent[]>((resolve) => {
    const heard: LiveEvent[] = [];
    const stop = live.subscribe((event) => {
      heard.push(event);
      if (enough(heard)) {
        stop();
        resolve(heard);
      }
    });
  });

describe.each(await databaseCases())("live updates on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("a subscriber hears what is published, a long timeline in pieces that keep every line", async ({ storage }) => {
    const live = await createLiveUpdates(storage);
    // On PostgreSQL the subscriber sits in another process's pool: NOTIFY carries the event across.
    const other = dialect === "postgres" ? await createLiveUpdates(await storage.connectAgain()) : live;
    try {
      const entries = Array.from({ length: 120 }, (_, i) => ({ at: "2026-11-22T01:00:00.000Z", kind: "trace" as const, type: "entered", node: `n${i}`, actor: null, text: `n${i}: entered ${"x".repeat(60)}` }));
      const lineCount = (events: LiveEvent[]) => events.reduce((n, event) => n + (event.type === "timeline" ? event.entries.length : 0), 0);
      const heard = hear(other, (events) => lineCount(events) === entries.length);
      live.publish([{ type: "alert", change: "cleared", alertKey: "a1", instanceId: null }, { type: "timeline", instanceId: "i1", orderId: "DB1", entries }]);
      const events = await heard;
      expect(events[0]).toEqual({ type: "alert", change: "cleared", alertKey: "a1", instanceId: null });
      if (dialect === "postgres") expect(events.length).toBeGreaterThan(2);
      const lines = events.slice(1).flatMap((event) => (event.type === "timeline" ? event.entries : []));
      expect(lines.map((line) => line.node)).toEqual(entries.map((line) => line.node));
    } finally {
      await live.close();
      if (other !== live) await other.close();
    }
  });
});
