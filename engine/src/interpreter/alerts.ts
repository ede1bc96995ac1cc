/**
 * The flow's alert rules watch the whole instance rather than one node: after
 * every step each rule is evaluated; an alert is raised once when its
 * condition starts to hold and cleared when it stops. Rules with `checkEvery`
 * keep one timer armed so that conditions that become true with time alone
 * ("untouched for more than 2 hours") are noticed without any event. When
 * the instance finishes, every alert it still has raised is cleared.
 */
import type { AlertRule, Flow } from "../definition/schema";
import { isTruthy } from "../rules/index";
import { durationMs, evaluate, iso, renderMessage, resolveRecipient } from "./instance-data";
import { ContextChange } from "./machine-kit";
import type { InstanceContext, InstanceEvent } from "./types";

const MONITOR = ":alerts";

/** Whether the event is the monitor's own check timer, which no node handles. */
export function isAlertCheck(context: Pick<InstanceContext, "pending">, event: InstanceEvent): boolean {
  return event.type === "timer.fired" && (context.pending[MONITOR] ?? []).includes(event.key);
}

/** Evaluates the alert rules at the end of a step, on the step's working context. */
export function monitorAlerts(flow: Flow, c: ContextChange, event: InstanceEvent | undefined, running: boolean): void {
  if (event?.type === "timer.fired" && isAlertCheck(c.next, event)) c.removePending(MONITOR, event.key);
  if (!running) {
    finishAlerts(c);
    return;
  }
  const rules = flow.alerts ?? [];
  for (const rule of rules) watch(c, rule);
  const every = rules.flatMap((rule) => (rule.checkEvery ? [durationMs(rule.checkEvery)] : []));
  if (every.length > 0 && !c.next.pending[MONITOR]?.length) {
    c.next.alertChecks = c.next.alertChecks + 1;
    const key = `${c.next.instanceId}:alert-check:${c.next.alertChecks}`;
    c.emit({ type: "timer.start", key, node: MONITOR, fireAt: iso(c.next.now + Math.min(...every)), purpose: "alert_check" });
    c.addPending(MONITOR, key);
  }
}

/** Raises the rule's alert when its condition starts to hold, clears it when it stops. */
function watch(c: ContextChange, rule: AlertRule): void {
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
    c.emit({ type: "alert.clear", key: `${raisedAs}:clear`, alert: rule.id, raisedKey: raisedAs });
  }
}

/** A finished instance is no longer in flight: every alert it still has raised is cleared and the checks stop. */
function finishAlerts(c: ContextChange): void {
  for (const [alert, key] of Object.entries(c.next.alerts)) {
    delete c.own("alerts")[alert];
    c.emit({ type: "alert.clear", key: `${key}:clear`, alert, raisedKey: key });
  }
  for (const key of c.next.pending[MONITOR] ?? []) c.emit({ type: "timer.cancel", key, node: MONITOR });
  if (c.next.pending[MONITOR]) delete c.own("pending")[MONITOR];
}
