/**
 * Rule evaluations per second on a realistic order-audit rule set: the compiled evaluator against
 * json-logic-js, in the same run. An evaluation is one audit rule applied to one order.
 *
 * Two versions of the same six checks are measured:
 * - `custom`: written as rules are written here, with the custom operators (`matches`, `count`,
 *   `minutes_since`, `hours_since`, clock injected through the options). json-logic-js cannot run it.
 * - `standard`: the same checks with json-logic-js's operators only (the clock passed in the data as
 *   `nowMs`); both evaluators run it, so the ratio compares like with like.
 * Before timing, the bench asserts that json-logic-js and the compiled evaluator agree on the
 * standard set and that both sets reach the same verdicts. Figures are evaluations per CPU-second,
 * medians of interleaved timed rounds after a warm-up. `npx tsx engine/bench/rules-bench.ts` prints them.
 *
 * A second section times what a decision node does for every condition it checks: `explainRule`
 * against `evaluateRule` on the two conditions of the order-fulfilment template's `audit` node,
 * with the template's sample order.
 */
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { pathToFileURL } from "node:url";
import jsonLogic from "json-logic-js";
import { compileRule, evaluateRule, explainRule, isTruthy, type CompiledRule } from "../src/rules/index";
import { cpuSeconds } from "./run-orders";

export interface RulesBenchResult {
  /** Compiled evaluator on the standard-operator rule set, evaluations per second. */
  rulesPerSecond: number;
  /** json-logic-js on the same rule set. */
  jsonLogicJsPerSecond: number;
  /** rulesPerSecond / jsonLogicJsPerSecond. */
  ratio: number;
  /** Compiled evaluator on the custom-operator rule set (the way rules are written here). */
  customRulesPerSecond: number;
  /** explainRule time ÷ evaluateRule time on the template's audit conditions (the larger of the two). */
  explainOverhead: number;
}

/** Microseconds per call of evaluateRule and explainRule on one audit condition. */
export interface ExplainTiming {
  condition: number;
  evaluateMicros: number;
  explainMicros: number;
}

const hour = 3_600_000;
const nowMs = Date.parse("2024-11-11T20:00:00+08:00");
const blacklist = ["刷单", "代付", "好评返现", "加微信"];
const phone = { var: "order.address.phone" };
const note = { var: "order.buyerNote" };
const addressFields = ["province", "city", "district", "detail"].map((field) => ({ "!!": { var: `order.address.${field}` } }));

const customRules: Record<string, unknown> = {
  addressComplete: { and: [...addressFields, { matches: [phone, "^1[3-9]\\d{9}$"] }] },
  paid: { "==": [{ var: "order.payment.status" }, "paid"] },
  positiveTotal: { ">": [{ var: "order.total" }, 0] },
  sameIpLastHour: { "<=": [{ count: [{ var: "sameIpOrders" }, { "<=": [{ minutes_since: { var: "createdAt" } }, 60] }] }, 3] },
  cleanNote: { "!": { matches: [note, blacklist.join("|")] } },
  waitingOverTwoHours: { ">": [{ hours_since: { var: "order.createdAt" } }, 2] },
};

const standardRules: Record<string, unknown> = {
  addressComplete: {
    and: [
      ...addressFields,
      { "==": [{ substr: [phone, 0, 1] }, "1"] },
      { in: [{ substr: [phone, 1, 1] }, ["3", "4", "5", "6", "7", "8", "9"]] },
      { "!=": [{ substr: [phone, 10] }, ""] },
      { "==": [{ substr: [phone, 11] }, ""] },
      { "===": [{ cat: [{ "+": [phone] }] }, phone] }, // only digits: parsing and printing gives it back
    ],
  },
  paid: customRules.paid,
  positiveTotal: customRules.positiveTotal,
  // Without a scope escape, the cut-off travels in the accumulator: [count, cutoff]; the outer reduce takes [0].
  sameIpLastHour: {
    "<=": [
      {
        reduce: [
          [
            {
              reduce: [
                { var: "sameIpOrders" },
                {
                  if: [
                    { ">=": [{ var: "current.createdAtMs" }, { var: "accumulator.1" }] },
                    [{ "+": [{ var: "accumulator.0" }, 1] }, { var: "accumulator.1" }],
                    { var: "accumulator" },
                  ],
                },
                [0, { "-": [{ var: "nowMs" }, hour] }],
              ],
            },
          ],
          { var: "current.0" },
          0,
        ],
      },
      3,
    ],
  },
  cleanNote: { "!": { or: blacklist.map((word) => ({ in: [word, note] })) } },
  waitingOverTwoHours: { ">": [{ "-": [{ var: "nowMs" }, { var: "order.createdAtMs" }] }, 2 * hour] },
};

/** Deterministic pseudo-random numbers, so every run audits the same orders. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function orders(count: number): unknown[] {
  const next = random(42);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const at = (msAgo: number) => ({ createdAt: new Date(nowMs - msAgo).toISOString(), createdAtMs: nowMs - msAgo });
  return Array.from({ length: count }, (_, i) => {
    const created = at(next() * 5 * hour);
    return {
      nowMs,
      order: {
        id: `TB${100_000 + i}`,
        total: pick([0, 59.9, 1280, 3999]),
        ...created,
        payment: { status: pick(["paid", "paid", "paid", "pending", "refunded"]) },
        buyerNote: pick(["", "请尽快发货", "周末送货", "可以代付吗", "加微信返现 好评返现", "no rush"]),
        address: {
          province: pick(["上海市", "浙江省", "广东省", ""]),
          city: pick(["上海市", "杭州市", "深圳市"]),
          district: pick(["浦东新区", "西湖区", ""]),
          detail: pick(["张江路 88 号 3 楼", "文三路 478 号", ""]),
          phone: pick(["13812345678", "15900001111", "1381234567", "12812345678", "1381234567x", "021-5555666"]),
        },
      },
      sameIpOrders: Array.from({ length: Math.floor(next() * 7) }, () => at(next() * 3 * hour)),
    };
  });
}

type Evaluate = (rule: number, data: unknown) => unknown;

/**
 * Evaluations per CPU-second for each contender: the contenders take turns round by round (so
 * they see the same machine conditions) and each figure is the median of its timed rounds.
 */
function measure(contenders: readonly Evaluate[], ruleCount: number, samples: readonly unknown[]): number[] {
  let held = 0;
  const round = (evaluate: Evaluate, evaluations: number): number =>
    evaluations /
    cpuSeconds(() => {
      for (let i = 0; i < evaluations; i++) if (isTruthy(evaluate(i % ruleCount, samples[i % samples.length]))) held++;
    });
  // Size each contender's rounds to about a fifth of a second from a short calibration.
  const sizes = contenders.map((evaluate) => Math.max(10_000, Math.round(round(evaluate, 20_000) / 5)));
  const rates = contenders.map((): number[] => []);
  for (let r = 0; r < 9; r++) {
    contenders.forEach((evaluate, i) => {
      const rate = round(evaluate, sizes[i] as number);
      if (r >= 2) rates[i]?.push(rate); // the first two rounds warm up
    });
  }
  if (held < 0) throw new Error("unreachable: keeps the results alive");
  return rates.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] as number);
}

function verify(names: readonly string[], compiledStandard: CompiledRule[], compiledCustom: CompiledRule[], samples: readonly unknown[]): void {
  for (const data of samples) {
    names.forEach((name, i) => {
      const ours = compiledStandard[i]?.evaluate(data);
      const reference = jsonLogic.apply(standardRules[name] as jsonLogic.RulesLogic, data);
      if (!isDeepStrictEqual(ours, reference)) throw new Error(`${name}: compiled ${String(ours)} vs json-logic-js ${String(reference)}`);
      const custom = compiledCustom[i]?.evaluate(data, { now: nowMs });
      if (isTruthy(custom) !== isTruthy(ours)) throw new Error(`${name}: custom and standard rule sets disagree on ${JSON.stringify(data)}`);
    });
  }
}

const template = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../templates/order-fulfilment/${name}`, import.meta.url), "utf8"));

/** evaluateRule vs explainRule on each condition of the template's `audit` decision node. */
export function benchExplain(): ExplainTiming[] {
  const flow = template("flow.json") as { nodes: { id: string; conditions?: { when: unknown }[] }[] };
  const sample = template("events.json") as { start: string; input: unknown };
  const conditions = flow.nodes.find((node) => node.id === "audit")?.conditions ?? [];
  if (conditions.length === 0) throw new Error("the order-fulfilment template has no audit conditions");
  const data = [{ input: sample.input }];
  const options = { now: Date.parse(sample.start) };
  return conditions.map(({ when }, condition) => {
    const explained = explainRule(when, data[0], options);
    if (!isDeepStrictEqual(explained.result, evaluateRule(when, data[0], options))) throw new Error(`audit condition ${condition}: explain and evaluate disagree`);
    const [evaluations, explanations] = measure(
      [(_i, input) => evaluateRule(when, input, options), (_i, input) => explainRule(when, input, options).lines],
      1,
      data,
    ) as [number, number];
    return { condition, evaluateMicros: 1e6 / evaluations, explainMicros: 1e6 / explanations };
  });
}

/** The larger explain ÷ evaluate ratio among the timed conditions. */
const overheadOf = (timings: readonly ExplainTiming[]): number => Math.max(...timings.map((t) => t.explainMicros / t.evaluateMicros));

/** The rule-set figures, then the explain timings they include (measured after, on a warm evaluator). */
export async function benchRulesDetailed(): Promise<{ result: RulesBenchResult; explainTimings: ExplainTiming[] }> {
  const samples = orders(64);
  const names = Object.keys(customRules);
  const standard = names.map((name) => standardRules[name]);
  const compiledStandard = standard.map((rule) => compileRule(rule));
  const compiledCustom = names.map((name) => compileRule(customRules[name]));
  verify(names, compiledStandard, compiledCustom, samples);

  const options = { now: nowMs };
  const [rulesPerSecond, jsonLogicJsPerSecond, customRulesPerSecond] = measure(
    [
      (i, data) => (compiledStandard[i] as CompiledRule).evaluate(data),
      (i, data) => jsonLogic.apply(standard[i] as jsonLogic.RulesLogic, data),
      (i, data) => (compiledCustom[i] as CompiledRule).evaluate(data, options),
    ],
    names.length,
    samples,
  ) as [number, number, number];
  const explainTimings = benchExplain();
  const explainOverhead = overheadOf(explainTimings);
  return {
    result: { rulesPerSecond, jsonLogicJsPerSecond, ratio: rulesPerSecond / jsonLogicJsPerSecond, customRulesPerSecond, explainOverhead },
    explainTimings,
  };
}

export async function benchRules(): Promise<RulesBenchResult> {
  return (await benchRulesDetailed()).result;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { result, explainTimings } = await benchRulesDetailed();
  const rate = (value: number): string => `${Math.round(value).toLocaleString("en")}/s`;
  console.log("order audit, 6 rules × 64 orders; evaluations per CPU-second, median of 7 interleaved rounds");
  console.log(`  compiled, standard operators:  ${rate(result.rulesPerSecond)}`);
  console.log(`  json-logic-js, same rules:     ${rate(result.jsonLogicJsPerSecond)}`);
  console.log(`  ratio:                         ${result.ratio.toFixed(1)}× (target ≥ 10×)`);
  console.log(`  compiled, custom operators:    ${rate(result.customRulesPerSecond)}`);
  console.log("order-fulfilment template, audit node, sample order; µs per call, median of 7 interleaved rounds");
  for (const { condition, evaluateMicros, explainMicros } of explainTimings) {
    const ratio = (explainMicros / evaluateMicros).toFixed(1);
    console.log(`  condition ${condition}: evaluate ${evaluateMicros.toFixed(2)} µs, explain ${explainMicros.toFixed(2)} µs (${ratio}×)`);
  }
  console.log(`  explain overhead:              ${result.explainOverhead.toFixed(1)}× (target ≤ 5×)`);
}
