import type { Kysely } from "kysely";
import { describe, expect } from "vitest";
import type { Database } from "../storage/schema";
import { databaseCases, testWithDatabase, type TestStorage } from "../storage/testing";
import { OutOfStockError } from "./errors";
import { commitReservation, findReservation, releaseOrder, releaseReservation, reserveStock } from "./reservations";
import { listStock, receiveStock } from "./stock";
import { saveWarehouse } from "./warehouses";

async function stockUp(db: Kysely<Database>, levels: Record<string, Record<string, number>>): Promise<void> {
  for (const [warehouse, skus] of Object.entries(levels)) {
    await saveWarehouse(db, { id: warehouse, name: { zh: `${warehouse} 仓`, en: warehouse }, province: "浙江省" });
    for (const [sku, quantity] of Object.entries(skus)) if (quantity > 0) await receiveStock(db, { sku, warehouse, quantity }, { actor: "test" });
  }
}

async function level(db: Kysely<Database>, sku: string, warehouse: string) {
  const [row] = await listStock(db, { sku, warehouse });
  return row && { onHand: row.onHand, reserved: row.reserved };
}

/** Pools to the same database, as separate server processes have; PGlite has its one session only. */
async function pools(storage: TestStorage, count: number): Promise<Kysely<Database>[]> {
  if (storage.dialect === "pglite") return [storage.db];
  const more = await Promise.all(Array.from({ length: count - 1 }, () => storage.connectAgain()));
  return [storage.db, ...more.map((each) => each.db)];
}

describe.each(await databaseCases())("reservations on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("1,000 concurrent reservations of a SKU with 100 in stock: exactly 100 succeed, none oversold", async ({ storage, db }) => {
    await stockUp(db, { "HZ-01": { "TEA-LJ-250": 100 } });
    const connections = await pools(storage, 4);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) =>
        reserveStock(connections[i % connections.length]!, { reservationId: `order-${i}`, orderNo: `DB${i}`, lines: [{ sku: "TEA-LJ-250", warehouse: "HZ-01", quantity: 1 }] }),
      ),
    );
    const succeeded = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    expect(succeeded).toHaveLength(100);
    expect(refused).toHaveLength(900);
    for (const reason of refused) expect(reason).toBeInstanceOf(OutOfStockError);
    expect(refused[0].message).toContain("SKU TEA-LJ-250 short by 1 in warehouse HZ-01 (needs 1, 0 free)");
    expect(await level(db, "TEA-LJ-250", "HZ-01")).toEqual({ onHand: 100, reserved: 100 });
    const counted = await db.selectFrom("reservations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(100);
    const reserves = await db.selectFrom("stock_movements").select((eb) => eb.fn.countAll<number>().as("n")).where("kind", "=", "reserve").executeTakeFirstOrThrow();
    expect(Number(reserves.n)).toBe(100);
  });

  test("reserving twice under one id reserves once; a different request under that id is refused", async ({ db }) => {
    await stockUp(db, { "HZ-01": { A: 10 } });
    const request = { reservationId: "step-1", orderNo: "DB1", lines: [{ sku: "A", warehouse: "HZ-01", quantity: 3 }] };
    expect((await reserveStock(db, request)).created).toBe(true);
    const again = await reserveStock(db, request);
    expect(again).toEqual({ created: false, reservation: { id: "step-1", orderNo: "DB1", state: "reserved", lines: [{ sku: "A", warehouse: "HZ-01", quantity: 3, state: "reserved" }] } });
    expect(await level(db, "A", "HZ-01")).toEqual({ onHand: 10, reserved: 3 });
    await expect(reserveStock(db, { ...request, lines: [{ sku: "A", warehouse: "HZ-01", quantity: 4 }] })).rejects.toMatchObject({
      code: "key_reused",
      message: expect.stringContaining("A×3@HZ-01, now A×4@HZ-01"),
    });
  });

  test("an order of several SKUs is reserved whole or not at all, naming every SKU that is short", async ({ db }) => {
    await stockUp(db, { "HZ-01": { A: 5, B: 1, C: 9 } });
    const lines = [
      { sku: "C", warehouse: "HZ-01", quantity: 2 },
      { sku: "A", warehouse: "HZ-01", quantity: 2 },
      { sku: "B", warehouse: "HZ-01", quantity: 2 },
      { sku: "A", warehouse: "HZ-01", quantity: 4 },
    ];
    const refused = await reserveStock(db, { reservationId: "r1", lines }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OutOfStockError);
    expect((refused as OutOfStockError).shortages).toEqual([
      { sku: "A", warehouse: "HZ-01", requested: 6, available: 5 },
      { sku: "B", warehouse: "HZ-01", requested: 2, available: 1 },
    ]);
    expect((refused as OutOfStockError).message).toBe(
      "Not enough stock: SKU A short by 1 in warehouse HZ-01 (needs 6, 5 free); SKU B short by 1 in warehouse HZ-01 (needs 2, 1 free)",
    );
    expect(await level(db, "A", "HZ-01")).toEqual({ onHand: 5, reserved: 0 });
    expect(await level(db, "C", "HZ-01")).toEqual({ onHand: 9, reserved: 0 });
    expect(await findReservation(db, "r1")).toBeUndefined();

    const both = await reserveStock(db, { reservationId: "r2", lines: [{ sku: "C", warehouse: "HZ-01", quantity: 9 }, { sku: "B", warehouse: "HZ-01", quantity: 2 }] }).catch((e: unknown) => e);
    expect((both as OutOfStockError).shortages).toEqual([{ sku: "B", warehouse: "HZ-01", requested: 2, available: 1 }]);
    expect(await level(db, "C", "HZ-01")).toEqual({ onHand: 9, reserved: 0 });
  });

  test("a failed reservation inside the caller's transaction undoes only its own writes", async ({ db }) => {
    await stockUp(db, { "HZ-01": { A: 1, B: 0 }, "GZ-01": { A: 1, B: 1 } });
    const warehouse = await db.transaction().execute(async (tx) => {
      for (const candidate of ["HZ-01", "GZ-01"]) {
        try {
          await reserveStock(tx, { reservationId: "r1", lines: [{ sku: "A", warehouse: candidate, quantity: 1 }, { sku: "B", warehouse: candidate, quantity: 1 }] });
          return candidate;
        } catch (error) {
          if (!(error instanceof OutOfStockError)) throw error;
        }
      }
      return undefined;
    });
    expect(warehouse).toBe("GZ-01");
    expect(await level(db, "A", "HZ-01")).toEqual({ onHand: 1, reserved: 0 });
    expect(await level(db, "A", "GZ-01")).toEqual({ onHand: 1, reserved: 1 });
    expect((await findReservation(db, "r1"))?.lines.map((line) => line.warehouse)).toEqual(["GZ-01", "GZ-01"]);
  });

  test("orders holding the same SKUs in opposite line order never deadlock", async ({ storage, db }) => {
    await stockUp(db, { "HZ-01": { X: 1000, Y: 1000 } });
    const connections = await pools(storage, 4);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => {
        const x = { sku: "X", warehouse: "HZ-01", quantity: 1 };
        const y = { sku: "Y", warehouse: "HZ-01", quantity: 2 };
        return reserveStock(connections[i % connections.length]!, { reservationId: `o${i}`, lines: i % 2 === 0 ? [x, y] : [y, x] });
      }),
    );
    expect(outcomes.filter((outcome) => outcome.status === "rejected").map((outcome) => String((outcome as PromiseRejectedResult).reason))).toEqual([]);
    expect(await level(db, "X", "HZ-01")).toEqual({ onHand: 1000, reserved: 200 });
    expect(await level(db, "Y", "HZ-01")).toEqual({ onHand: 1000, reserved: 400 });
  });

  test("release gives the stock back once; commit ships it once; each is recorded in the ledger", async ({ db }) => {
    await stockUp(db, { "HZ-01": { A: 10 }, "GZ-01": { A: 10 } });
    await reserveStock(db, { reservationId: "r1", orderNo: "DB1", lines: [{ sku: "A", warehouse: "HZ-01", quantity: 4 }] });
    const released = await releaseReservation(db, { reservationId: "r1" }, { actor: "svc", reason: "buyer cancelled" });
    expect(released.state).toBe("released");
    expect(await releaseReservation(db, { reservationId: "r1" })).toEqual(released);
    expect(await level(db, "A", "HZ-01")).toEqual({ onHand: 10, reserved: 0 });
    await expect(commitReservation(db, { reservationId: "r1" })).rejects.toMatchObject({ code: "reservation_released" });

    await reserveStock(db, { reservationId: "r2", orderNo: "DB2", lines: [{ sku: "A", warehouse: "HZ-01", quantity: 3 }, { sku: "A", warehouse: "GZ-01", quantity: 2 }] });
    const shippedHere = await commitReservation(db, { reservationId: "r2", warehouse: "HZ-01" });
    expect(shippedHere.state).toBe("reserved");
    expect(await commitReservation(db, { reservationId: "r2", warehouse: "HZ-01" })).toEqual(shippedHere);
    expect(await level(db, "A", "HZ-01")).toEqual({ onHand: 7, reserved: 0 });
    expect(await level(db, "A", "GZ-01")).toEqual({ onHand: 10, reserved: 2 });
    await expect(releaseReservation(db, { reservationId: "r2", warehouse: "HZ-01" })).rejects.toMatchObject({ code: "reservation_shipped" });
    await expect(commitReservation(db, { reservationId: "r2", warehouse: "SH-09" })).rejects.toThrow('holds nothing in warehouse "SH-09"; it holds stock in GZ-01, HZ-01');

    const [rest] = await releaseOrder(db, "DB2");
    expect(rest?.state).toBe("committed");
    expect(rest?.lines.map((line) => `${line.warehouse}:${line.state}`)).toEqual(["GZ-01:released", "HZ-01:committed"]);
    expect(await level(db, "A", "GZ-01")).toEqual({ onHand: 10, reserved: 0 });
    expect(await releaseOrder(db, "DB2")).toEqual([]);
    await expect(releaseReservation(db, { reservationId: "nope" })).rejects.toMatchObject({ code: "unknown_reservation" });

    const ledger = await db.selectFrom("stock_movements").select(["warehouse", "kind", "on_hand_change", "reserved_change", "on_hand_after", "reserved_after", "reason"]).where("sku", "=", "A").orderBy("id").execute();
    expect(ledger.filter((row) => row.warehouse === "HZ-01")).toEqual([
      { warehouse: "HZ-01", kind: "receive", on_hand_change: 10, reserved_change: 0, on_hand_after: 10, reserved_after: 0, reason: null },
      { warehouse: "HZ-01", kind: "reserve", on_hand_change: 0, reserved_change: 4, on_hand_after: 10, reserved_after: 4, reason: null },
      { warehouse: "HZ-01", kind: "release", on_hand_change: 0, reserved_change: -4, on_hand_after: 10, reserved_after: 0, reason: "buyer cancelled" },
      { warehouse: "HZ-01", kind: "reserve", on_hand_change: 0, reserved_change: 3, on_hand_after: 10, reserved_after: 3, reason: null },
      { warehouse: "HZ-01", kind: "commit", on_hand_change: -3, reserved_change: -3, on_hand_after: 7, reserved_after: 0, reason: null },
    ]);
    await expect(db.deleteFrom("stock_movements").execute()).rejects.toThrow("the stock ledger only grows");
  });

  test("the database itself refuses a negative balance or more reserved than on hand", async ({ db }) => {
    await stockUp(db, { "HZ-01": { A: 2 } });
    await expect(db.updateTable("stock").set({ reserved: 3 }).execute()).rejects.toMatchObject({ code: "23514" });
    await expect(db.updateTable("stock").set({ on_hand: -1 }).execute()).rejects.toMatchObject({ code: "23514" });
  });
});
