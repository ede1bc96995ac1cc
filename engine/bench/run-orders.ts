/**
 * One order of the order-fulfilment template driven through the pure step
 * API from intake to delivery, as a host drives it: the work `npm run
 * bench:engine` times, and the yardstick `npm run bench:server` prints
 * beside its figures so runs on machines of different speed can be compared.
 */
import { readFileSync } from "node:fs";
import { applyEvent, compileFlow, startInstance, type CompiledFlow, type InstanceEvent, type InstanceSnapshot, type StepResult } from "../src/index";

const template = (name: string) => JSON.parse(readFileSync(new URL(`../../templates/order-fulfilment/${name}`, import.meta.url), "utf8"));

const flow = template("flow.json");
const sample = template("events.json");
const compiled = compileFlow(flow);
const start = Date.parse(sample.start);

/**
 * Runs one order from intake to delivery; returns how many events it took
 * (the start included). Every step's snapshot is serialised as a host writes
 * it. `cold`: every event also parses the stored text back, as a host that
 * does not keep the instance in memory must.
 */
export function runOrder(compiled: CompiledFlow, index: number, cold: boolean): number {
  let now = start;
  let snapshot: InstanceSnapshot | undefined;
  let stored = "";
  let events = 0;
  const keep = (step: StepResult) => {
    snapshot = step.snapshot;
    stored = JSON.stringify(step.snapshot);
    events++;
    return step;
  };
  const input = { ...sample.input, orderNo: `DB${index}` };
  const load = (): InstanceSnapshot => (cold ? (JSON.parse(stored) as InstanceSnapshot) : snapshot!);
  const send = (event: InstanceEvent) => keep(applyEvent(compiled, { snapshot: load(), input }, event, (now += 1000)));
  const effectKey = (step: StepResult, type: string) => step.effects.find((e) => e.type === type)!.key;

  let step = keep(startInstance(compiled, { instanceId: `bench-${index}`, input, now }));
  step = send({ type: "action.result", key: effectKey(step, "action.invoke"), ok: true, output: { reservationId: `R${index}`, warehouse: "SH-01" } });
  step = send({ type: "task.submitted", key: effectKey(step, "task.open"), data: sample.steps[1].data });
  step = send({ type: "task.submitted", key: effectKey(step, "task.open"), data: sample.steps[3].data });
  step = send({ type: "action.result", key: effectKey(step, "action.invoke"), ok: true, output: { courier: "sf_express", service: "2" } });
  step = send({ type: "action.result", key: effectKey(step, "action.invoke"), ok: true, output: { courier: "sf_express", trackingNo: `SF${index}`, service: "2" } });
  step = send({ type: "action.result", key: effectKey(step, "action.invoke"), ok: true, output: { trackingNo: `SF${index}` } });
  step = send({ type: "action.result", key: effectKey(step, "action.invoke"), ok: true, output: {} });
  step = send({ type: "message", event: "parcel.delivered", correlation: `SF${index}` });
  if (step.status !== "completed") throw new Error(`bench order ${index} ended ${step.status}, waiting at ${step.waitingAt.join(", ")}`);
  return events;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Seconds of CPU this process used while `work` ran. Rates per CPU second are
 * what one core does, whatever else the shared machine is running at the
 * time; they include V8's own helper threads, so they err on the low side.
 */
export function cpuSeconds(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/** Median events per CPU second over `rounds` rounds, warm and cold rounds interleaved so both see the same machine. */
export function benchEngine(rounds = 7): { warm: number; cold: number } {
  for (let i = 0; i < 500; i++) runOrder(compiled, i, i % 2 === 0);
  const warm: number[] = [];
  const cold: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [rates, isCold] of [[warm, false], [cold, true]] as const) {
      let events = 0;
      const seconds = cpuSeconds(() => {
        for (let i = 0; i < 1500; i++) events += runOrder(compiled, i, isCold);
      });
      rates.push(events / seconds);
    }
  }
  return { warm: median(warm), cold: median(cold) };
}
