/** Renders a simulation report as the text `orderflow simulate` prints: the path, every effect, and why each decision went the way it did. */
import type { HistoryEntry, HostedInstance } from "../interpreter/index";
import { describeEffect, type SimulationReport } from "./scenario";

export function formatReport(report: SimulationReport): string {
  const [main, ...children] = report.instances;
  const lines: string[] = [];
  if (main) lines.push(...formatInstance(main));
  for (const child of children) lines.push("", ...formatInstance(child));
  lines.push("", `Path: ${report.path.join(" → ")}`);
  lines.push(`Status: ${report.status}`);
  if (report.waitingAt.length) lines.push(`Waiting at: ${report.waitingAt.join(", ")}`);
  if (report.exceptions.length) lines.push(`In the exceptions list at: ${report.exceptions.join(", ")}`);
  for (const refusal of report.refused) lines.push(`Refused ${refusal}`);
  return lines.join("\n");
}

function formatInstance(instance: HostedInstance): string[] {
  const lines = [`Instance ${instance.id} of flow ${instance.flowId}${instance.parent ? ` (child of ${instance.parent.instanceId})` : ""}: ${instance.status}`];
  let quietChecks = 0;
  for (const entry of instance.history) {
    if (isQuietAlertCheck(entry)) {
      quietChecks++;
      continue;
    }
    if (quietChecks > 0) lines.push(`    (${quietChecks} alert check${quietChecks === 1 ? "" : "s"}, nothing raised)`);
    quietChecks = 0;
    lines.push(...formatEntry(entry));
  }
  return lines;
}

/** A periodic alert check that raised and cleared nothing: only the next check was armed. */
function isQuietAlertCheck(entry: HistoryEntry): boolean {
  return (
    entry.event.type === "timer.fired" &&
    entry.trace.length === 0 &&
    entry.effects.every((effect) => effect.type === "timer.start" && effect.purpose === "alert_check")
  );
}

function formatEntry(entry: HistoryEntry): string[] {
  const lines = [`${entry.at}  ${describeEvent(entry)}${entry.accepted ? "" : "  (ignored: nothing was waiting for it)"}`];
  for (const item of entry.trace) {
    if (item.type === "entered") lines.push(`    → ${item.node}`);
    else if (item.type === "left") lines.push(`    ← ${item.node} (${item.outcome})`);
    else if (item.type === "decided") lines.push(`    ◆ ${item.node} decided ${item.explanation.replace(/\n/g, "\n        ")}`);
    else if (item.type === "failed") lines.push(`    ✗ ${item.node} failed: ${item.error.message}`);
    else if (item.type === "escalated") lines.push(`    ! ${item.node} escalated (level ${item.level + 1})`);
    else if (item.type === "withdrawn") lines.push(`    ⊘ ${item.node} withdrawn`);
    else lines.push(`    ■ finished: ${item.status}`);
  }
  for (const effect of entry.effects) lines.push(`      · ${describeEffect(effect)}`);
  return lines;
}

function describeEvent({ event }: HistoryEntry): string {
  switch (event.type) {
    case "start":
      return `start with ${JSON.stringify(event.input).slice(0, 120)}`;
    case "action.result":
      return `result ${event.ok ? "ok" : `error "${event.error.message}"`} for ${event.key}`;
    case "task.submitted":
      return `task ${event.key} submitted${event.by ? ` by ${event.by}` : ""}: ${JSON.stringify(event.data).slice(0, 120)}`;
    case "message":
      return `event "${event.event}"${event.correlation !== undefined ? ` for ${JSON.stringify(event.correlation)}` : ""}`;
    case "timer.fired":
    case "child.finished":
      return `${event.type} ${event.key}`;
    case "exception.retry":
    case "exception.skip":
      return `${event.type} at ${event.node}`;
    case "cancel":
      return `cancel${event.reason ? `: ${event.reason}` : ""}`;
  }
}
