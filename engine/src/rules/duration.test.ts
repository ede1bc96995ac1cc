import { describe, expect, it } from "vitest";
import { parseDuration, RuleError } from "./index";

describe("parseDuration", () => {
  it.each([
    ["P1DT2H30M", 95_400_000],
    ["PT45S", 45_000],
    ["P2W", 1_209_600_000],
    ["P90D", 7_776_000_000],
    ["PT2H", 7_200_000],
    ["PT0.5S", 500],
    ["PT1,5H", 5_400_000],
    ["P1W2D", 777_600_000],
    ["PT0S", 0],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "P", "PT", "P1DT", "1D", "PT2h", "-P1D", "P1H", "PT1D", " PT2H", "P1.D"])("refuses %j", (text) => {
    expect(() => parseDuration(text)).toThrow(RuleError);
    expect(() => parseDuration(text)).toThrow(/not an ISO-8601 duration/);
  });

  it("refuses years and months, whose length varies, and says what to write instead", () => {
    expect(() => parseDuration("P1M")).toThrow(/years or months.*"P30D"/);
    expect(() => parseDuration("P1Y2D")).toThrow(/years or months/);
  });

  it("refuses values that are not text", () => {
    expect(() => parseDuration(7200 as unknown as string)).toThrow(/ISO-8601 text/);
  });
});
