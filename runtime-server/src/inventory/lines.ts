/**
 * Order lines as stock operations take them: checked, one line per SKU (and
 * warehouse), in (sku, warehouse) order. That order is the order stock rows
 * are locked in, so two orders holding the same SKUs never wait for each
 * other in a circle (DESIGN.md, decision 5).
 */
import { InventoryError } from "./errors";

export interface OrderLine {
  sku: string;
  quantity: number;
}

export interface StockLine extends OrderLine {
  warehouse: string;
}

/** Checks each line, adds up lines for the same SKU (and warehouse) and sorts them; `field` names the list in errors. */
export function mergeLines<T extends OrderLine & { warehouse?: string }>(lines: readonly T[], field = "lines"): T[] {
  if (lines.length === 0) throw new InventoryError("invalid_input", `${field} is empty: give at least one line with a sku and a quantity`);
  const merged = new Map<string, T>();
  lines.forEach((line, index) => {
    if (typeof line.sku !== "string" || line.sku.trim() === "") throw new InventoryError("invalid_input", `${field}[${index}].sku must be a SKU code, got ${JSON.stringify(line.sku)}`);
    checkQuantity(line.quantity, `${field}[${index}].quantity`);
    if (line.warehouse !== undefined) checkWarehouseId(line.warehouse, `${field}[${index}].warehouse`);
    const key = `${line.sku}\u0000${line.warehouse ?? ""}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, quantity: seen.quantity + line.quantity } : { ...line });
  });
  return [...merged.values()].sort(compareLines);
}

export function compareLines(a: { sku: string; warehouse?: string }, b: { sku: string; warehouse?: string }): number {
  return compareText(a.sku, b.sku) || compareText(a.warehouse ?? "", b.warehouse ?? "");
}

/** Code-point order, the same in every locale, so every process locks in the same order. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function checkQuantity(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0 || value > 2_000_000_000) {
    throw new InventoryError("invalid_input", `${field} must be a whole number of units above 0, got ${JSON.stringify(value)}`);
  }
}

export function checkWarehouseId(value: unknown, field: string): asserts value is string {
  if (typeof value !== "string" || !/^[A-Za-z0-9_-]+$/.test(value)) {
    throw new InventoryError("invalid_input", `${field} must be a warehouse id (letters, digits, - and _), got ${JSON.stringify(value)}`);
  }
}
