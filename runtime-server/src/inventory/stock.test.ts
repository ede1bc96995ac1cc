import type { Kysely } from "kysely";
import { describe, expect } from "vitest";
import type { Database } from "../storage/schema";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { OutOfStockError } from "./errors";
import { LOW_STOCK_ALERT } from "./ledger";
import { commitReservation, releaseReservation, reserveStock } from "./reservations";
import { sellableStock, setChannelAllocation } from "./sellable";
import { adjustStock, listStock, receiveStock, setSafetyStock } from "./stock";
import { transferStock } from "./transfers";
import { saveWarehouse } from "./warehouses";

async function warehouses(db: Kysely<Database>, ...ids: string[]): Promise<void> {
  for (const id of ids) await saveWarehouse(db, { id, name: { zh: `${id} 仓`, en: id }, province: "浙江省" });
}

async function lowStockAlerts(db: Kysely<Database>) {
  return db.selectFrom("alerts").select(["key", "status", "severity", "message"]).where("alert", "=", LOW_STOCK_ALERT).orderBy("id").execute();
}

describe.each(await databaseCases())("stock on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("receiving adds to stock and a count sets it, never below what orders hold", async ({ db }) => {
    await warehouses(db, "HZ-01");
    await receiveStock(db, { sku: "A", warehouse: "HZ-01", quantity: 5 });
    expect(await receiveStock(db, { sku: "A", warehouse: "HZ-01", quantity: 7 })).toMatchObject({ onHand: 12, available: 12 });
    await reserveStock(db, { reservationId: "r1", lines: [{ sku: "A", warehouse: "HZ-01", quantity: 4 }] });
    expect(await adjustStock(db, { sku: "A", warehouse: "HZ-01", onHand: 9 }, { actor: "wang", reason: "stocktake" })).toMatchObject({ onHand: 9, reserved: 4, available: 5 });
    await expect(adjustStock(db, { sku: "A", warehouse: "HZ-01", onHand: 3 })).rejects.toMatchObject({
      code: "count_below_reserved",
      message: expect.stringContaining("counted at 3, but 4 are reserved"),
    });
    await expect(receiveStock(db, { sku: "A", warehouse: "XX-99", quantity: 1 })).rejects.toMatchObject({ code: "unknown_warehouse" });
    await expect(receiveStock(db, { sku: "A", warehouse: "HZ-01", quantity: 1.5 })).rejects.toThrow("quantity must be a whole number of units above 0, got 1.5");
    const adjust = await db.selectFrom("stock_movements").select(["on_hand_change", "actor", "reason"]).where("kind", "=", "adjust").executeTakeFirstOrThrow();
    expect(adjust).toEqual({ on_hand_change: -3, actor: "wang", reason: "stocktake" });
  });

  test("a transfer moves free units atomically, once per transfer id", async ({ db }) => {
    await warehouses(db, "HZ-01", "GZ-01");
    await receiveStock(db, { sku: "A", warehouse: "HZ-01", quantity: 10 });
    await reserveStock(db, { reservationId: "r1", lines: [{ sku: "A", warehouse: "HZ-01", quantity: 6 }] });
    const transfer = { transferId: "T-1", sku: "A", from: "HZ-01", to: "GZ-01", quantity: 3 };
    expect(await transferStock(db, transfer, { actor: "li", reason: "南方大促" })).toEqual({ ...transfer, created: true });
    expect(await transferStock(db, transfer)).toEqual({ ...transfer, created: false });
    expect((await listStock(db, { sku: "A" })).map((row) => [row.warehouse, row.onHand, row.reserved])).toEqual([
      ["GZ-01", 3, 0],
      ["HZ-01", 7, 6],
    ]);
    const refused = await transferStock(db, { ...transfer, transferId: "T-2", quantity: 2 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OutOfStockError);
    expect((refused as OutOfStockError).message).toContain("SKU A short by 1 in warehouse HZ-01 (needs 2, 1 free)");
    expect(await db.selectFrom("stock_transfers").select("id").execute()).toEqual([{ id: "T-1" }]);
    await expect(transferStock(db, { ...transfer, quantity: 1 })).rejects.toMatchObject({ code: "key_reused" });
    await expect(transferStock(db, { ...transfer, transferId: "T-3", to: "HZ-01" })).rejects.toThrow("cannot move from warehouse HZ-01 to itself");
    const moves = await db.selectFrom("stock_movements").select(["warehouse", "kind", "on_hand_change", "transfer_id"]).where("transfer_id", "is not", null).orderBy("id").execute();
    expect(moves).toEqual([
      { warehouse: "HZ-01", kind: "transfer_out", on_hand_change: -3, transfer_id: "T-1" },
      { warehouse: "GZ-01", kind: "transfer_in", on_hand_change: 3, transfer_id: "T-1" },
    ]);
  });

  test("a low-stock alert is raised once while stock stays low, and cleared when restocked", async ({ db }) => {
    await warehouses(db, "HZ-01");
    await receiveStock(db, { sku: "A", warehouse: "HZ-01", quantity: 12 });
    await setSafetyStock(db, { sku: "A", warehouse: "HZ-01", safetyStock: 5 });
    expect(await lowStockAlerts(db)).toEqual([]);

    await reserveStock(db, { reservationId: "r1", lines: [{ sku: "A", warehouse: "HZ-01", quantity: 7 }] });
    const [raised, ...more] = await lowStockAlerts(db);
    expect(more).toEqual([]);
    expect(raised).toMatchObject({ status: "raised", severity: "warning" });
    expect(raised!.message.en).toBe("Low stock: A in warehouse HZ-01 has 5 free, at or below its safety stock of 5; restock it");
    expect(raised!.message.zh).toContain("可用 5 件");

    await reserveStock(db, { reservationId: "r2", lines: [{ sku: "A", warehouse: "HZ-01", quantity: 2 }] });
    await commitReservation(db, { reservationId: "r1" });
    expect((await lowStockAlerts(db)).map((alert) => alert.status)).toEqual(["raised"]);
    expect((await listStock(db, { sku: "A" }))[0]).toMatchObject({ onHand: 5, reserved: 2, low: true });

    await receiveStock(db, { sku: "A", warehouse: "HZ-01", quantity: 10 });
    expect((await lowStockAlerts(db)).map((alert) => alert.status)).toEqual(["cleared"]);

    await reserveStock(db, { reservationId: "r3", lines: [{ sku: "A", warehouse: "HZ-01", quantity: 8 }] });
    expect((await lowStockAlerts(db)).map((alert) => alert.status)).toEqual(["cleared", "raised"]);
    await releaseReservation(db, { reservationId: "r3" });
    await setSafetyStock(db, { sku: "A", warehouse: "HZ-01", safetyStock: 0 });
    expect((await lowStockAlerts(db)).map((alert) => alert.status)).toEqual(["cleared", "cleared"]);
  });

  test("each channel sees its share of the stock free above safety stock in active warehouses", async ({ db }) => {
    await warehouses(db, "HZ-01", "GZ-01", "OLD-01");
    await saveWarehouse(db, { id: "OLD-01", name: { zh: "旧仓", en: "Old" }, province: "浙江省", active: false });
    await receiveStock(db, { sku: "A", warehouse: "HZ-01", quantity: 50 });
    await receiveStock(db, { sku: "A", warehouse: "GZ-01", quantity: 3 });
    await receiveStock(db, { sku: "A", warehouse: "OLD-01", quantity: 1000 });
    await receiveStock(db, { sku: "B", warehouse: "HZ-01", quantity: 40 });
    await setSafetyStock(db, { sku: "A", warehouse: "HZ-01", safetyStock: 10 });
    await setSafetyStock(db, { sku: "A", warehouse: "GZ-01", safetyStock: 5 });
    await reserveStock(db, { reservationId: "r1", lines: [{ sku: "A", warehouse: "HZ-01", quantity: 3 }] });
    // A: HZ 50 − 3 − 10 = 37, GZ 3 − 5 → 0, OLD inactive: 37. B: 40.
    await setChannelAllocation(db, { channel: "douyin", percent: 30 });
    await setChannelAllocation(db, { channel: "douyin", sku: "B", quota: 25 });
    await setChannelAllocation(db, { channel: "jd", quota: 100 });

    expect(await sellableStock(db, "taobao")).toEqual([
      { sku: "A", sellable: 37, channelSellable: 37 },
      { sku: "B", sellable: 40, channelSellable: 40 },
    ]);
    expect(await sellableStock(db, "douyin")).toEqual([
      { sku: "A", sellable: 37, channelSellable: 11, allocation: { percent: 30 } },
      { sku: "B", sellable: 40, channelSellable: 25, allocation: { quota: 25 } },
    ]);
    expect(await sellableStock(db, "jd", ["B", "NEW"])).toEqual([
      { sku: "B", sellable: 40, channelSellable: 40, allocation: { quota: 100 } },
      { sku: "NEW", sellable: 0, channelSellable: 0, allocation: { quota: 100 } },
    ]);
    await expect(setChannelAllocation(db, { channel: "jd", percent: 120 })).rejects.toThrow("percent must be between 0 and 100, got 120");
  });
});
