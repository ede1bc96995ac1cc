/**
 * Inventory over HTTP: warehouses, stock levels, goods received, stock
 * counts, safety stock, transfers and what each channel may sell. Every
 * change is written to the stock ledger under the signed-in person and to
 * the audit log; reservations are made by flows (the inventory connector),
 * not here.
 */
import { Hono } from "hono";
import { recordAudit } from "../../auth/audit";
import { InventoryError, type InventoryErrorCode } from "../../inventory/errors";
import { setChannelAllocation, sellableStock } from "../../inventory/sellable";
import { adjustStock, listStock, receiveStock, setSafetyStock } from "../../inventory/stock";
import { transferStock } from "../../inventory/transfers";
import { listWarehouses, saveWarehouse } from "../../inventory/warehouses";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { ApiError } from "../errors";
import {
  AdjustBody,
  AllocationBody,
  ReceiveBody,
  SafetyStockBody,
  SellableList,
  SellableQuery,
  StockLevel,
  StockList,
  StockQuery,
  Transfer,
  TransferBody,
  Warehouse,
  WarehouseBody,
  WarehouseIdParam,
  WarehouseList,
} from "../schemas/inventory";

const READERS = ["admin", "supervisor", "staff", "integrator"] as const;
const KEEPERS = ["admin", "supervisor"] as const;
const refused = { 400: { description: "The request does not fit, or names no such warehouse" }, 409: { description: "The stock does not allow it (the message says why)" } };

const listWarehousesEndpoint = defineEndpoint({
  summary: "List the warehouses",
  tag: "Inventory",
  roles: READERS,
  responses: { 200: { description: "Every warehouse, by id", schema: WarehouseList } },
});
const saveWarehouseEndpoint = defineEndpoint({
  summary: "Create or change a warehouse",
  description: "Fields left out keep their value (new warehouses: priority 100, cost 0, active).",
  tag: "Inventory",
  roles: KEEPERS,
  params: WarehouseIdParam,
  body: WarehouseBody,
  responses: { 200: { description: "The warehouse as saved", schema: Warehouse } },
});
const listStockEndpoint = defineEndpoint({
  summary: "List stock levels",
  tag: "Inventory",
  roles: READERS,
  query: StockQuery,
  responses: { 200: { description: "Stock per SKU and warehouse, by SKU then warehouse", schema: StockList } },
});
const receiveEndpoint = defineEndpoint({
  summary: "Record goods received into a warehouse",
  tag: "Inventory",
  roles: ["admin", "supervisor", "staff", "integrator"],
  body: ReceiveBody,
  responses: { 200: { description: "The stock level after it", schema: StockLevel }, ...refused },
});
const adjustEndpoint = defineEndpoint({
  summary: "Set stock to what was counted",
  description: "A count below what is reserved for orders not shipped yet is refused (409).",
  tag: "Inventory",
  roles: ["admin", "supervisor", "integrator"],
  body: AdjustBody,
  responses: { 200: { description: "The stock level after it", schema: StockLevel }, ...refused },
});
const safetyEndpoint = defineEndpoint({
  summary: "Set a SKU's safety stock in a warehouse",
  description: "What is free at or below it is not offered on channels and raises a low-stock alert.",
  tag: "Inventory",
  roles: KEEPERS,
  body: SafetyStockBody,
  responses: { 200: { description: "The stock level after it", schema: StockLevel }, ...refused },
});
const transferEndpoint = defineEndpoint({
  summary: "Move stock between warehouses",
  description: "Atomic; only free units move. Sending the same transferId again moves nothing more.",
  tag: "Inventory",
  roles: KEEPERS,
  body: TransferBody,
  responses: { 200: { description: "The transfer", schema: Transfer }, ...refused },
});
const sellableEndpoint = defineEndpoint({
  summary: "What a channel may sell",
  tag: "Inventory",
  roles: READERS,
  query: SellableQuery,
  responses: { 200: { description: "Per SKU, by SKU", schema: SellableList } },
});
const allocationEndpoint = defineEndpoint({
  summary: "Give a channel a share of the sellable stock",
  description: "A percentage (rounded down) or a fixed quota, for one SKU or for every SKU without its own.",
  tag: "Inventory",
  roles: KEEPERS,
  body: AllocationBody,
  responses: { 204: { description: "Saved" }, ...refused },
});

export const inventoryRoutes = new Hono<Env>()
  .get("/warehouses", endpoint(listWarehousesEndpoint), async (c) => c.json({ warehouses: await listWarehouses(c.var.deps.db) }, 200))
  .put("/warehouses/:id", endpoint(saveWarehouseEndpoint), async (c) => {
    const { db, clock } = c.var.deps;
    const id = c.req.valid("param").id;
    const warehouse = await answering(() =>
      db.transaction().execute(async (tx) => {
        const saved = await saveWarehouse(tx, { id, ...c.req.valid("json") });
        await recordAudit(tx, { actor: c.var.principal.login, action: "warehouse.save", targetType: "warehouse", targetId: id, after: saved, at: clock() });
        return saved;
      }),
    );
    return c.json(warehouse, 200);
  })
  .get("/stock", endpoint(listStockEndpoint), async (c) => c.json({ stock: await listStock(c.var.deps.db, c.req.valid("query")) }, 200))
  .post("/stock/receive", endpoint(receiveEndpoint), async (c) => {
    const { reason, ...receipt } = c.req.valid("json");
    return c.json(await answering(() => receiveStock(c.var.deps.db, receipt, changeBy(c, reason))), 200);
  })
  .post("/stock/adjust", endpoint(adjustEndpoint), async (c) => {
    const { reason, ...count } = c.req.valid("json");
    return c.json(await answering(() => adjustStock(c.var.deps.db, count, changeBy(c, reason))), 200);
  })
  .post("/stock/safety-stock", endpoint(safetyEndpoint), async (c) => {
    const { db, clock } = c.var.deps;
    const level = c.req.valid("json");
    const saved = await answering(() =>
      db.transaction().execute(async (tx) => {
        const after = await setSafetyStock(tx, level, changeBy(c));
        await recordAudit(tx, { actor: c.var.principal.login, action: "stock.safety_stock", targetType: "stock", targetId: `${level.sku}@${level.warehouse}`, after: level, at: clock() });
        return after;
      }),
    );
    return c.json(saved, 200);
  })
  .post("/stock/transfers", endpoint(transferEndpoint), async (c) => {
    const { reason, ...transfer } = c.req.valid("json");
    return c.json(await answering(() => transferStock(c.var.deps.db, transfer, changeBy(c, reason))), 200);
  })
  .get("/stock/sellable", endpoint(sellableEndpoint), async (c) => {
    const { channel, sku } = c.req.valid("query");
    return c.json({ channel, stock: await sellableStock(c.var.deps.db, channel, sku === undefined ? undefined : [sku]) }, 200);
  })
  .put("/stock/channel-allocations", endpoint(allocationEndpoint), async (c) => {
    const { db, clock } = c.var.deps;
    const allocation = c.req.valid("json");
    await answering(() =>
      db.transaction().execute(async (tx) => {
        await setChannelAllocation(tx, allocation);
        await recordAudit(tx, { actor: c.var.principal.login, action: "channel.allocate", targetType: "channel", targetId: allocation.channel, after: allocation, at: clock() });
      }),
    );
    return c.body(null, 204);
  });

/** Stock movements are written under the person signed in, at the app's clock. */
function changeBy(c: { var: { principal: { login: string }; deps: { clock: () => Date } } }, reason?: string) {
  return { actor: c.var.principal.login, reason: reason ?? null, at: c.var.deps.clock() };
}

const STATUS: Readonly<Record<InventoryErrorCode, 400 | 404 | 409>> = {
  invalid_input: 400,
  unknown_warehouse: 400,
  unknown_reservation: 404,
  key_reused: 409,
  reservation_released: 409,
  reservation_shipped: 409,
  count_below_reserved: 409,
  out_of_stock: 409,
  no_single_warehouse: 409,
};

async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InventoryError) throw new ApiError(STATUS[error.code], error.code, error.message);
    throw error;
  }
}
