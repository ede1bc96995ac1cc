import { describe, expect, it } from "vitest";
import { fromChinaTime } from "./china-time";

describe("fromChinaTime", () => {
  it("gives a courier's local time its +08:00 offset, so it compares with other couriers' times", () => {
    expect(fromChinaTime("2026-11-23 10:05:00")).toBe("2026-11-23T10:05:00+08:00");
    expect(Date.parse(fromChinaTime("2026-11-23 00:30:00")!)).toBe(Date.parse("2026-11-22T16:30:00Z"));
  });

  it("reads nothing else as a time", () => {
    expect(fromChinaTime("2026-11-23")).toBeNull();
    expect(fromChinaTime("1795000000000")).toBeNull();
    expect(fromChinaTime("23/11/2026 10:05")).toBeNull();
  });
});
