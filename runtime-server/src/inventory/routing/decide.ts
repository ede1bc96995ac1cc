/**
 * Routing decisions, without I/O: which warehouse ships an order, and how to
 * split an order no single warehouse can ship. Given the same candidates
 * they always decide the same (ties end on the warehouse id), and every
 * candidate gets a reason staff can read in the order's timeline.
 *
 * The rules, in the order of `criteria` (default: nearest, then cheapest,
 * then by priority): a warehouse must hold every line; nearer is same city,
 * then same province, then same area (华东, 华南…), then anywhere; cheaper
 * is a lower cost per parcel; a smaller priority number is preferred.
 */
import type { LocalizedMessage } from "@orderflow/engine";
import type { Shortage } from "../errors";
import { compareText, mergeLines, type OrderLine } from "../lines";
import { AREA_NAMES, findProvince, sameCity } from "./regions";

export interface Candidate {
  id: string;
  province: string;
  city: string | null;
  priority: number;
  costPerParcel: number;
  /** Free units (on hand − reserved) per SKU. */
  available: Readonly<Record<string, number>>;
}

export interface Destination {
  province?: string | null;
  city?: string | null;
}

export interface RoutingOrder {
  lines: readonly OrderLine[];
  address?: Destination | null;
}

export type Criterion = "proximity" | "cost" | "priority";

/** Named orders of the criteria, as a flow's designer picks them. */
export const STRATEGIES: Readonly<Record<"nearest" | "cheapest" | "priority", readonly Criterion[]>> = {
  nearest: ["proximity", "cost", "priority"],
  cheapest: ["cost", "proximity", "priority"],
  priority: ["priority", "proximity", "cost"],
};

export interface RoutingOptions {
  criteria?: readonly Criterion[];
}

export type Proximity = "same_city" | "same_province" | "same_area" | "elsewhere" | "unknown";

export interface Verdict {
  warehouse: string;
  canShip: boolean;
  proximity: Proximity;
  /** The lines this warehouse cannot ship in full. */
  missing: Shortage[];
  reason: LocalizedMessage;
}

export interface WarehouseDecision {
  /** Undefined when no single warehouse holds every line (see planSplit). */
  chosen: string | undefined;
  /** Every candidate, best first. */
  verdicts: Verdict[];
}

/**
 * @example
 * decideWarehouse({ lines: [{ sku: "TEA-LJ-250", quantity: 2 }], address: { province: "浙江省", city: "杭州市" } }, candidates)
 * // → { chosen: "HZ-01", verdicts: [{ warehouse: "HZ-01", reason: { en: "chosen: same city, …" } }, …] }
 */
export function decideWarehouse(order: RoutingOrder, candidates: readonly Candidate[], options: RoutingOptions = {}): WarehouseDecision {
  const lines = mergeLines(order.lines);
  const compare = comparator(options.criteria ?? STRATEGIES.nearest);
  const assessed = candidates.map((candidate) => ({ candidate, proximity: proximityOf(candidate, order.address), missing: missingLines(candidate, lines) }));
  assessed.sort((a, b) => Number(a.missing.length > 0) - Number(b.missing.length > 0) || compare(a, b));
  const best = assessed[0]?.missing.length === 0 ? assessed[0] : undefined;
  const verdicts = assessed.map((entry): Verdict => {
    const { candidate, proximity, missing } = entry;
    const base = { warehouse: candidate.id, canShip: missing.length === 0, proximity, missing };
    if (missing.length > 0) {
      return {
        ...base,
        reason: {
          zh: `缺货：${missing.map((m) => `${m.sku} 需要 ${m.requested}，可用 ${m.available}`).join("；")}`,
          en: `cannot ship: ${missing.map((m) => `${m.sku} needs ${m.requested}, has ${m.available}`).join("; ")}`,
        },
      };
    }
    if (entry === best) {
      const where = describeProximity(proximity, candidate, order.address);
      return {
        ...base,
        reason: {
          zh: `选中：${where.zh}，每件运费 ${money(candidate.costPerParcel)} 元，优先级 ${candidate.priority}`,
          en: `chosen: ${where.en}, ${money(candidate.costPerParcel)} yuan per parcel, priority ${candidate.priority}`,
        },
      };
    }
    return { ...base, reason: whyNot(entry, best!, options.criteria ?? STRATEGIES.nearest, order.address) };
  });
  return { chosen: best?.candidate.id, verdicts };
}

export interface SplitPart {
  warehouse: string;
  lines: OrderLine[];
}

export type SplitPlan = { ok: true; parts: SplitPart[] } | { ok: false; shortages: Shortage[] };

/**
 * Splits an order into as few parcels as it can: each round takes the
 * warehouse that ships the most lines in full (then the most units, then the
 * best by the criteria) and gives it everything it can still ship; a line
 * is divided between warehouses only when none holds all of it. An order
 * one warehouse can ship comes back as one part, from the warehouse
 * `decideWarehouse` would choose. When all warehouses together are short,
 * the plan names each SKU and the shortfall instead.
 */
export function planSplit(order: RoutingOrder, candidates: readonly Candidate[], options: RoutingOptions = {}): SplitPlan {
  const lines = mergeLines(order.lines);
  const shortages = lines.flatMap((line): Shortage[] => {
    const available = candidates.reduce((sum, candidate) => sum + freeOf(candidate, line.sku), 0);
    return available < line.quantity ? [{ sku: line.sku, requested: line.quantity, available }] : [];
  });
  if (shortages.length > 0) return { ok: false, shortages };

  const compare = comparator(options.criteria ?? STRATEGIES.nearest);
  const remaining = new Map(lines.map((line) => [line.sku, line.quantity]));
  let unused = candidates.map((candidate) => ({ candidate, proximity: proximityOf(candidate, order.address) }));
  const parts: SplitPart[] = [];
  while ([...remaining.values()].some((quantity) => quantity > 0)) {
    const scored = unused.map((entry) => {
      let whole = 0;
      let units = 0;
      for (const [sku, quantity] of remaining) {
        const free = Math.min(freeOf(entry.candidate, sku), quantity);
        units += free;
        if (quantity > 0 && free === quantity) whole++;
      }
      return { ...entry, whole, units };
    });
    scored.sort((a, b) => b.whole - a.whole || b.units - a.units || compare(a, b));
    const pick = scored[0]!;
    const part: SplitPart = { warehouse: pick.candidate.id, lines: [] };
    for (const [sku, quantity] of remaining) {
      const take = Math.min(freeOf(pick.candidate, sku), quantity);
      if (take > 0) {
        part.lines.push({ sku, quantity: take });
        remaining.set(sku, quantity - take);
      }
    }
    parts.push(part);
    unused = unused.filter((entry) => entry.candidate !== pick.candidate);
  }
  return { ok: true, parts };
}

interface Ranked {
  candidate: Candidate;
  proximity: Proximity;
}

const PROXIMITY_RANK: Readonly<Record<Proximity, number>> = { same_city: 0, same_province: 1, same_area: 2, elsewhere: 3, unknown: 3 };

function comparator(criteria: readonly Criterion[]): (a: Ranked, b: Ranked) => number {
  return (a, b) => {
    for (const criterion of criteria) {
      const difference = differenceBy(criterion, a, b);
      if (difference !== 0) return difference;
    }
    return compareText(a.candidate.id, b.candidate.id);
  };
}

function differenceBy(criterion: Criterion, a: Ranked, b: Ranked): number {
  switch (criterion) {
    case "proximity":
      return PROXIMITY_RANK[a.proximity] - PROXIMITY_RANK[b.proximity];
    case "cost":
      return a.candidate.costPerParcel - b.candidate.costPerParcel;
    case "priority":
      return a.candidate.priority - b.candidate.priority;
  }
}

function whyNot(entry: Ranked, best: Ranked, criteria: readonly Criterion[], address: Destination | null | undefined): LocalizedMessage {
  const other = best.candidate.id;
  const criterion = criteria.find((each) => differenceBy(each, entry, best) !== 0);
  switch (criterion) {
    case "proximity": {
      const here = describeProximity(entry.proximity, entry.candidate, address);
      const there = describeProximity(best.proximity, best.candidate, address);
      return { zh: `可发货，但比 ${other} 远（${here.zh}，对方${there.zh}）`, en: `can ship, but farther than ${other} (${here.en}, against ${there.en})` };
    }
    case "cost": {
      const [here, there] = [money(entry.candidate.costPerParcel), money(best.candidate.costPerParcel)];
      return { zh: `可发货，但运费高于 ${other}（每件 ${here} 元，对方 ${there} 元）`, en: `can ship, but costs more than ${other} (${here} against ${there} yuan per parcel)` };
    }
    case "priority":
      return {
        zh: `可发货，但优先级低于 ${other}（${entry.candidate.priority}，对方 ${best.candidate.priority}）`,
        en: `can ship, but ranks below ${other} by priority (${entry.candidate.priority} against ${best.candidate.priority})`,
      };
    case undefined:
      return { zh: `可发货，与 ${other} 条件相同，按仓库编号排在其后`, en: `can ship, ties with ${other} and comes after it by warehouse id` };
  }
}

function proximityOf(candidate: Candidate, address: Destination | null | undefined): Proximity {
  const to = findProvince(address?.province);
  if (!to) return "unknown";
  const from = findProvince(candidate.province);
  if (!from) return "elsewhere";
  if (from.code === to.code) return sameCity(candidate.city, address?.city) ? "same_city" : "same_province";
  return from.area === to.area ? "same_area" : "elsewhere";
}

function describeProximity(proximity: Proximity, candidate: Candidate, address: Destination | null | undefined): { zh: string; en: string } {
  const province = findProvince(candidate.province);
  switch (proximity) {
    case "same_city":
      return { zh: `同城（${candidate.city}）`, en: `same city (${candidate.city})` };
    case "same_province":
      return { zh: `同省（${province!.name.zh}）`, en: `same province (${province!.name.en})` };
    case "same_area":
      return { zh: `同区域（${AREA_NAMES[province!.area].zh}）`, en: `same area (${AREA_NAMES[province!.area].en})` };
    case "elsewhere":
      return { zh: "跨区域", en: "another area" };
    case "unknown":
      return { zh: `收货省份不明（${address?.province ?? "未填"}）`, en: `the address names no known province (${address?.province ?? "none given"})` };
  }
}

function missingLines(candidate: Candidate, lines: readonly OrderLine[]): Shortage[] {
  return lines.flatMap((line) => {
    const available = freeOf(candidate, line.sku);
    return available < line.quantity ? [{ sku: line.sku, warehouse: candidate.id, requested: line.quantity, available }] : [];
  });
}

function freeOf(candidate: Candidate, sku: string): number {
  return Math.max(0, candidate.available[sku] ?? 0);
}

function money(amount: number): string {
  return amount.toFixed(2);
}
