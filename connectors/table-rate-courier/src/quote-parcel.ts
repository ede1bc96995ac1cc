/** This courier's quotes: the rate table in its settings, under its own id. */
import type { DeliverySpeed } from "@orderflow/connector-sdk";
import { quoteFromTable, type Parcel, type Quote } from "@orderflow/courier-kit";
import type { TableRateSettings } from "./settings";

export const COURIER_ID = "table_rate_courier";

export function quoteParcel(settings: TableRateSettings, parcel: Parcel, now: Date, speed?: DeliverySpeed): Quote[] {
  return quoteFromTable(settings, parcel, now, { courier: COURIER_ID, ...(speed ? { speed } : {}) });
}
