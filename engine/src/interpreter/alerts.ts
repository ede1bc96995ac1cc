/**
 * The flow's alert rules watch the whole instance rather than one node: after
 * every step each rule is evaluated; an alert is raised once when its
 * condition starts to hold and cleared when it stops. Rules with `checkEvery`
 * keep one timer armed so that conditions that become true with time alone
 * ("untouched for more than 2 hours") are noticed without any event.
 */
import type { Flow } from "../definition/schema";
import { isTruthy } from "../rules/index";
import { durationMs, evaluate, iso, renderMessage, resolveRecipient } from "./instance-data";
import { ContextChange } from "./machine-kit";
import type { InstanceContext, InstanceEvent } from "./types";

const MONITOR = ":alerts";

/** Whether the event is the monitor's own check timer, which no node handles. */
export function isAlertCheck(context: InstanceContext, event: InstanceEvent): boolean {
  return event.type === "timer.fired" && (context.pending[MONITOR] ?? []).includes(event.key);
}

/** Evaluates the alert rules at the end of a step, on the step's working context. */
export function monitorAlerts(flow: Flow, context: InstanceContext, event: InstanceEvent | undefined, running: boolean): ContextChange {
  const c = ContextChange.ofStep(context);
  const rules = flow.alerts ?? [];
  if (rules.length === 0) return c;
  if (event && isAlertCheck(context, event)) c.removePending(MONITOR, (event as { key: string }).key);

  for (const rule of rules) {
    const value = evaluate(rule.when, c.next);
    const holds = value.ok && isTruthy(value.value);
    const raisedAs = c.next.alerts[rule.id];
    if (holds && !raisedAs) {
      const key = `${c.next.instanceId}:alert:${rule.id}:${c.next.now}`;
      c.own("alerts")[rule.id] = key;
      c.emit({ type: "alert.raise", key, node: null, alert: rule.id, severity: rule.severity, message: renderMessage(rule.name, c.next) });
      if (rule.notify) {
        const { to, channel, message } = rule.notify;
        c.emit({ type: "notify", key: `${key}:notify`, node: null, channel: channel ?? null, to: resolveRecipient(to, c.next), message: renderMessage(message, c.next) });
      }
    } else if (!holds && raisedAs) {
      delete c.own("alerts")[rule.id];
      c.emit({ type: "alert.clear", key: `${raisedAs}:clear`, alert: rule.id });
    }
  }

  const armed = c.next.pending[MONITOR] ?? [];
  const every = rules.flatMap((rule) => (rule.checkEvery ? [durationMs(rule.checkEvery)] : []));
  if (running && every.length > 0 && armed.length === 0) {
    c.next.alertChecks = c.next.alertChecks + 1;
    const key = `${c.next.instanceId}:alert-check:${c.next.alertChecks}`;
    c.emit({ type: "timer.start", key, node: MONITOR, fireAt: iso(c.next.now + Math.min(...every)), purpose: "alert_check" });
    c.addPending(MONITOR, key);
  } else if (!running && armed.length > 0) {
    for (const key of armed) c.emit({ type: "timer.cancel", key, node: MONITOR });
    delete c.own("pending")[MONITOR];
  }
  return c;
}
