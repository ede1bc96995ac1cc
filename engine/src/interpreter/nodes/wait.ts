/**
 * `wait`: waits for a duration, a time, the next time of a schedule (cron
 * in a time zone, e.g. the daily 20:00 cut-off in Asia/Shanghai), or a named
 * event with a matching correlation value, optionally with a timeout.
 * Every wait is a timer or a subscription the host stores; none lives in XState.
 */
import { Cron } from "croner";
import type { WaitNode } from "../../definition/schema";
import { durationMs, evaluate, iso, toEpochMs } from "../instance-data";
import { act, cancelPendingTimers, change, startTimer, when, withExceptions, type CompileKit, type Implementations, type NodeParams, type StateConfig } from "../machine-kit";
import type { InstanceContext } from "../types";

export function waitState(node: WaitNode, kit: CompileKit): StateConfig {
  const params = { node: node.id };
  const done = kit.go(node.id, "success", [act("waitOver", params)]);
  const timedOut = node.until.type === "event" && node.until.timeout ? kit.go(node.id, "timeout", [act("waitOver", params)]) : undefined;
  return withExceptions(kit, node, {
    prepare: act("startWait", params),
    skipOutcome: "success",
    exit: [act("stopWait", params)],
    active: {
      on: {
        "timer.fired": [
          ...(done ? [{ ...done, guard: when("keyIs", { ...params, suffix: ":timer" }) }] : []),
          ...(timedOut ? [{ ...timedOut, guard: when("keyIs", { ...params, suffix: ":timeout" }) }] : []),
        ],
        ...(node.until.type === "event" && done ? { message: { ...done, guard: when("messageMatches", params) } } : {}),
      },
    },
  });
}

export function waitImplementations(kit: CompileKit): Implementations {
  const nodeOf = (id: string) => kit.node(id, "wait");
  return {
    actions: {
      startWait: change<NodeParams>((c, { node }) => {
        const until = nodeOf(node).until;
        const step = c.step(node);
        if (until.type === "event") {
          const correlation = until.correlation === undefined ? { ok: true as const, value: undefined } : evaluate(until.correlation, c.next);
          if (!correlation.ok) {
            c.updateStep(node, { error: correlation.error });
            return;
          }
          c.updateStep(node, { input: { event: until.event, correlation: correlation.value } });
          c.emit({ type: "event.subscribe", key: `${step.key}:subscription`, node, event: until.event, correlation: correlation.value ?? null });
          c.addPending(node, `${step.key}:subscription`);
          if (until.timeout) startTimer(c, node, `${step.key}:timeout`, iso(c.next.now + durationMs(until.timeout)), "timeout");
          return;
        }
        const fireAt = fireTime(until, c.next);
        if (typeof fireAt !== "number") {
          c.updateStep(node, { error: { code: "bad_time", message: fireAt } });
          return;
        }
        c.updateStep(node, { input: { until: iso(fireAt) } });
        startTimer(c, node, `${step.key}:timer`, iso(fireAt), "wait");
      }),
      waitOver: change<NodeParams>((c, { node }, event) => {
        if (event.type === "message") c.updateStep(node, { output: event.payload ?? {} });
      }),
      stopWait: change<NodeParams>((c, { node }, event) => cancelPendingTimers(c, node, event)),
    },
    guards: {
      messageMatches: (({ context, event }: { context: InstanceContext; event: any }, { node }: NodeParams) => {
        if (event.type !== "message") return false;
        const expected = context.steps[node]?.input as { event: string; correlation: unknown } | undefined;
        return !!expected && event.event === expected.event && (expected.correlation === undefined || sameValue(event.correlation, expected.correlation));
      }) as never,
    },
  };
}

/** When a timed wait is over, in epoch ms, or a message saying why it cannot be known. */
function fireTime(until: Exclude<WaitNode["until"], { type: "event" }>, context: InstanceContext): number | string {
  switch (until.type) {
    case "duration":
      return context.now + durationMs(until.duration);
    case "time": {
      const value = evaluate(until.at, context);
      if (!value.ok) return value.error.message;
      return toEpochMs(value.value) ?? `"at" gave ${JSON.stringify(value.value)}, which is not a time: give an ISO time such as "2026-11-22T20:00:00+08:00" or epoch milliseconds`;
    }
    case "schedule": {
      const next = schedule(until.cron, until.timeZone).nextRun(new Date(context.now));
      return next ? next.getTime() : `the schedule "${until.cron}" has no future time`;
    }
  }
}

const schedules = new Map<string, Cron>();
function schedule(cron: string, timeZone: string): Cron {
  const id = `${timeZone} ${cron}`;
  let job = schedules.get(id);
  if (!job) schedules.set(id, (job = new Cron(cron, { timezone: timeZone, paused: true })));
  return job;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "number" || typeof b === "number" ? String(a) === String(b) : JSON.stringify(a) === JSON.stringify(b));
}
