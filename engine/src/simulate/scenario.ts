/**
 * A scenario: the events of one simulated run of a flow, written as JSON by
 * a person (or a test), played on the in-memory host with a simulated clock
 * and fake connector results. `orderflow simulate` and the conformance corpus
 * both read this format.
 *
 * @example
 * {
 *   "start": "2026-11-22T09:00:00+08:00",
 *   "input": { "orderNo": "TB1001", "total": 1280 },
 *   "connectors": { "inventory.reserve": { "ok": true, "output": { "warehouse": "SH" } } },
 *   "steps": [ { "submit": "pick", "data": { "scanned": "6901234567890" } }, { "advance": "PT2H" } ]
 * }
 */
import { parseDuration } from "../rules/index";
import { MemoryHost, type ConnectorReply } from "../interpreter/memory-host";
import type { Effect, HostedInstance, InstanceEvent, InstanceStatus, TraceEntry } from "../interpreter/index";

export type ScenarioReply = ConnectorReply | "pending";

export type ScenarioStep =
  | { advance: string }
  | { until: string }
  | { submit: string; data: Record<string, unknown>; by?: string; instance?: string }
  | { message: string; correlation?: unknown; payload?: unknown }
  | { reply: string; ok: boolean; output?: unknown; error?: { message: string; code?: string } }
  | { retry: string; instance?: string }
  | { skip: string; output?: unknown; instance?: string }
  | { cancel: string | true; instance?: string }
  | { event: InstanceEvent; instance?: string };

export interface Scenario {
  /** The simulated clock at the start, an ISO time with offset. */
  start: string;
  input?: unknown;
  /** "connector.action" → the reply to every call, or a list used in turn (the last one repeats). Unlisted calls succeed with {}. */
  connectors?: Record<string, ScenarioReply | ScenarioReply[]>;
  steps?: ScenarioStep[];
}

export interface SimulationReport {
  status: InstanceStatus;
  /** The nodes the main instance entered, in order. */
  path: string[];
  /** One line per effect of the main instance, e.g. "action.invoke inventory.reserve". */
  effects: string[];
  decisions: { node: string; outcome: string; explanation: string }[];
  waitingAt: string[];
  exceptions: string[];
  instances: HostedInstance[];
  /** How many times each connector call key was invoked. */
  callsPerKey: Record<string, number>;
  /** Steps of the scenario the engine refused, with the reason. */
  refused: string[];
}

/**
 * Plays a scenario against `flows` (the first is the flow under test; the
 * others are available to for_each) and reports what happened.
 */
export function runScenario(flows: unknown[], scenario: Scenario): SimulationReport {
  const start = Date.parse(scenario.start);
  if (!Number.isFinite(start)) throw new Error(`"start" is ${JSON.stringify(scenario.start)}: give an ISO time such as "2026-11-22T09:00:00+08:00"`);
  const replies = new Map(Object.entries(scenario.connectors ?? {}).map(([name, reply]) => [name, Array.isArray(reply) ? [...reply] : [reply]]));
  const host = new MemoryHost({
    flows,
    now: start,
    connectors: (call) => {
      const queue = replies.get(`${call.connector}.${call.action}`);
      const reply = queue && (queue.length > 1 ? queue.shift()! : queue[0]!);
      if (reply === "pending") return undefined;
      return reply ?? { ok: true, output: {} };
    },
  });
  const main = host.start(host.flow(firstFlowId(host, flows)).flow.id, scenario.input ?? {});
  const refused: string[] = [];
  for (const [index, step] of (scenario.steps ?? []).entries()) {
    try {
      playStep(host, main.id, step);
    } catch (error) {
      refused.push(`step ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return report(host, main, refused);
}

function firstFlowId(host: MemoryHost, flows: unknown[]): string {
  const first = flows[0] as { id?: unknown } | undefined;
  if (typeof first?.id !== "string") throw new Error("The first flow has no id");
  return host.flow(first.id).flow.id;
}

function playStep(host: MemoryHost, mainId: string, step: ScenarioStep): void {
  const target = ("instance" in step && step.instance) || mainId;
  if ("advance" in step) host.advanceTo(host.now + parseDuration(step.advance));
  else if ("until" in step) host.advanceTo(Date.parse(step.until));
  else if ("submit" in step) host.submit(target, step.submit, step.data, step.by);
  else if ("message" in step) host.message(step.message, step.correlation, step.payload);
  else if ("reply" in step) {
    const key = host.openCallKeys().find((k) => host.calls.some((call) => call.key === k && `${call.connector}.${call.action}` === step.reply));
    if (!key) throw new Error(`no open call to ${step.reply} to reply to`);
    host.reply(key, step.ok ? { ok: true, output: step.output } : { ok: false, error: step.error ?? { message: "failed" } });
  } else if ("retry" in step) host.send(target, { type: "exception.retry", node: step.retry });
  else if ("skip" in step) host.send(target, { type: "exception.skip", node: step.skip, output: step.output });
  else if ("cancel" in step) host.send(target, { type: "cancel", reason: step.cancel === true ? "cancelled" : step.cancel });
  else if ("event" in step) host.send(target, step.event);
  else throw new Error(`unknown step ${JSON.stringify(step)}: use advance, until, submit, message, reply, retry, skip, cancel or event`);
}

function report(host: MemoryHost, main: HostedInstance, refused: string[]): SimulationReport {
  const trace = main.history.flatMap((entry) => entry.trace);
  const callsPerKey: Record<string, number> = {};
  for (const call of host.calls) callsPerKey[call.key] = (callsPerKey[call.key] ?? 0) + 1;
  return {
    status: main.status,
    path: trace.flatMap((entry) => (entry.type === "entered" ? [entry.node] : [])),
    effects: main.history.flatMap((entry) => entry.effects.map(describeEffect)),
    decisions: trace.flatMap((entry: TraceEntry) => (entry.type === "decided" ? [{ node: entry.node, outcome: entry.outcome, explanation: entry.explanation }] : [])),
    waitingAt: main.waitingAt,
    exceptions: main.exceptions,
    instances: [...host.instances.values()],
    callsPerKey,
    refused,
  };
}

/** A one-line summary of an effect, stable enough to compare in expected results. */
export function describeEffect(effect: Effect): string {
  switch (effect.type) {
    case "action.invoke":
      return `action.invoke ${effect.connector}.${effect.action}${effect.compensation ? " (compensation)" : ""}`;
    case "timer.start":
      return `timer.start ${effect.node} ${effect.purpose} at ${effect.fireAt}`;
    case "timer.cancel":
    case "event.unsubscribe":
    case "child.cancel":
      return `${effect.type} ${effect.key}`;
    case "task.open":
      return `task.open ${effect.node} form=${effect.form}${effect.assignee.role ? ` role=${effect.assignee.role}` : ""}`;
    case "task.reassign":
      return `task.reassign ${effect.node}${effect.assignee.role ? ` role=${effect.assignee.role}` : ""}`;
    case "task.close":
      return `task.close ${effect.node} ${effect.reason}`;
    case "event.subscribe":
      return `event.subscribe ${effect.node} ${effect.event}`;
    case "child.start":
      return `child.start ${effect.node} ${effect.flow} #${effect.index}`;
    case "alert.raise":
      return `alert.raise ${effect.alert} ${effect.severity}`;
    case "alert.clear":
      return `alert.clear ${effect.alert}`;
    case "notify":
      return `notify ${effect.channel ?? "default"}${effect.to.role ? ` role=${effect.to.role}` : ""}`;
    case "exception":
      return `exception ${effect.node}: ${effect.error.message}`;
    case "order.status":
      return `order.status ${effect.status}`;
    case "instance.finish":
      return `instance.finish ${effect.status}`;
  }
}
