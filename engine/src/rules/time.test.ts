import { describe, expect, it } from "vitest";
import { RuleError } from "./errors";
import { hourInZone, toEpochMs, weekdayInZone } from "./time";

describe("toEpochMs", () => {
  it.each([
    ["2024-05-01T10:00:00+08:00", Date.UTC(2024, 4, 1, 2)],
    ["2024-05-01T02:00:00Z", Date.UTC(2024, 4, 1, 2)],
    ["2024-05-01 02:00:00.25z", Date.UTC(2024, 4, 1, 2, 0, 0, 250)],
    ["2024-05-01T02:00-0530", Date.UTC(2024, 4, 1, 7, 30)],
    ["2024-02-29T23:59:59.999999+00", Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
  ])("reads %s", (text, ms) => {
    expect(toEpochMs(text)).toBe(ms);
  });

  it("passes epoch milliseconds and Dates through and null as null", () => {
    expect(toEpochMs(1_714_528_800_000)).toBe(1_714_528_800_000);
    expect(toEpochMs(new Date(5))).toBe(5);
    expect(toEpochMs(null)).toBeNull();
    expect(toEpochMs(undefined)).toBeNull();
  });

  it("refuses times without an offset, since their meaning would depend on the server", () => {
    expect(() => toEpochMs("2024-05-01T10:00:00")).toThrow(/UTC offset/);
    expect(() => toEpochMs("2024-05-01")).toThrow(RuleError);
  });

  it.each(["2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00+25:00"])(
    "refuses the impossible %s",
    (text) => {
      expect(() => toEpochMs(text)).toThrow(/not a valid date and time/);
    },
  );

  it.each([[Number.NaN], [true], [{}], ["yesterday"]])("refuses %j", (value) => {
    expect(() => toEpochMs(value)).toThrow(RuleError);
  });
});

describe("zoned fields", () => {
  const instant = Date.UTC(2024, 4, 5, 17, 30); // Sunday 17:30 UTC = Monday 01:30 in Shanghai

  it("reads the hour and ISO weekday in the given zone", () => {
    expect(hourInZone(instant, "Asia/Shanghai")).toBe(1);
    expect(weekdayInZone(instant, "Asia/Shanghai")).toBe(1);
    expect(hourInZone(instant, "UTC")).toBe(17);
    expect(weekdayInZone(instant, "UTC")).toBe(7);
  });

  it("defaults to Asia/Shanghai", () => {
    expect(hourInZone(instant, undefined)).toBe(1);
  });

  it("follows daylight saving time", () => {
    expect(hourInZone(Date.UTC(2024, 0, 15, 12), "America/New_York")).toBe(7);
    expect(hourInZone(Date.UTC(2024, 6, 15, 12), "America/New_York")).toBe(8);
  });

  it("refuses unknown zones", () => {
    expect(() => hourInZone(instant, "Mars/Olympus")).toThrow(/not a known IANA time zone/);
  });
});
