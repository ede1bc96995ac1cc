/**
 * An in-memory host: it does what a runtime server does with the effects
 * (timers, tasks, subscriptions, connector calls, child instances), on a
 * simulated clock, without a database. Tests, the conformance corpus and the
 * `orderflow simulate` command drive flows through it.
 */
import type { FlowRegistries } from "../definition/validate";
import { compileFlow, type CompiledFlow } from "./compile-flow";
import { applyEvent, startInstance } from "./step";
import type { Effect, EffectOf, ErrorInfo, FinalStatus, InstanceEvent, InstanceSnapshot, InstanceStatus, StepResult, TraceEntry } from "./types";

export type ConnectorReply = { ok: true; output?: unknown } | { ok: false; error: ErrorInfo };

/** Answers a connector call; undefined leaves the call open until the test answers it with `reply`. */
export type FakeConnectors = (call: EffectOf<"action.invoke">) => ConnectorReply | undefined;

export interface HistoryEntry {
  at: string;
  event: InstanceEvent | { type: "start"; input: unknown };
  accepted: boolean;
  effects: Effect[];
  trace: TraceEntry[];
}

export interface HostedInstance {
  id: string;
  flowId: string;
  parent?: { instanceId: string; key: string };
  input: unknown;
  snapshot: InstanceSnapshot;
  status: InstanceStatus;
  waitingAt: string[];
  exceptions: string[];
  history: HistoryEntry[];
}

export interface MemoryHostOptions {
  flows: unknown[];
  now: number;
  connectors?: FakeConnectors;
  registries?: FlowRegistries;
}

interface Timer {
  key: string;
  instanceId: string;
  fireAt: number;
  order: number;
}

export class MemoryHost {
  now: number;
  readonly instances = new Map<string, HostedInstance>();
  readonly tasks = new Map<string, EffectOf<"task.open"> & { instanceId: string }>();
  readonly calls: (EffectOf<"action.invoke"> & { instanceId: string; at: string })[] = [];
  readonly alerts: (EffectOf<"alert.raise"> & { instanceId: string })[] = [];
  readonly notifications: (EffectOf<"notify"> & { instanceId: string })[] = [];
  private readonly compiled = new Map<string, CompiledFlow>();
  private readonly timers = new Map<string, Timer>();
  private readonly subscriptions = new Map<string, { instanceId: string; event: string; correlation: unknown }>();
  private readonly openCalls = new Map<string, string>();
  private readonly childOf = new Map<string, string>();
  private readonly queue: { instanceId: string; event: InstanceEvent }[] = [];
  private counter = 0;
  private timerOrder = 0;

  constructor(private readonly options: MemoryHostOptions) {
    this.now = options.now;
    for (const document of options.flows) {
      const compiled = compileFlow(document, options.registries);
      this.compiled.set(compiled.flow.id, compiled);
    }
  }

  flow(flowId: string): CompiledFlow {
    const compiled = this.compiled.get(flowId);
    if (!compiled) throw new Error(`No flow "${flowId}" in this host: known flows are ${[...this.compiled.keys()].join(", ")}`);
    return compiled;
  }

  start(flowId: string, input: unknown): HostedInstance {
    const instance = this.spawn(flowId, input);
    this.drain();
    return instance;
  }

  private spawn(flowId: string, input: unknown, parent?: { instanceId: string; key: string }): HostedInstance {
    const id = `${flowId}-${++this.counter}`;
    const result = startInstance(this.flow(flowId), { instanceId: id, input, now: this.now });
    const instance: HostedInstance = { id, flowId, input, snapshot: result.snapshot, status: result.status, waitingAt: [], exceptions: [], history: [], ...(parent ? { parent } : {}) };
    this.instances.set(id, instance);
    if (parent) this.childOf.set(parent.key, id);
    this.record(instance, { type: "start", input }, result);
    return instance;
  }

  /** Applies one event to an instance, then everything it sets off, and returns the first step's result. */
  send(instanceId: string, event: InstanceEvent): StepResult {
    const result = this.apply(instanceId, event);
    this.drain();
    return result;
  }

  /** Submits the open task of a node, as the person `by`. */
  submit(instanceId: string, node: string, data: Record<string, unknown>, by?: string): StepResult {
    const task = [...this.tasks.values()].find((t) => t.instanceId === instanceId && t.node === node);
    if (!task) throw new Error(`Instance ${instanceId} has no open task at node "${node}"`);
    return this.send(instanceId, { type: "task.submitted", key: task.key, data, ...(by ? { by } : {}) });
  }

  /** Delivers a named event to every instance waiting for it with this correlation value. */
  message(event: string, correlation?: unknown, payload?: unknown): number {
    const waiting = [...this.subscriptions.values()].filter((s) => s.event === event);
    for (const { instanceId } of waiting) this.queue.push({ instanceId, event: { type: "message", event, correlation, payload } });
    this.drain();
    return waiting.length;
  }

  /** Answers a connector call left open by the fake connectors. */
  reply(key: string, reply: ConnectorReply): StepResult {
    const instanceId = this.openCalls.get(key);
    if (!instanceId) throw new Error(`No open connector call with key "${key}"`);
    this.openCalls.delete(key);
    return this.send(instanceId, { type: "action.result", key, ...reply } as InstanceEvent);
  }

  openCallKeys(): string[] {
    return [...this.openCalls.keys()];
  }

  /** Moves the clock forward, firing every timer due on the way, in time order. */
  advanceTo(time: number): void {
    for (;;) {
      const due = [...this.timers.values()].filter((t) => t.fireAt <= time).sort((a, b) => a.fireAt - b.fireAt || a.order - b.order)[0];
      if (!due) break;
      this.timers.delete(due.key);
      this.now = Math.max(this.now, due.fireAt);
      this.send(due.instanceId, { type: "timer.fired", key: due.key });
    }
    this.now = Math.max(this.now, time);
  }

  pendingTimers(): { key: string; instanceId: string; fireAt: string }[] {
    return [...this.timers.values()].map((t) => ({ key: t.key, instanceId: t.instanceId, fireAt: new Date(t.fireAt).toISOString() }));
  }

  private apply(instanceId: string, event: InstanceEvent): StepResult {
    const instance = this.instances.get(instanceId);
    if (!instance) throw new Error(`No instance "${instanceId}"`);
    const result = applyEvent(this.flow(instance.flowId), instance, event, this.now);
    this.record(instance, event, result);
    return result;
  }

  private record(instance: HostedInstance, event: HistoryEntry["event"], result: StepResult): void {
    instance.snapshot = result.snapshot;
    instance.status = result.status;
    instance.waitingAt = result.waitingAt;
    instance.exceptions = result.exceptions;
    instance.history.push({ at: new Date(this.now).toISOString(), event, accepted: result.accepted, effects: result.effects, trace: result.trace });
    for (const effect of result.effects) this.carryOut(instance, effect);
  }

  private carryOut(instance: HostedInstance, effect: Effect): void {
    const instanceId = instance.id;
    switch (effect.type) {
      case "action.invoke": {
        this.calls.push({ ...effect, instanceId, at: new Date(this.now).toISOString() });
        if (effect.compensation) return;
        const reply = this.options.connectors?.(effect) ?? (this.options.connectors ? undefined : { ok: true as const, output: {} });
        if (reply) this.queue.push({ instanceId, event: { type: "action.result", key: effect.key, ...reply } as InstanceEvent });
        else this.openCalls.set(effect.key, instanceId);
        return;
      }
      case "timer.start":
        this.timers.set(effect.key, { key: effect.key, instanceId, fireAt: Date.parse(effect.fireAt), order: this.timerOrder++ });
        return;
      case "timer.cancel":
        this.timers.delete(effect.key);
        return;
      case "task.open":
        this.tasks.set(effect.key, { ...effect, instanceId });
        return;
      case "task.reassign": {
        const task = this.tasks.get(effect.task);
        if (task) task.assignee = effect.assignee;
        return;
      }
      case "task.close":
        this.tasks.delete(effect.task);
        return;
      case "event.subscribe":
        this.subscriptions.set(effect.key, { instanceId, event: effect.event, correlation: effect.correlation });
        return;
      case "event.unsubscribe":
        this.subscriptions.delete(effect.key);
        return;
      case "child.start":
        this.spawn(effect.flow, effect.input, { instanceId, key: effect.key });
        return;
      case "child.cancel": {
        const child = this.childOf.get(effect.key);
        if (child) this.queue.push({ instanceId: child, event: { type: "cancel", reason: "parent stopped waiting" } });
        return;
      }
      case "alert.raise":
        this.alerts.push({ ...effect, instanceId });
        return;
      case "notify":
        this.notifications.push({ ...effect, instanceId });
        return;
      case "instance.finish":
        if (instance.parent) {
          this.queue.push({ instanceId: instance.parent.instanceId, event: { type: "child.finished", key: instance.parent.key, status: effect.status as FinalStatus, output: effect.output } });
        }
        for (const [key, sub] of this.subscriptions) if (sub.instanceId === instanceId) this.subscriptions.delete(key);
        return;
      case "alert.clear":
      case "exception":
      case "order.status":
        return;
    }
  }

  private drain(): void {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) this.apply(next.instanceId, next.event);
  }
}
