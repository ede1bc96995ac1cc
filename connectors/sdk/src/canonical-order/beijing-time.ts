/**
 * Chinese platforms write times as Beijing time without an offset
 * (`2026-11-22 09:30:00`, UTC+8, no daylight saving). The canonical order
 * wants ISO 8601 with the offset stated, and the platforms' query parameters
 * want their own form back.
 */
const OFFSET_MS = 8 * 3_600_000;
const PLATFORM_FORM = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** A moment as the platforms write it: `2026-11-22 09:30:00` (Beijing time). */
export function toBeijingTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** `2026-11-22 09:30:00` (Beijing time) as `2026-11-22T09:30:00+08:00`; null when the text is not in that form. */
export function fromBeijingTime(value: string): string | null {
  const match = PLATFORM_FORM.exec(value);
  return match ? `${match[1]}T${match[2]}+08:00` : null;
}
