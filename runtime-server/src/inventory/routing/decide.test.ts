import { describe, expect, it } from "vitest";
import { decideWarehouse, planSplit, STRATEGIES, type Candidate } from "./decide";
import { findProvince, sameCity } from "./regions";

function warehouse(id: string, province: string, city: string | null, available: Record<string, number>, more: Partial<Candidate> = {}): Candidate {
  return { id, province, city, priority: 100, costPerParcel: 8, available, ...more };
}

const hangzhou = { province: "浙江省", city: "杭州市" };

describe("regions", () => {
  it("recognise a province however an address writes it", () => {
    for (const text of ["浙江省", "浙江", "Zhejiang", "zhejiang province", "330000", "33", "330100"]) expect(findProvince(text)?.name.zh).toBe("浙江");
    expect(findProvince("广西壮族自治区")?.area).toBe("south");
    expect(findProvince("内蒙古自治区")?.name.en).toBe("Inner Mongolia");
    expect(findProvince("Atlantis")).toBeUndefined();
    expect(findProvince("")).toBeUndefined();
    expect(sameCity("杭州市", "杭州")).toBe(true);
    expect(sameCity("Hangzhou City", "hangzhou")).toBe(true);
    expect(sameCity("330100", "330102")).toBe(true);
    expect(sameCity("杭州市", "宁波市")).toBe(false);
    expect(sameCity(null, null)).toBe(false);
  });
});

describe("choosing a warehouse", () => {
  const order = { lines: [{ sku: "A", quantity: 2 }, { sku: "B", quantity: 1 }], address: hangzhou };

  it("prefers the same city, then province, then area, among warehouses holding every line", () => {
    const candidates = [
      warehouse("GZ-01", "广东省", "广州市", { A: 50, B: 50 }, { costPerParcel: 3 }),
      warehouse("SH-01", "上海市", "上海市", { A: 50, B: 50 }),
      warehouse("NB-01", "浙江省", "宁波市", { A: 50, B: 50 }),
      warehouse("HZ-01", "浙江省", "杭州市", { A: 50, B: 0 }),
    ];
    const decision = decideWarehouse(order, candidates);
    expect(decision.chosen).toBe("NB-01");
    expect(decision.verdicts.map((v) => [v.warehouse, v.proximity, v.canShip])).toEqual([
      ["NB-01", "same_province", true],
      ["SH-01", "same_area", true],
      ["GZ-01", "elsewhere", true],
      ["HZ-01", "same_city", false],
    ]);
    expect(decision.verdicts.map((v) => v.reason.en)).toEqual([
      "chosen: same province (Zhejiang), 8.00 yuan per parcel, priority 100",
      "can ship, but farther than NB-01 (same area (East China), against same province (Zhejiang))",
      "can ship, but farther than NB-01 (another area, against same province (Zhejiang))",
      "cannot ship: B needs 1, has 0",
    ]);
    expect(decision.verdicts[3]!.reason.zh).toBe("缺货：B 需要 1，可用 0");
    expect(decision.verdicts[0]!.reason.zh).toBe("选中：同省（浙江），每件运费 8.00 元，优先级 100");
  });

  it("breaks ties by cost, then priority, then id; other strategies put cost or priority first", () => {
    const candidates = [
      warehouse("SH-02", "上海", null, { A: 9, B: 9 }, { costPerParcel: 6, priority: 1 }),
      warehouse("SH-01", "上海", null, { A: 9, B: 9 }, { costPerParcel: 6, priority: 2 }),
      warehouse("JS-01", "江苏", null, { A: 9, B: 9 }, { costPerParcel: 5, priority: 3 }),
      warehouse("GD-01", "广东", null, { A: 9, B: 9 }, { costPerParcel: 4, priority: 9 }),
    ];
    const shanghai = { ...order, address: { province: "上海市", city: "上海市" } };
    const nearest = decideWarehouse(shanghai, candidates);
    expect(nearest.chosen).toBe("SH-02");
    expect(nearest.verdicts[1]!.reason.en).toBe("can ship, but ranks below SH-02 by priority (2 against 1)");
    expect(decideWarehouse(shanghai, candidates, { criteria: STRATEGIES.cheapest }).chosen).toBe("GD-01");
    const byPriority = decideWarehouse(shanghai, candidates, { criteria: STRATEGIES.priority });
    expect(byPriority.chosen).toBe("SH-02");
    expect(byPriority.verdicts.find((v) => v.warehouse === "GD-01")!.reason.en).toBe("can ship, but ranks below SH-02 by priority (9 against 1)");
    const twins = [warehouse("B-01", "上海", null, { A: 9, B: 9 }), warehouse("A-01", "上海", null, { A: 9, B: 9 })];
    const tie = decideWarehouse(shanghai, twins);
    expect(tie.chosen).toBe("A-01");
    expect(tie.verdicts[1]!.reason.en).toBe("can ship, ties with A-01 and comes after it by warehouse id");
  });

  it("still decides by cost and priority when the address names no known province", () => {
    const decision = decideWarehouse({ ...order, address: { province: "Atlantis" } }, [
      warehouse("X-01", "浙江", null, { A: 9, B: 9 }, { costPerParcel: 9 }),
      warehouse("Y-01", "广东", null, { A: 9, B: 9 }, { costPerParcel: 7 }),
    ]);
    expect(decision.chosen).toBe("Y-01");
    expect(decision.verdicts[0]!.proximity).toBe("unknown");
    expect(decision.verdicts[0]!.reason.en).toContain("the address names no known province (Atlantis)");
  });

  it("chooses none when no single warehouse holds every line, adding up repeated SKUs", () => {
    const decision = decideWarehouse({ lines: [{ sku: "A", quantity: 2 }, { sku: "A", quantity: 2 }], address: hangzhou }, [warehouse("HZ-01", "浙江", "杭州", { A: 3 })]);
    expect(decision.chosen).toBeUndefined();
    expect(decision.verdicts[0]!.reason.en).toBe("cannot ship: A needs 4, has 3");
  });
});

describe("splitting an order", () => {
  it("ships from one warehouse when one can, the same one chooseWarehouse picks", () => {
    const candidates = [warehouse("SH-01", "上海", null, { A: 5, B: 5 }), warehouse("HZ-01", "浙江", "杭州", { A: 5, B: 5 })];
    const order = { lines: [{ sku: "A", quantity: 1 }, { sku: "B", quantity: 1 }], address: hangzhou };
    expect(planSplit(order, candidates)).toEqual({ ok: true, parts: [{ warehouse: "HZ-01", lines: [{ sku: "A", quantity: 1 }, { sku: "B", quantity: 1 }] }] });
    expect(decideWarehouse(order, candidates).chosen).toBe("HZ-01");
  });

  it("uses as few warehouses as it can, whole lines first, nearest on a tie", () => {
    const candidates = [
      warehouse("HZ-01", "浙江", "杭州", { A: 2, B: 0, C: 1 }),
      warehouse("GZ-01", "广东", "广州", { A: 0, B: 4, C: 3 }),
      warehouse("SH-01", "上海", null, { A: 0, B: 4, C: 3 }),
    ];
    const plan = planSplit({ lines: [{ sku: "C", quantity: 3 }, { sku: "A", quantity: 2 }, { sku: "B", quantity: 4 }], address: hangzhou }, candidates);
    expect(plan).toEqual({
      ok: true,
      parts: [
        { warehouse: "SH-01", lines: [{ sku: "B", quantity: 4 }, { sku: "C", quantity: 3 }] },
        { warehouse: "HZ-01", lines: [{ sku: "A", quantity: 2 }] },
      ],
    });
  });

  it("divides a line between warehouses when none holds all of it", () => {
    const candidates = [warehouse("HZ-01", "浙江", "杭州", { A: 6 }), warehouse("SH-01", "上海", null, { A: 7 }), warehouse("GZ-01", "广东", null, { A: 1 })];
    expect(planSplit({ lines: [{ sku: "A", quantity: 10 }], address: hangzhou }, candidates)).toEqual({
      ok: true,
      parts: [
        { warehouse: "SH-01", lines: [{ sku: "A", quantity: 7 }] },
        { warehouse: "HZ-01", lines: [{ sku: "A", quantity: 3 }] },
      ],
    });
  });

  it("names each SKU all warehouses together are short of, and by how much", () => {
    const candidates = [warehouse("HZ-01", "浙江", "杭州", { A: 6, B: 1 }), warehouse("SH-01", "上海", null, { A: 3, B: -2 })];
    expect(planSplit({ lines: [{ sku: "A", quantity: 10 }, { sku: "B", quantity: 1 }, { sku: "C", quantity: 2 }], address: hangzhou }, candidates)).toEqual({
      ok: false,
      shortages: [
        { sku: "A", requested: 10, available: 9 },
        { sku: "C", requested: 2, available: 0 },
      ],
    });
  });
});
