import { describe, expect, it } from "vitest";
import { chooseBest } from "./choose-best";
import type { Quote } from "./courier-actions";

const quote = (courier: string, service: string, price: string, promisedBy: string): Quote => ({
  courier,
  service,
  serviceName: service,
  price,
  currency: "CNY",
  chargeableWeightKg: 1,
  promisedDays: 1,
  promisedBy,
});

const sf = quote("sf_express", "2", "23.00", "2026-11-23T18:00:00+08:00");
const zto = quote("zto", "standard", "8.50", "2026-11-25T18:00:00+08:00");
const local = quote("table_rate_courier", "standard", "8.50", "2026-11-24T18:00:00+08:00");

describe("chooseBest", () => {
  it("picks the cheapest, the faster of two at the same price, and says so", () => {
    const choice = chooseBest([sf, zto, local], "cheapest");
    expect(choice.chosen).toBe(local);
    expect(choice.ranked).toEqual([local, zto, sf]);
    expect(choice.reason.en).toBe("table_rate_courier standard is the cheapest (8.50 CNY), and the fastest of those at that price");
    expect(choice.reason.zh).toContain("最便宜");
  });

  it("compares prices exactly, not as text", () => {
    expect(chooseBest([quote("a", "x", "10.00", sf.promisedBy), quote("b", "x", "9.90", sf.promisedBy)], "cheapest").chosen.courier).toBe("b");
  });

  it("picks the fastest by promised time, whatever the offset it is written with", () => {
    const early = quote("b", "x", "30.00", "2026-11-23T09:00:00Z");
    expect(chooseBest([sf, early], "fastest").chosen).toBe(early);
    expect(chooseBest([zto, local], "fastest").reason.en).toMatch(/^table_rate_courier standard is the fastest/);
  });

  it("breaks a full tie by courier id and service, whatever order the quotes came in", () => {
    const a = quote("a", "1", "5.00", sf.promisedBy);
    const b = quote("b", "1", "5.00", sf.promisedBy);
    expect(chooseBest([b, a], "cheapest").chosen).toBe(a);
    expect(chooseBest([a, b], "fastest").chosen).toBe(a);
  });

  it("follows a priority list, cheapest service of the first listed courier that quoted, else the cheapest of the rest", () => {
    const sfEconomy = quote("sf_express", "1", "15.00", "2026-11-24T18:00:00+08:00");
    const choice = chooseBest([zto, sf, sfEconomy], { priority: ["yto", "sf_express", "zto"] });
    expect(choice.chosen).toBe(sfEconomy);
    expect(choice.ranked.map((q) => q.price)).toEqual(["15.00", "23.00", "8.50"]);
    expect(choice.reason.en).toContain("first courier in the priority list that quoted");
    expect(chooseBest([zto, sf], { priority: ["jd"] }).reason.en).toBe("no courier in the priority list quoted; zto is the cheapest of the others (8.50 CNY)");
  });

  it("refuses nothing to choose from, and prices in different currencies", () => {
    expect(() => chooseBest([], "cheapest")).toThrow(/no courier quoted/);
    expect(() => chooseBest([sf, { ...zto, currency: "USD" }], "cheapest")).toThrow(/different currencies \(CNY, USD\)/);
  });
});
