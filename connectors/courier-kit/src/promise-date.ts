/**
 * The latest time a courier promises delivery: the end of the day
 * `days` calendar days from now, in China Standard Time (UTC+8, no daylight
 * saving), which is how couriers state "次日达" or "3 天". 0 is today.
 *
 * @example promiseDate(new Date("2026-11-22T20:00:00+08:00"), 1) // "2026-11-23T23:59:59+08:00"
 */
const CST_MS = 8 * 3_600_000;

export function promiseDate(now: Date, days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`promised days must be a whole number of 0 or more, not ${days}`);
  const local = new Date(now.getTime() + CST_MS + days * 86_400_000);
  return `${local.toISOString().slice(0, 10)}T23:59:59+08:00`;
}
