import { describe, expect, test } from "vitest";
import { localDay, nextOrderId } from "./orders";
import { databaseCases, testWithDatabase } from "./testing";

describe("an order's day", () => {
  test("is the calendar day in the shops' time zone", () => {
    expect(localDay(new Date("2026-11-21T15:59:59Z"), "Asia/Shanghai")).toBe("2026-11-21");
    expect(localDay(new Date("2026-11-21T16:00:00Z"), "Asia/Shanghai")).toBe("2026-11-22");
    expect(localDay(new Date("2026-11-21T16:00:00Z"), "UTC")).toBe("2026-11-21");
  });
});

describe.each(await databaseCases())("order ids on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("count up per day in Shanghai and start again the next day", async ({ db }) => {
    const lateOn21st = new Date("2026-11-21T15:59:59Z");
    const midnight = new Date("2026-11-21T16:00:00Z");
    expect(await nextOrderId(db, lateOn21st)).toBe("DB20261121000001");
    expect(await nextOrderId(db, midnight)).toBe("DB20261122000001");
    expect(await nextOrderId(db, midnight)).toBe("DB20261122000002");
    expect(await nextOrderId(db, lateOn21st)).toBe("DB20261121000002");
    expect(await nextOrderId(db, midnight, "UTC")).toBe("DB20261121000003");
  });

  it("are distinct and without gaps when 200 are taken at once", async ({ storage }) => {
    // On PostgreSQL from two pools, as two server processes would.
    const pools = storage.dialect === "postgres" ? [storage.db, (await storage.connectAgain()).db] : [storage.db];
    const now = new Date("2026-11-22T10:00:00+08:00");
    const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => nextOrderId(pools[i % pools.length]!, now)));
    const expected = Array.from({ length: 200 }, (_, i) => `DB20261122${String(i + 1).padStart(6, "0")}`);
    expect([...ids].sort()).toEqual(expected);
  });
});
