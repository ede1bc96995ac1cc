import { RuleError } from "./errors";

/**
 * Time values for the date/time operators. Times in data are ISO-8601 texts that carry a UTC
 * offset (`2024-05-01T10:00:00+08:00`, `...Z`), epoch milliseconds, or Date objects (what database
 * drivers return). A text without an offset is refused: its meaning would depend on the server's
 * time zone. The current time only ever comes from the injected clock.
 */

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (monthLengths[month - 1] ?? 0);
}

function offsetMinutes(designator: string): number {
  if (designator === "Z" || designator === "z") return 0;
  const sign = designator.startsWith("-") ? -1 : 1;
  const digits = designator.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return sign * (hours * 60 + minutes);
}

// The same timestamps are read over and over (one order, several rules); parsing dominates otherwise.
const parsedLimit = 2000;
const parsed = new Map<string, number>();

function parseIso(text: string): number {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const epochMs = parseIsoText(text);
  if (parsed.size >= parsedLimit) parsed.clear();
  parsed.set(text, epochMs);
  return epochMs;
}

function parseIsoText(text: string): number {
  const match = isoPattern.exec(text);
  if (match === null) {
    throw new RuleError(
      `"${text}" is not an ISO-8601 time with a UTC offset; write e.g. "2024-05-01T10:00:00+08:00" or "2024-05-01T02:00:00Z"`,
    );
  }
  const [, y, mo, d, h, mi, s, fraction, zone] = match as unknown as [string, string, string, string, string, string, string | undefined, string | undefined, string];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  const offset = offsetMinutes(zone);
  const valid =
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) &&
    hour <= 23 && minute <= 59 && second <= 59 && !Number.isNaN(offset);
  if (!valid) throw new RuleError(`"${text}" is not a valid date and time; check the month, day, hour and offset`);
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

/**
 * Epoch milliseconds of a time value, or null for null/absent (a missing time makes the
 * operators yield null or false rather than fail, like a missing `var`).
 *
 * @example toEpochMs("2024-05-01T10:00:00+08:00") // 1714528800000
 */
export function toEpochMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
  } else if (typeof value === "string") {
    return parseIso(value);
  } else if (value instanceof Date && Number.isFinite(value.getTime())) {
    return value.getTime();
  }
  throw new RuleError(
    `${JSON.stringify(value) ?? String(value)} is not a time; use an ISO-8601 text with an offset or epoch milliseconds`,
  );
}

/** ISO-8601 text (UTC, millisecond precision) of epoch milliseconds. */
export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** The injected clock, or a RuleError saying how to provide it. */
export function requireNow(now: number | undefined, operator: string): number {
  if (now === undefined) {
    throw new RuleError(`"${operator}" needs the current time: pass { now: <epoch ms> } in the evaluation options`);
  }
  return now;
}

const defaultTimeZone = "Asia/Shanghai";

interface ZoneFormatters {
  hour: Intl.DateTimeFormat;
  weekday: Intl.DateTimeFormat;
}

const zoneFormatters = new Map<string, ZoneFormatters>();
const weekdayNumbers: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formattersFor(timeZone: unknown): ZoneFormatters {
  const zone = timeZone === undefined || timeZone === null ? defaultTimeZone : timeZone;
  if (typeof zone !== "string") {
    throw new RuleError(`A time zone must be an IANA name like "Asia/Shanghai", got ${JSON.stringify(zone)}`);
  }
  let formatters = zoneFormatters.get(zone);
  if (formatters === undefined) {
    try {
      formatters = {
        hour: new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" }),
        weekday: new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short" }),
      };
    } catch {
      throw new RuleError(`"${zone}" is not a known IANA time zone; use a name like "Asia/Shanghai" or "Europe/Berlin"`);
    }
    zoneFormatters.set(zone, formatters);
  }
  return formatters;
}

/** Throws a RuleError unless `timeZone` (absent = the default) is a usable IANA zone name. */
export function assertTimeZone(timeZone: unknown): void {
  formattersFor(timeZone);
}

function part(format: Intl.DateTimeFormat, epochMs: number, type: Intl.DateTimeFormatPartTypes): string {
  return format.formatToParts(epochMs).find((p) => p.type === type)?.value ?? "";
}

/** Hour of the day (0-23) of an instant in a time zone. */
export function hourInZone(epochMs: number, timeZone: unknown): number {
  return Number(part(formattersFor(timeZone).hour, epochMs, "hour"));
}

/** ISO weekday (Monday = 1 … Sunday = 7) of an instant in a time zone. */
export function weekdayInZone(epochMs: number, timeZone: unknown): number {
  return weekdayNumbers[part(formattersFor(timeZone).weekday, epochMs, "weekday")] ?? Number.NaN;
}
