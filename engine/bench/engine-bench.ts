/**
 * `npm run bench:engine`: events per second through the pure step API on the
 * order-fulfilment template (13 nodes), each step storing its snapshot as
 * JSON text and loading it back, as a host does (the order itself, the
 * instance's input, is stored once at the start and kept by the host, as the
 * server keeps it in its orders table); then rule evaluations per
 * second, compiled vs json-logic-js, in the same run. Figures are medians of
 * several rounds after a warm-up, each timed by the CPU time it used (see
 * cpuSeconds in run-orders.ts). The last line is one JSON object.
 */
import { cpus } from "node:os";
import { benchRules } from "./rules-bench";
import { benchEngine } from "./run-orders";

const engine = benchEngine();
const engineEventsPerSecond = Math.round(engine.warm);
const engineColdEventsPerSecond = Math.round(engine.cold);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, one core`);
console.log(`engine: ${engineEventsPerSecond.toLocaleString("en")} events/s through the step API, each snapshot serialised to JSON (target ≥ 20,000)`);
console.log(`engine, cold: ${engineColdEventsPerSecond.toLocaleString("en")} events/s when every event also parses the stored snapshot back`);
if (process.argv.includes("--engine-only")) process.exit(0);
const rules = await benchRules();
console.log(`rules: compiled ${Math.round(rules.rulesPerSecond).toLocaleString("en")}/s, json-logic-js ${Math.round(rules.jsonLogicJsPerSecond).toLocaleString("en")}/s, ${rules.ratio.toFixed(1)}× (target ≥ 10×)`);
console.log(
  JSON.stringify({
    engineEventsPerSecond,
    engineColdEventsPerSecond,
    rulesPerSecond: Math.round(rules.rulesPerSecond),
    jsonLogicJsPerSecond: Math.round(rules.jsonLogicJsPerSecond),
  }),
);
