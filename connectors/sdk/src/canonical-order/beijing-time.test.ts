import { describe, expect, it } from "vitest";
import { fromBeijingTime, toBeijingTime } from "./beijing-time";

describe("Beijing time", () => {
  it("writes a moment as the platforms do, across midnight UTC", () => {
    expect(toBeijingTime(new Date("2026-11-22T01:30:05Z"))).toBe("2026-11-22 09:30:05");
    expect(toBeijingTime(new Date("2026-11-22T17:00:00Z"))).toBe("2026-11-23 01:00:00");
  });

  it("reads the platforms' form as ISO 8601 with its offset, and nothing else", () => {
    expect(fromBeijingTime("2026-11-22 09:30:05")).toBe("2026-11-22T09:30:05+08:00");
    expect(Date.parse(fromBeijingTime("2026-11-23 01:00:00")!)).toBe(Date.parse("2026-11-22T17:00:00Z"));
    expect(fromBeijingTime("2026-11-22T09:30:05")).toBeNull();
    expect(fromBeijingTime("1732240000")).toBeNull();
  });
});
