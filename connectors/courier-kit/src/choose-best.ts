/**
 * Picks one quote out of several couriers' by a rule staff choose: the
 * cheapest, the fastest, or the first courier of a priority list that quoted.
 * Pure and deterministic: equal quotes are ordered by the next criterion,
 * then by courier id and service code, so the same quotes always give the
 * same choice, and the reason says why in words staff read.
 *
 * @example chooseBest(quotes, { priority: ["sf_express", "zto"] }).reason.en // "sf_express is first in the priority list"
 */
import { toMinorUnits, type LocalizedText } from "@orderflow/connector-sdk";
import type { Quote } from "./courier-actions";

export type ChoiceRule = "cheapest" | "fastest" | { priority: readonly string[] };

export interface Choice {
  chosen: Quote;
  /** Every quote, best first. */
  ranked: Quote[];
  reason: LocalizedText;
}

type Compare = (a: Quote, b: Quote) => number;

const byPrice: Compare = (a, b) => {
  const d = toMinorUnits(a.price) - toMinorUnits(b.price);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
const byPromise: Compare = (a, b) => Date.parse(a.promisedBy) - Date.parse(b.promisedBy);
const byName: Compare = (a, b) => codeUnitOrder(a.courier, b.courier) || codeUnitOrder(a.service, b.service);

function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function chooseBest(quotes: readonly Quote[], rule: ChoiceRule): Choice {
  if (quotes.length === 0) throw new RangeError("chooseBest needs at least one quote: no courier quoted for this parcel (check the destination and weight)");
  const currencies = new Set(quotes.map((q) => q.currency));
  if (currencies.size > 1) throw new RangeError(`the quotes are in different currencies (${[...currencies].join(", ")}): they cannot be compared by price`);
  if (rule === "cheapest") {
    const ranked = [...quotes].sort((a, b) => byPrice(a, b) || byPromise(a, b) || byName(a, b));
    const chosen = ranked[0]!;
    const tie = ranked.length > 1 && byPrice(chosen, ranked[1]!) === 0;
    return {
      chosen,
      ranked,
      reason: {
        zh: `${chosen.courier} ${chosen.serviceName} 最便宜（${chosen.price} ${chosen.currency}）${tie ? "，同价中最快" : ""}`,
        en: `${chosen.courier} ${chosen.serviceName} is the cheapest (${chosen.price} ${chosen.currency})${tie ? ", and the fastest of those at that price" : ""}`,
      },
    };
  }
  if (rule === "fastest") {
    const ranked = [...quotes].sort((a, b) => byPromise(a, b) || byPrice(a, b) || byName(a, b));
    const chosen = ranked[0]!;
    const tie = ranked.length > 1 && byPromise(chosen, ranked[1]!) === 0;
    return {
      chosen,
      ranked,
      reason: {
        zh: `${chosen.courier} ${chosen.serviceName} 最快（承诺 ${chosen.promisedBy} 前送达）${tie ? "，同时效中最便宜" : ""}`,
        en: `${chosen.courier} ${chosen.serviceName} is the fastest (promised by ${chosen.promisedBy})${tie ? ", and the cheapest of those as fast" : ""}`,
      },
    };
  }
  const place = (q: Quote) => {
    const index = rule.priority.indexOf(q.courier);
    return index === -1 ? rule.priority.length : index;
  };
  const ranked = [...quotes].sort((a, b) => place(a) - place(b) || byPrice(a, b) || byPromise(a, b) || byName(a, b));
  const chosen = ranked[0]!;
  const listed = place(chosen) < rule.priority.length;
  return {
    chosen,
    ranked,
    reason: listed
      ? {
          zh: `${chosen.courier} 是优先级列表中第一个有报价的快递（${chosen.serviceName}，${chosen.price} ${chosen.currency}）`,
          en: `${chosen.courier} is the first courier in the priority list that quoted (${chosen.serviceName}, ${chosen.price} ${chosen.currency})`,
        }
      : {
          zh: `优先级列表中的快递都没有报价，改选最便宜的 ${chosen.courier}（${chosen.price} ${chosen.currency}）`,
          en: `no courier in the priority list quoted; ${chosen.courier} is the cheapest of the others (${chosen.price} ${chosen.currency})`,
        },
  };
}
