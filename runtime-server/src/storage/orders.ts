import { sql, type Kysely } from "kysely";
import type { Database } from "./schema";

/**
 * The next global order id: `DB`, the day in `timeZone` (yyyyMMdd), and that
 * day's counter in 6 digits, e.g. DB20261122000123. Unique across processes:
 * the counter is raised by one atomic upsert. Past 999999 orders in a day the
 * counter grows a seventh digit.
 *
 * Call it on its own, not inside the transaction that stores the order:
 * there the day's counter row would stay locked until that transaction ends
 * and every other order would wait for it. The price is a gap in the
 * numbers when storing the order then fails.
 *
 * @example
 * const id = await nextOrderId(db, new Date()); // "DB20261122000123"
 */
export async function nextOrderId(db: Kysely<Database>, now: Date, timeZone = ORDER_TIME_ZONE): Promise<string> {
  return (await nextOrderIds(db, now, 1, timeZone))[0]!;
}

/** `count` consecutive order ids in one step, for a batch of orders stored together. */
export async function nextOrderIds(db: Kysely<Database>, now: Date, count: number, timeZone = ORDER_TIME_ZONE): Promise<string[]> {
  if (count === 0) return [];
  const day = localDay(now, timeZone);
  const { last } = await db
    .insertInto("order_counters")
    .values({ day, last: count })
    .onConflict((conflict) => conflict.column("day").doUpdateSet({ last: sql<number>`order_counters.last + ${count}` }))
    .returning("last")
    .executeTakeFirstOrThrow();
  return orderIdsEndingAt(day, last, count);
}

/** The ids of the `count` orders numbered up to `last` on `day` ("2026-11-22"), the day's counter having been raised by `count` to `last`. */
export function orderIdsEndingAt(day: string, last: number, count: number): string[] {
  const prefix = `DB${day.replaceAll("-", "")}`;
  return Array.from({ length: count }, (_, index) => `${prefix}${String(last - count + 1 + index).padStart(6, "0")}`);
}

/** Order numbers follow the calendar of China, where the orders are sold. */
export const ORDER_TIME_ZONE = "Asia/Shanghai";

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `now` in `timeZone`, as "2026-11-22". */
export function localDay(now: Date, timeZone = ORDER_TIME_ZONE): string {
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })));
  const parts = format.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}
