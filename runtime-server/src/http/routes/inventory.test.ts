import { describe, expect } from "vitest";
import { reserveStock } from "../../inventory/reservations";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness } from "../testing";

describe.each(await databaseCases())("inventory over HTTP on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("supervisors set up warehouses; staff receive goods; stock, transfers and sellable stock read back", async ({ db }) => {
    const http = httpHarness(db);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    const staff = await http.signIn("wang", ["staff"]);

    expect((await staff.put("/warehouses/HZ-01", { name: { zh: "杭州仓" }, province: "浙江省" })).status).toBe(403);
    const saved = await supervisor.put("/warehouses/HZ-01", { name: { zh: "杭州仓", en: "Hangzhou" }, province: "浙江省", city: "杭州市", costPerParcel: 6.5 });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ id: "HZ-01", name: { zh: "杭州仓", en: "Hangzhou" }, province: "浙江省", city: "杭州市", priority: 100, costPerParcel: 6.5, active: true });
    await supervisor.put("/warehouses/GZ-01", { name: { zh: "广州仓" }, province: "广东省", priority: 2 });
    expect((await staff.get("/warehouses")).body.warehouses.map((w: { id: string }) => w.id)).toEqual(["GZ-01", "HZ-01"]);

    const received = await staff.post("/stock/receive", { sku: "TEA-LJ-250", warehouse: "HZ-01", quantity: 20, reason: "PO-118" });
    expect(received.body).toEqual({ sku: "TEA-LJ-250", warehouse: "HZ-01", onHand: 20, reserved: 0, available: 20, safetyStock: 0, low: false });
    const unknown = await staff.post("/stock/receive", { sku: "TEA-LJ-250", warehouse: "XX-01", quantity: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: "unknown_warehouse", message: expect.stringContaining('no warehouse "XX-01"') });
    const badQuantity = await staff.post("/stock/receive", { sku: "TEA-LJ-250", warehouse: "HZ-01", quantity: 0 });
    expect(badQuantity.body.error).toMatchObject({ field: "/quantity" });

    await reserveStock(db, { reservationId: "r1", lines: [{ sku: "TEA-LJ-250", warehouse: "HZ-01", quantity: 6 }] });
    const belowReserved = await supervisor.post("/stock/adjust", { sku: "TEA-LJ-250", warehouse: "HZ-01", onHand: 5 });
    expect(belowReserved.status).toBe(409);
    expect(belowReserved.body.error.code).toBe("count_below_reserved");
    expect((await supervisor.post("/stock/safety-stock", { sku: "TEA-LJ-250", warehouse: "HZ-01", safetyStock: 4 })).body).toMatchObject({ available: 14, low: false });

    const transfer = { transferId: "T-1", sku: "TEA-LJ-250", from: "HZ-01", to: "GZ-01", quantity: 10 };
    expect((await supervisor.post("/stock/transfers", transfer)).body).toEqual({ ...transfer, created: true });
    expect((await supervisor.post("/stock/transfers", transfer)).body.created).toBe(false);
    const tooMuch = await supervisor.post("/stock/transfers", { ...transfer, transferId: "T-2", quantity: 5 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error).toMatchObject({ code: "out_of_stock", message: expect.stringContaining("SKU TEA-LJ-250 short by 1 in warehouse HZ-01") });

    const stock = await staff.get("/stock?sku=TEA-LJ-250");
    expect(stock.body.stock.map((s: { warehouse: string; onHand: number; reserved: number; low: boolean }) => [s.warehouse, s.onHand, s.reserved, s.low])).toEqual([
      ["GZ-01", 10, 0, false],
      ["HZ-01", 10, 6, true],
    ]);
    const alerts = await supervisor.get("/alerts");
    expect(alerts.body.alerts.map((a: { alert: string; message: { en: string } }) => [a.alert, a.message.en])).toEqual([
      ["inventory.low_stock", "Low stock: TEA-LJ-250 in warehouse HZ-01 has 4 free, at or below its safety stock of 4; restock it"],
    ]);

    expect((await supervisor.put("/stock/channel-allocations", { channel: "douyin", percent: 50 })).status).toBe(204);
    expect((await staff.get("/stock/sellable?channel=douyin")).body).toEqual({
      channel: "douyin",
      stock: [{ sku: "TEA-LJ-250", sellable: 10, channelSellable: 5, allocation: { percent: 50 } }],
    });

    const ledger = await db.selectFrom("stock_movements").select(["kind", "actor", "reason"]).where("kind", "in", ["receive", "transfer_out"]).orderBy("id").execute();
    expect(ledger).toEqual([
      { kind: "receive", actor: "wang", reason: "PO-118" },
      { kind: "transfer_out", actor: "zhao", reason: null },
    ]);
    const audit = await db.selectFrom("audit_log").select("action").where("actor", "=", "zhao").where("target_type", "in", ["warehouse", "stock", "channel"]).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["warehouse.save", "warehouse.save", "stock.safety_stock", "channel.allocate"]);
  });
});
