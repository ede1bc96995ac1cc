import { RuleError } from "./errors";

const msPer = { W: 604_800_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1_000 } as const;

const number = String.raw`(\d+(?:[.,]\d+)?)`;
const durationPattern = new RegExp(
  String.raw`^P(?:${number}W)?(?:${number}D)?(?:T(?:${number}H)?(?:${number}M)?(?:${number}S)?)?$`,
);
const calendarPattern = /^P(?:\d+(?:[.,]\d+)?[YMWD])*\d+(?:[.,]\d+)?[YM]/;

function amount(text: string | undefined): number {
  return text === undefined ? 0 : Number(text.replace(",", "."));
}

/**
 * Converts an ISO-8601 duration to milliseconds. Weeks, days, hours, minutes and seconds are
 * supported (a day is 24 hours: rules work on absolute instants); years and months are rejected
 * because their length depends on the calendar.
 *
 * @example parseDuration("P1DT2H30M") // 95_400_000
 * @example parseDuration("PT45S")     // 45_000
 * @example parseDuration("P2W")       // 1_209_600_000
 */
export function parseDuration(iso: string): number {
  if (typeof iso !== "string") {
    throw new RuleError(`A duration must be an ISO-8601 text like "PT2H" or "P90D", got ${JSON.stringify(iso) ?? String(iso)}`);
  }
  const match = durationPattern.exec(iso);
  if (match === null || iso === "P" || iso.endsWith("T")) {
    if (calendarPattern.test(iso)) {
      throw new RuleError(
        `Duration "${iso}" uses years or months, whose length varies; write it in days or weeks instead (e.g. "P30D")`,
      );
    }
    throw new RuleError(
      `"${iso}" is not an ISO-8601 duration; write e.g. "PT2H" (2 hours), "P90D" (90 days) or "P1DT2H30M"`,
    );
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  return (
    amount(weeks) * msPer.W +
    amount(days) * msPer.D +
    amount(hours) * msPer.H +
    amount(minutes) * msPer.M +
    amount(seconds) * msPer.S
  );
}
