/**
 * `task`: a human step. Opening it hands the host a task to show (form,
 * assignee, due time, prefilled values); the submitted form chooses the
 * outcome. Overdue and escalation timers raise alerts, notify and reassign.
 */
import { DEFAULT_TASK_OUTCOME, nodeOutcomes } from "../../definition/outcomes";
import type { TaskNode } from "../../definition/schema";
import { evaluateRule, explainRule, isTruthy } from "../../rules/index";
import { durationMs, evaluateMapping, iso, renderMessage, resolveRecipient, ruleData } from "../instance-data";
import { act, cancelPendingTimers, change, startTimer, when, type CompileKit, type Implementations, type NodeParams, type StateConfig } from "../machine-kit";
import type { InstanceContext, InstanceEvent } from "../types";

export function taskState(node: TaskNode, kit: CompileKit): StateConfig {
  const params = { node: node.id };
  return {
    id: node.id,
    entry: [act("enter", params), act("openTask", params)],
    exit: [act("closeTask", params)],
    on: {
      "task.submitted": nodeOutcomes(node).flatMap((outcome) => {
        const transition = kit.go(node.id, outcome, [act("taskSubmitted", params)]);
        return transition ? [{ ...transition, guard: when("submissionChooses", { ...params, outcome }) }] : [];
      }),
      "timer.fired": [
        ...(node.due ? [{ guard: when("keyIs", { ...params, suffix: ":due" }), actions: [act("taskOverdue", params)] }] : []),
        ...(node.escalations ?? []).map((_, level) => ({
          guard: when("keyIs", { ...params, suffix: `:escalation:${level}` }),
          actions: [act("escalate", { ...params, level })],
        })),
      ],
    },
  };
}

/** The outcome a submission chooses: the first outcome condition that holds of the form data (a condition that cannot be evaluated does not hold), else the default. */
function chooseOutcome(task: TaskNode, context: InstanceContext, form: Record<string, unknown>): string {
  if (task.outcomes?.length) {
    const data = ruleData(context, { form });
    for (const condition of task.outcomes) {
      try {
        if (isTruthy(evaluateRule(condition.when, data, { now: context.now }))) return condition.outcome;
      } catch {
        // A condition that cannot be evaluated on this submission does not hold.
      }
    }
  }
  return task.default ?? DEFAULT_TASK_OUTCOME;
}

export function taskImplementations(kit: CompileKit): Implementations {
  const nodeOf = (id: string) => kit.node(id, "task");
  return {
    actions: {
      openTask: change<NodeParams>((c, { node }) => {
        const task = nodeOf(node);
        const step = c.step(node);
        const prefill = evaluateMapping(task.prefill, c.next);
        const dueAt = task.due ? iso(c.next.now + durationMs(task.due)) : null;
        c.emit({
          type: "task.open",
          key: step.key,
          node,
          form: task.form,
          title: renderMessage(task.title ?? task.name ?? task.id, c.next),
          assignee: resolveRecipient(task.assignee, c.next),
          priority: task.priority ?? "normal",
          dueAt,
          prefill: prefill.ok ? prefill.value : {},
        });
        if (dueAt) startTimer(c, node, `${step.key}:due`, dueAt, "due");
        (task.escalations ?? []).forEach((escalation, level) => {
          startTimer(c, node, `${step.key}:escalation:${level}`, iso(c.next.now + durationMs(escalation.after)), "escalation");
        });
      }),
      taskSubmitted: change<NodeParams>((c, { node }, event) => {
        if (event.type !== "task.submitted") return;
        const task = nodeOf(node);
        c.updateStep(node, { output: event.data, ...(event.by ? { by: event.by } : {}) });
        if (!task.outcomes?.length) return;
        const outcome = chooseOutcome(task, c.next, event.data);
        const data = ruleData(c.next, { form: event.data });
        const lines: string[] = [];
        for (const condition of task.outcomes) {
          const explained = explainRule(condition.when, data, { now: c.next.now });
          lines.push(explained.lines);
          if (condition.outcome === outcome && isTruthy(explained.result)) break;
        }
        c.trace({ type: "decided", node, outcome, explanation: `→ ${outcome}\n${lines.join("\n")}` });
      }),
      taskOverdue: change<NodeParams>((c, { node }) => {
        const step = c.step(node);
        c.removePending(node, `${step.key}:due`);
        c.own("alerts")[`${node}:overdue`] = `${step.key}:overdue`;
        c.emit({
          type: "alert.raise",
          key: `${step.key}:overdue`,
          node,
          alert: `${node}:overdue`,
          severity: "warning",
          message: renderMessage({ zh: `任务「{{task}}」已超时`, en: `Task "{{task}}" is overdue` }, c.next, { task: nodeOf(node).name ?? node }),
        });
      }),
      escalate: change<NodeParams & { level: number }>((c, { node, level }) => {
        const step = c.step(node);
        const escalation = nodeOf(node).escalations![level]!;
        const key = `${step.key}:escalation:${level}`;
        c.removePending(node, key);
        c.trace({ type: "escalated", node, level });
        if (escalation.alert) {
          const { severity, message } = escalation.alert;
          c.own("alerts")[`${node}:escalation:${level}`] = `${key}:alert`;
          c.emit({ type: "alert.raise", key: `${key}:alert`, node, alert: `${node}:escalation:${level}`, severity, message: renderMessage(message, c.next) });
        }
        if (escalation.notify) {
          const { to, channel, message } = escalation.notify;
          c.emit({ type: "notify", key: `${key}:notify`, node, channel: channel ?? null, to: resolveRecipient(to, c.next), message: renderMessage(message, c.next) });
        }
        if (escalation.reassign) c.emit({ type: "task.reassign", key: `${key}:reassign`, node, task: step.key, assignee: resolveRecipient(escalation.reassign, c.next) });
      }),
      closeTask: change<NodeParams>((c, { node }, event) => {
        const step = c.step(node);
        const submitted = event.type === "task.submitted" && event.key === step.key;
        cancelPendingTimers(c, node);
        c.emit({ type: "task.close", key: `${step.key}:close`, node, task: step.key, reason: submitted ? "submitted" : "withdrawn" });
        for (const [alert, key] of Object.entries(c.next.alerts)) {
          if (!alert.startsWith(`${node}:`)) continue;
          delete c.own("alerts")[alert];
          c.emit({ type: "alert.clear", key: `${key}:clear`, alert, raisedKey: key });
        }
      }),
    },
    guards: {
      submissionChooses: (({ context, event }: { context: InstanceContext; event: InstanceEvent }, { node, outcome }: NodeParams & { outcome: string }) =>
        event.type === "task.submitted" &&
        event.key === context.steps[node]?.key &&
        chooseOutcome(nodeOf(node), context, event.data) === outcome) as never,
    },
  };
}
