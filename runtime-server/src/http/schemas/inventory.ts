/** Warehouses, stock levels, stock movements staff make, and what channels may sell. */
import { Type } from "@sinclair/typebox";

const BilingualName = Type.Object(
  { zh: Type.Optional(Type.String({ minLength: 1 })), en: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false, minProperties: 1, description: 'Chinese and/or English, e.g. { "zh": "杭州仓", "en": "Hangzhou" }.' },
);
const WarehouseIdPattern = "^[A-Za-z0-9_-]+$";
export const WarehouseId = Type.String({ pattern: WarehouseIdPattern, description: "Letters, digits, - and _, e.g. HZ-01." });
const Sku = Type.String({ minLength: 1, description: "The SKU code, e.g. TEA-LJ-250." });
const Units = Type.Integer({ minimum: 1, maximum: 2_000_000_000 });
const Reason = Type.Optional(Type.String({ maxLength: 500, description: "Why, for the stock ledger: a purchase order, a stocktake…" }));

export const Warehouse = Type.Object({
  id: WarehouseId,
  name: BilingualName,
  province: Type.String({ description: "As on addresses: 浙江省, Zhejiang or 330000." }),
  city: Type.Union([Type.String(), Type.Null()]),
  priority: Type.Integer({ description: "Smaller is preferred when routing finds warehouses otherwise equal." }),
  costPerParcel: Type.Number({ minimum: 0, description: "Yuan per parcel shipped from here." }),
  active: Type.Boolean({ description: "Inactive warehouses are not routed to and their stock is not sellable." }),
});
export const WarehouseList = Type.Object({ warehouses: Type.Array(Warehouse) });
export const WarehouseBody = Type.Object(
  {
    name: BilingualName,
    province: Type.String({ minLength: 1 }),
    city: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    priority: Type.Optional(Type.Integer()),
    costPerParcel: Type.Optional(Type.Number({ minimum: 0 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const WarehouseIdParam = Type.Object({ id: WarehouseId });

export const StockLevel = Type.Object({
  sku: Sku,
  warehouse: WarehouseId,
  onHand: Type.Integer(),
  reserved: Type.Integer({ description: "Held for orders not shipped yet." }),
  available: Type.Integer({ description: "onHand − reserved: what new orders may still reserve." }),
  safetyStock: Type.Integer(),
  low: Type.Boolean({ description: "What is free is at or below the safety stock (a low-stock alert is raised)." }),
});
export const StockList = Type.Object({ stock: Type.Array(StockLevel) });
export const StockQuery = Type.Object({ sku: Type.Optional(Sku), warehouse: Type.Optional(WarehouseId) }, { additionalProperties: false });

export const ReceiveBody = Type.Object({ sku: Sku, warehouse: WarehouseId, quantity: Units, reason: Reason }, { additionalProperties: false });
export const AdjustBody = Type.Object(
  { sku: Sku, warehouse: WarehouseId, onHand: Type.Integer({ minimum: 0, description: "The counted number of units." }), reason: Reason },
  { additionalProperties: false },
);
export const SafetyStockBody = Type.Object({ sku: Sku, warehouse: WarehouseId, safetyStock: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

export const TransferBody = Type.Object(
  {
    transferId: Type.String({ minLength: 1, maxLength: 200, description: "Chosen by the client: sending the same transfer again moves the stock once." }),
    sku: Sku,
    from: WarehouseId,
    to: WarehouseId,
    quantity: Units,
    reason: Reason,
  },
  { additionalProperties: false },
);
export const Transfer = Type.Object({
  transferId: Type.String(),
  sku: Sku,
  from: WarehouseId,
  to: WarehouseId,
  quantity: Type.Integer(),
  created: Type.Boolean({ description: "False when this transfer had been made before under its id." }),
});

export const Allocation = Type.Union([Type.Object({ percent: Type.Number({ minimum: 0, maximum: 100 }) }), Type.Object({ quota: Type.Integer({ minimum: 0 }) })]);
export const SellableQuery = Type.Object({ channel: Type.String({ minLength: 1 }), sku: Type.Optional(Sku) }, { additionalProperties: false });
export const SellableList = Type.Object({
  channel: Type.String(),
  stock: Type.Array(
    Type.Object({
      sku: Sku,
      sellable: Type.Integer({ description: "Free above safety stock in all active warehouses." }),
      channelSellable: Type.Integer({ description: "What this channel may show." }),
      allocation: Type.Optional(Allocation),
    }),
  ),
});
export const AllocationBody = Type.Intersect([
  Type.Object({ channel: Type.String({ minLength: 1 }), sku: Type.Optional(Type.String({ minLength: 1, description: "Omitted: every SKU without an allocation of its own." })) }),
  Allocation,
]);
