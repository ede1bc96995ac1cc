import type { Kysely } from "kysely";
import { describe, expect } from "vitest";
import type { ConnectorCall, ConnectorOutcome } from "../execution/worker";
import { createWriteBatch } from "../execution/write-batch";
import type { Database } from "../storage/schema";
import { createDatabase } from "../storage/database";
import { migrateToLatest } from "../storage/migrate";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { createInventoryConnector } from "./connector";
import { listStock, receiveStock, setSafetyStock } from "./stock";
import { inventoryCall, stockTwoWarehouses } from "./test-stock";
import { saveWarehouse } from "./warehouses";

const call = inventoryCall;
const setUp = stockTwoWarehouses;

const hangzhou = { province: "浙江省", city: "杭州市" };
const tea = (quantity: number) => [{ sku: "TEA-LJ-250", quantity }];

/** Calls that cover every way a reserve or a routing call can end. */
const CALLS: ConnectorCall[] = [
  call("reserve", { orderNo: "DB1", lines: tea(2), address: hangzhou }, "k1"),
  call("reserve", { orderNo: "DB2", lines: tea(2), address: hangzhou }, "k2"),
  call("choose_warehouse", { lines: tea(1), address: hangzhou }, "k3"),
  call("split_order", { lines: [...tea(4), { sku: "CUP-01", quantity: 1 }], address: hangzhou }, "k4"),
  call("reserve", { orderNo: "DB3", lines: tea(50), address: hangzhou }, "k5"),
  call("reserve", { orderNo: "DB4", lines: tea(1), warehouse: "XX-99" }, "k6"),
  call("reserve", { orderNo: "DB5", lines: [...tea(1), { sku: "CUP-01", quantity: 1 }], address: hangzhou }, "k7"),
  call("reserve", { orderNo: "DB6", lines: [...tea(8), { sku: "CUP-01", quantity: 4 }], address: hangzhou, split: true }, "k8"),
  call("reserve", { orderNo: "DB1", lines: tea(2), address: hangzhou }, "k1"),
  // A step asking again gets the first answer (the step was retried; its input cannot have changed).
  call("reserve", { orderNo: "DB1", lines: tea(3), address: hangzhou }, "k1"),
  call("reserve", { orderNo: "DB7", lines: [] }, "k9"),
  call("release", { reservationId: "k2" }, "k10"),
  call("choose_warehouse", { lines: tea(1), address: hangzhou, strategy: "fastest" }, "k11"),
];

/** What every stock row and the ledger say, to compare two ways of doing the same calls. */
async function stockState(db: Kysely<Database>) {
  const stock = await listStock(db, {});
  const ledger = await db.selectFrom("stock_movements").select(["sku", "warehouse", "kind", "reserved_change", "on_hand_after", "reserved_after", "reservation_id", "actor", "reason"]).orderBy("id").execute();
  const reservations = await db.selectFrom("reservation_lines").select(["reservation_id", "sku", "warehouse", "quantity", "state"]).orderBy("reservation_id").orderBy("sku").orderBy("warehouse").execute();
  return { stock: stock.map(({ sku, warehouse, onHand, reserved }) => ({ sku, warehouse, onHand, reserved })), ledger, reservations };
}

describe.each(await databaseCases())("the inventory's inline actions on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("answer and change stock exactly as the same calls made one by one", async ({ db }) => {
    await setUp(db);
    const connector = createInventoryConnector(db);
    const inline = await db.transaction().execute((tx) => connector.inline!.invokeAllIn(tx, CALLS));
    const inlineState = await stockState(db);

    // The same calls through `invoke`, each in its own transaction, on a database of its own.
    const separate = await createDatabase({});
    try {
      await migrateToLatest(separate.db);
      await setUp(separate.db);
      const alone = createInventoryConnector(separate.db);
      const oneByOne: ConnectorOutcome[] = [];
      for (const each of CALLS) oneByOne.push(await alone.invoke(each));
      expect(inline).toEqual(oneByOne);
      expect(inlineState).toEqual(await stockState(separate.db));
    } finally {
      await separate.close();
    }

    expect(inline.map((outcome) => (outcome.ok ? "ok" : outcome.error.code))).toEqual([
      "ok",
      "ok",
      "ok",
      "ok",
      "out_of_stock",
      "unknown_warehouse",
      "ok",
      "ok",
      "ok",
      "ok",
      "invalid_input",
      "ok",
      "invalid_input",
    ]);
  });

  test("a round of 150 orders for 100 units: exactly 100 reserved, the ledger counting down one by one", async ({ db }) => {
    await saveWarehouse(db, { id: "SH-01", name: { zh: "上海仓", en: "Shanghai" }, province: "上海市", city: "上海市" });
    await receiveStock(db, { sku: "HOT-1", warehouse: "SH-01", quantity: 100 });
    await setSafetyStock(db, { sku: "HOT-1", warehouse: "SH-01", safetyStock: 10 });
    const connector = createInventoryConnector(db);
    const calls = Array.from({ length: 150 }, (_, index) => call("reserve", { orderNo: `DB${index}`, lines: [{ sku: "HOT-1", quantity: 1 }] }, `order-${index}`));
    const outcomes = await db.transaction().execute((tx) => connector.inline!.invokeAllIn(tx, calls));
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(100);
    expect(outcomes.slice(100).every((outcome) => !outcome.ok && outcome.error.code === "out_of_stock")).toBe(true);
    expect(await listStock(db, {})).toMatchObject([{ sku: "HOT-1", onHand: 100, reserved: 100 }]);
    const ledger = await db.selectFrom("stock_movements").select("reserved_after").where("kind", "=", "reserve").orderBy("id").execute();
    expect(ledger.map((row) => row.reserved_after)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    const alerts = await db.selectFrom("alerts").select(["alert", "severity"]).where("alert", "=", "inventory.low_stock").execute();
    expect(alerts).toEqual([{ alert: "inventory.low_stock", severity: "critical" }]);
  });

  for (const writes of ["at once", "in the write batch"] as const) {
    test(`later rounds in one transaction decide on what earlier rounds took, and raise a low-stock alert once (writes ${writes})`, async ({ db }) => {
      await setUp(db);
      // GZ-01 holds 10: after "a" 7 are free there, so 8 must be split; "c" brings it down to 5, to its safety stock of 6.
      // In the batch, "a" waits for it; "c" turns the row low, so both are written then; "d" is done alone, "e" waits again.
      await setSafetyStock(db, { sku: "TEA-LJ-250", warehouse: "GZ-01", safetyStock: 6 });
      const connector = createInventoryConnector(db);
      const rounds = await db.transaction().execute(async (tx) => {
        const batch = writes === "at once" ? undefined : createWriteBatch();
        const outcomes = [
          await connector.inline!.invokeAllIn(tx, [call("reserve", { lines: tea(3), warehouse: "GZ-01" }, "a")], batch),
          await connector.inline!.invokeAllIn(tx, [call("choose_warehouse", { lines: tea(8) }, "b"), call("reserve", { lines: tea(2), warehouse: "GZ-01" }, "c")], batch),
          await connector.inline!.invokeAllIn(tx, [call("release", { reservationId: "a" }, "d")], batch),
          await connector.inline!.invokeAllIn(tx, [call("reserve", { lines: tea(4), warehouse: "GZ-01" }, "e")], batch),
        ];
        await batch?.flush(tx, new Date());
        return outcomes;
      });
      expect(rounds.flat().map((outcome) => (outcome.ok ? "ok" : outcome.error.code))).toEqual(["ok", "no_single_warehouse", "ok", "ok", "ok"]);
      expect((await listStock(db, { warehouse: "GZ-01", sku: "TEA-LJ-250" }))[0]).toMatchObject({ onHand: 10, reserved: 6 });
      expect(await db.selectFrom("alerts").select("status").where("alert", "=", "inventory.low_stock").orderBy("status").execute()).toEqual([{ status: "cleared" }, { status: "raised" }]);
      const ledger = await db.selectFrom("stock_movements").select(["reservation_id", "reserved_after"]).where("warehouse", "=", "GZ-01").where("reservation_id", "is not", null).orderBy("id").execute();
      expect(ledger.map((row) => `${row.reservation_id}:${row.reserved_after}`)).toEqual(["a:3", "c:5", "a:2", "e:6"]);
    });
  }

  test("with the transaction's write batch, reservations wait for its statement: two rounds on one stock row update it once, by their sum", async ({ db }) => {
    await setUp(db);
    const connector = createInventoryConnector(db);
    const before = await db.transaction().execute(async (tx) => {
      const batch = createWriteBatch();
      await connector.inline!.invokeAllIn(tx, [call("reserve", { orderNo: "DB1", lines: tea(2), warehouse: "GZ-01" }, "a")], batch);
      await connector.inline!.invokeAllIn(tx, [call("reserve", { orderNo: "DB2", lines: tea(3), warehouse: "GZ-01" }, "b")], batch);
      const written = await tx.selectFrom("reservations").select("id").execute();
      await batch.flush(tx, new Date());
      return written;
    });
    expect(before).toEqual([]);
    expect((await listStock(db, { warehouse: "GZ-01", sku: "TEA-LJ-250" }))[0]).toMatchObject({ onHand: 10, reserved: 5 });
    const ledger = await db.selectFrom("stock_movements").select(["reservation_id", "reserved_after"]).where("kind", "=", "reserve").orderBy("id").execute();
    expect(ledger).toEqual([
      { reservation_id: "a", reserved_after: 2 },
      { reservation_id: "b", reserved_after: 5 },
    ]);
    expect(await db.selectFrom("reservation_lines").select(["reservation_id", "quantity"]).orderBy("reservation_id").execute()).toEqual([
      { reservation_id: "a", quantity: 2 },
      { reservation_id: "b", quantity: 3 },
    ]);
  });

  test("with the write batch, a round that reads more SKUs sees what earlier rounds reserved", async ({ db }) => {
    await setUp(db);
    const connector = createInventoryConnector(db);
    await db.transaction().execute(async (tx) => {
      const batch = createWriteBatch();
      await connector.inline!.invokeAllIn(tx, [call("reserve", { lines: tea(4), warehouse: "GZ-01" }, "a")], batch);
      // CUP-01 was not read yet: the stock is read again, with "a" in it.
      await connector.inline!.invokeAllIn(tx, [call("reserve", { lines: [...tea(3), { sku: "CUP-01", quantity: 1 }], warehouse: "GZ-01" }, "b")], batch);
      await batch.flush(tx, new Date());
    });
    expect((await listStock(db, { warehouse: "GZ-01", sku: "TEA-LJ-250" }))[0]).toMatchObject({ onHand: 10, reserved: 7 });
    const ledger = await db.selectFrom("stock_movements").select(["sku", "reservation_id", "reserved_after"]).where("kind", "=", "reserve").orderBy("id").execute();
    expect(ledger.map((row) => `${row.reservation_id}:${row.sku}:${row.reserved_after}`)).toEqual(["a:TEA-LJ-250:4", "b:CUP-01:1", "b:TEA-LJ-250:7"]);
  });

  test("1,000 reservations in 20 concurrent transactions for 100 units: exactly 100 succeed", async ({ storage, db }) => {
    await saveWarehouse(db, { id: "SH-01", name: { zh: "上海仓", en: "Shanghai" }, province: "上海市", city: "上海市" });
    await saveWarehouse(db, { id: "GZ-01", name: { zh: "广州仓", en: "Guangzhou" }, province: "广东省", city: "广州市" });
    await receiveStock(db, { sku: "HOT-1", warehouse: "SH-01", quantity: 60 });
    await receiveStock(db, { sku: "HOT-1", warehouse: "GZ-01", quantity: 40 });
    await receiveStock(db, { sku: "COLD-1", warehouse: "GZ-01", quantity: 100_000 });
    await receiveStock(db, { sku: "COLD-1", warehouse: "SH-01", quantity: 100_000 });
    const second = dialect === "postgres" ? await storage.connectAgain() : undefined;
    const pools = [db, second?.db ?? db];
    const rounds = Array.from({ length: 20 }, (_, round) =>
      pools[round % 2]!.transaction().execute((tx) =>
        createInventoryConnector(tx).inline!.invokeAllIn(
          tx,
          // Lines in both orders: the locks are taken in one order whatever the lines say.
          Array.from({ length: 50 }, (_, index) =>
            call("reserve", { lines: index % 2 ? [{ sku: "HOT-1", quantity: 1 }, { sku: "COLD-1", quantity: 1 }] : [{ sku: "COLD-1", quantity: 1 }, { sku: "HOT-1", quantity: 1 }] }, `r${round}-${index}`),
          ),
        ),
      ),
    );
    const outcomes = (await Promise.all(rounds)).flat();
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(100);
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.error.code === "out_of_stock")).toHaveLength(900);
    const hot = (await listStock(db, {})).filter((row) => row.sku === "HOT-1");
    expect(hot.map(({ onHand, reserved }) => ({ onHand, reserved }))).toEqual([
      { onHand: 40, reserved: 40 },
      { onHand: 60, reserved: 60 },
    ]);
  });
});
