/**
 * Chinese couriers write times as "yyyy-MM-dd HH:mm:ss" in China Standard
 * Time (UTC+8, no daylight saving), without an offset. Tracking events carry
 * ISO 8601 with the offset, so they compare across couriers.
 *
 * @example fromChinaTime("2026-11-23 10:05:00") // "2026-11-23T10:05:00+08:00"
 */
export function fromChinaTime(text: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(text.trim());
  return match ? `${match[1]}T${match[2]}+08:00` : null;
}
