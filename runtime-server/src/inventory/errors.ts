/**
 * What can go wrong with a stock operation, by a code a flow can branch on
 * (the inventory connector passes it on as the error's `code`). Every
 * message names what was wrong and what to do about it.
 */
export type InventoryErrorCode =
  | "invalid_input"
  | "unknown_warehouse"
  | "unknown_reservation"
  | "key_reused"
  | "reservation_released"
  | "reservation_shipped"
  | "count_below_reserved"
  | "out_of_stock"
  | "no_single_warehouse";

export class InventoryError extends Error {
  constructor(
    readonly code: InventoryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "InventoryError";
  }
}

/** A SKU that cannot be had in the quantity asked for. `warehouse` is absent when all warehouses together were short. */
export interface Shortage {
  sku: string;
  warehouse?: string;
  requested: number;
  available: number;
}

export class OutOfStockError extends InventoryError {
  constructor(readonly shortages: readonly Shortage[]) {
    super("out_of_stock", `Not enough stock: ${shortages.map(describeShortage).join("; ")}`);
    this.name = "OutOfStockError";
  }
}

export function describeShortage(shortage: Shortage): string {
  const where = shortage.warehouse === undefined ? "in all warehouses together" : `in warehouse ${shortage.warehouse}`;
  return `SKU ${shortage.sku} short by ${shortage.requested - shortage.available} ${where} (needs ${shortage.requested}, ${shortage.available} free)`;
}
