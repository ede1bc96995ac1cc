import type { Kysely } from "kysely";
import { describe, expect } from "vitest";
import { createConnectorRuntime } from "../execution/connector-registry";
import type { Database } from "../storage/schema";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { createInventoryConnector } from "./connector";
import { listStock } from "./stock";
import { inventoryCall, stockTwoWarehouses } from "./test-stock";

const call = inventoryCall;

async function setUp(db: Kysely<Database>) {
  await stockTwoWarehouses(db);
  return createConnectorRuntime({ inventory: createInventoryConnector(db) });
}

const hangzhou = { province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 1 号" };

describe.each(await databaseCases())("the inventory connector on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("reserve chooses the nearest warehouse that holds the order, once per step", async ({ db }) => {
    const connectors = await setUp(db);
    const lines = [{ sku: "TEA-LJ-250", name: "龙井 250g", quantity: 2, unitPrice: 128 }];
    const reserved = await connectors.invoke(call("reserve", { orderNo: "DB1", lines, address: hangzhou }));
    expect(reserved).toMatchObject({
      ok: true,
      output: { reservationId: "step:reserve", orderNo: "DB1", state: "reserved", warehouse: "HZ-01", split: false, parts: [{ warehouse: "HZ-01", lines: [{ sku: "TEA-LJ-250", quantity: 2 }] }] },
    });
    const routing = (reserved as { output: { routing: { warehouse: string; reason: { en: string } }[] } }).output.routing;
    expect(routing.map((r) => `${r.warehouse}: ${r.reason.en}`)).toEqual([
      "HZ-01: chosen: same city (杭州市), 6.00 yuan per parcel, priority 100",
      "GZ-01: can ship, but farther than HZ-01 (another area, against same city (杭州市))",
    ]);
    const again = await connectors.invoke(call("reserve", { orderNo: "DB1", lines, address: hangzhou }));
    expect(again).toMatchObject({ ok: true, output: { reservationId: "step:reserve", warehouse: "HZ-01" } });
    expect((await listStock(db, { warehouse: "HZ-01" }))[0]).toMatchObject({ reserved: 2 });

    const next = await connectors.invoke(call("reserve", { orderNo: "DB2", lines, address: hangzhou }, "step:reserve:2"));
    expect(next).toMatchObject({ ok: true, output: { warehouse: "GZ-01" } });
  });

  test("short stock is an error no retry cures, naming the SKU and the shortfall", async ({ db }) => {
    const connectors = await setUp(db);
    const outcome = await connectors.invoke(call("reserve", { orderNo: "DB1", lines: [{ sku: "TEA-LJ-250", quantity: 20 }], address: hangzhou }));
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      error: { code: "out_of_stock", message: "Not enough stock: SKU TEA-LJ-250 short by 7 in all warehouses together (needs 20, 13 free)" },
    });
    const there = await connectors.invoke(call("reserve", { lines: [{ sku: "TEA-LJ-250", quantity: 4 }], warehouse: "HZ-01" }));
    expect(there).toEqual({
      ok: false,
      retryable: false,
      error: { code: "out_of_stock", message: "Not enough stock: SKU TEA-LJ-250 short by 1 in warehouse HZ-01 (needs 4, 3 free)" },
    });
    expect(await listStock(db, { sku: "TEA-LJ-250" })).toEqual([
      expect.objectContaining({ warehouse: "GZ-01", reserved: 0 }),
      expect.objectContaining({ warehouse: "HZ-01", reserved: 0 }),
    ]);
  });

  test("an order no single warehouse holds is split when the flow allows it, and said so when not", async ({ db }) => {
    const connectors = await setUp(db);
    const lines = [{ sku: "TEA-LJ-250", quantity: 12 }, { sku: "CUP-01", quantity: 1 }];
    const refused = await connectors.invoke(call("reserve", { orderNo: "DB1", lines, address: hangzhou }));
    expect(refused).toMatchObject({ ok: false, retryable: false, error: { code: "no_single_warehouse", message: expect.stringContaining("HZ-01: cannot ship: CUP-01 needs 1, has 0") } });

    const plan = await connectors.invoke(call("split_order", { lines, address: hangzhou }));
    const parts = [
      { warehouse: "GZ-01", lines: [{ sku: "CUP-01", quantity: 1 }, { sku: "TEA-LJ-250", quantity: 10 }] },
      { warehouse: "HZ-01", lines: [{ sku: "TEA-LJ-250", quantity: 2 }] },
    ];
    expect(plan).toEqual({ ok: true, output: { split: true, parts } });

    const reserved = await connectors.invoke(call("reserve", { orderNo: "DB1", lines, address: hangzhou, split: true }));
    expect(reserved).toMatchObject({ ok: true, output: { warehouse: null, split: true, parts: parts.map((part) => ({ warehouse: part.warehouse, lines: part.lines.map((line) => ({ ...line, state: "reserved" })) })) } });

    const shipped = await connectors.invoke(call("commit", { reservationId: "step:reserve", warehouse: "GZ-01" }));
    expect(shipped).toMatchObject({ ok: true, output: { state: "reserved" } });
    const cancelled = await connectors.invoke(call("release", { orderNo: "DB1" }));
    expect(cancelled).toMatchObject({ ok: true, output: { reservations: [{ reservationId: "step:reserve", state: "committed" }] } });
    expect((await listStock(db, { sku: "TEA-LJ-250" })).map((row) => [row.warehouse, row.onHand, row.reserved])).toEqual([
      ["GZ-01", 0, 0],
      ["HZ-01", 3, 0],
    ]);
  });

  test("release undoes a reserve step (its compensation) and says when there is nothing by that id", async ({ db }) => {
    const connectors = await setUp(db);
    const reserved = await connectors.invoke(call("reserve", { lines: [{ sku: "CUP-01", quantity: 2 }], address: hangzhou }));
    expect(reserved).toMatchObject({ ok: true, output: { warehouse: "GZ-01" } });
    expect(await connectors.invoke(call("release", { reservationId: "step:reserve" }))).toMatchObject({ ok: true, output: { state: "released" } });
    expect(await connectors.invoke(call("release", { reservationId: "step:reserve" }))).toMatchObject({ ok: true, output: { state: "released" } });
    expect((await listStock(db, { sku: "CUP-01" }))[0]).toMatchObject({ reserved: 0 });
    expect(await connectors.invoke(call("release", { reservationId: "R-404" }))).toMatchObject({ ok: false, retryable: false, error: { code: "unknown_reservation" } });
    expect(await connectors.invoke(call("release", {}))).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringContaining("give reservationId") } });
  });

  test("choose_warehouse, transfer and sellable", async ({ db }) => {
    const connectors = await setUp(db);
    const chosen = await connectors.invoke(call("choose_warehouse", { lines: [{ sku: "TEA-LJ-250", quantity: 1 }], address: hangzhou, strategy: "cheapest" }));
    expect(chosen).toMatchObject({ ok: true, output: { warehouse: "GZ-01" } });
    const moved = await connectors.invoke(call("transfer", { sku: "CUP-01", from: "GZ-01", to: "HZ-01", quantity: 2, reason: "补杭州仓" }));
    expect(moved).toEqual({ ok: true, output: { transferId: "step:transfer", sku: "CUP-01", from: "GZ-01", to: "HZ-01", quantity: 2, created: true } });
    expect(await connectors.invoke(call("transfer", { sku: "CUP-01", from: "GZ-01", to: "HZ-01", quantity: 2 }))).toMatchObject({ ok: true, output: { created: false } });
    expect(await connectors.invoke(call("sellable", { channel: "taobao", skus: ["CUP-01"] }))).toEqual({
      ok: true,
      output: { stock: [{ sku: "CUP-01", sellable: 5, channelSellable: 5 }] },
    });
  });

  test("bad input and unknown actions are refused with the field and the fix", async ({ db }) => {
    const connectors = await setUp(db);
    expect(await connectors.invoke(call("reserve", { lines: [{ sku: "A", quantity: 0 }] }))).toEqual({
      ok: false,
      retryable: false,
      error: { code: "invalid_input", message: "inventory.reserve: lines[0].quantity must be >= 1, got 0" },
    });
    expect(await connectors.invoke(call("reserve", { orderNo: "DB1" }))).toMatchObject({ error: { code: "invalid_input", message: "inventory.reserve: lines is missing" } });
    expect(await connectors.invoke(call("reserve", { lines: [{ sku: "A", quantity: 1 }], warehouse: "NOPE" }))).toMatchObject({
      ok: false,
      error: { code: "unknown_warehouse", message: 'warehouse: there is no warehouse "NOPE"; create it first or use one of the existing warehouses' },
    });
    expect(await connectors.invoke(call("restock", {}))).toMatchObject({ ok: false, retryable: false, error: { code: "unknown_action", message: expect.stringContaining("use one of reserve, release") } });
  });
});
