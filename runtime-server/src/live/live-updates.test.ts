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

  test("a subscriber hears everything published, in order, however many NOTIFYs it takes", async ({ storage }) => {
    const live = await createLiveUpdates(storage);
    // On PostgreSQL the subscriber sits in another process's pool: NOTIFY carries the event across.
    const other = dialect === "postgres" ? await createLiveUpdates(await storage.connectAgain()) : live;
    try {
      // 400 events are several times what one NOTIFY payload holds.
      const published: LiveEvent[] = Array.from({ length: 400 }, (_, i) => ({ type: "timeline", instanceId: `instance-${i}`, orderId: `DB2026112200${String(i).padStart(4, "0")}`, firstSeq: 1, lastSeq: i + 1 }));
      const heard = hear(other, (events) => events.length === published.length + 1);
      live.publish([{ type: "alert", change: "cleared", alertKey: "a1", instanceId: null }, ...published]);
      const events = await heard;
      expect(events).toEqual([{ type: "alert", change: "cleared", alertKey: "a1", instanceId: null }, ...published]);
    } finally {
      await live.close();
      if (other !== live) await other.close();
    }
  });
});
