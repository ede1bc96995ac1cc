/**
 * An instance's history as people read it: each entry of its history
 * (storage/history.ts) with one line of text ("Pick: task opened for role
 * picker in SH-01") and the node's display name from the flow version the
 * instance runs.
 */
import type { CompiledFlow } from "@orderflow/engine";
import type { HistoryEntry } from "../storage/history";

type Data = Record<string, unknown>;

export interface TimelineEntry {
  seq: number;
  at: string;
  kind: HistoryEntry["kind"];
  type: string;
  node: string | null;
  nodeName: string | { zh?: string; en?: string } | null;
  actor: string | null;
  text: string;
  data: Data;
}

/** `compiled`: the flow version the entries' instance runs, whose nodes' display names the lines use. */
export function toTimeline(rows: readonly HistoryEntry[], compiled: CompiledFlow): TimelineEntry[] {
  return rows.map((row) => {
    const name = row.node === null ? null : (compiled.graph.nodes.get(row.node)?.name ?? null);
    // Nodes named ":…" are the engine's own (":alerts", the alert monitor), not the flow's.
    const label = row.node === null || row.node.startsWith(":") ? "" : `${textOf(name) ?? row.node}: `;
    const by = row.actor ? ` (by ${row.actor})` : "";
    return { seq: row.seq, at: row.at.toISOString(), kind: row.kind, type: row.type, node: row.node, nodeName: name, actor: row.actor, text: `${label}${describe(row.kind, row.type, row.data)}${by}`, data: row.data };
  });
}

function describe(kind: HistoryEntry["kind"], type: string, d: Data): string {
  const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));
  if (kind === "event") {
    switch (type) {
      case "instance.start": return "started";
      case "task.submitted": return "task submitted";
      case "action.result": return d.ok ? "connector answered" : `connector call failed: ${text((d.error as Data | undefined)?.message)}`;
      case "timer.fired": return "timer fired";
      case "message": return `message "${text(d.event)}" received${d.correlation === undefined ? "" : ` for ${text(d.correlation)}`}`;
      case "child.finished": return `sub-flow finished: ${text(d.status)}`;
      case "exception.retry": return `retry of ${text(d.node)} asked for`;
      case "exception.skip": return `skip of ${text(d.node)} asked for`;
      case "cancel": return `cancel asked for${d.reason ? `: ${text(d.reason)}` : ""}`;
    }
  }
  if (kind === "trace") {
    switch (type) {
      case "entered": return "entered";
      case "left": return `left with outcome "${text(d.outcome)}"`;
      case "decided": return `decided "${text(d.outcome)}"${reason(d.explanation)}`;
      case "failed": return `failed: ${text((d.error as Data | undefined)?.message)}`;
      case "escalated": return `escalated (level ${text(d.level)})`;
      case "withdrawn": return "withdrawn";
      case "finished": return `finished: ${text(d.status)}`;
    }
  }
  if (kind === "effect") {
    switch (type) {
      case "action.invoke": return `${d.compensation ? "undo " : ""}call ${text(d.connector)}.${text(d.action)}`;
      case "timer.start": return `timer (${text(d.purpose)}) set for ${text(d.fireAt)}`;
      case "timer.cancel": return "timer cancelled";
      case "task.open": return `task opened${assignee(d.assignee as Data | undefined)}`;
      case "task.close": return `task ${text(d.reason)}`;
      case "task.reassign": return `task reassigned${assignee(d.assignee as Data | undefined)}`;
      case "event.subscribe": return `waiting for "${text(d.event)}"${d.correlation == null ? "" : ` for ${text(d.correlation)}`}`;
      case "event.unsubscribe": return "stopped waiting for the event";
      case "child.start": return `sub-flow ${text(d.flow)} started (item ${text(d.index)})`;
      case "child.cancel": return "sub-flow cancelled";
      case "alert.raise": return `alert ${text(d.alert)} raised (${text(d.severity)})`;
      case "alert.clear": return `alert ${text(d.alert)} cleared`;
      case "notify": return `notification${d.channel ? ` by ${text(d.channel)}` : ""}${assignee(d.to as Data | undefined)}`;
      case "exception": return `stopped in the exceptions list: ${text((d.error as Data | undefined)?.message)}`;
      case "instance.finish": return `instance finishes: ${text(d.status)}`;
      case "order.status": return `order status: ${textOf((d.name as TimelineEntry["nodeName"] | undefined) ?? null) ?? text(d.status)}`;
    }
  }
  return type;
}

/** The reason on the first line of a decision's explanation ("→ pass (no condition held)"); the whole explanation stays in `data`. */
function reason(explanation: unknown): string {
  const first = typeof explanation === "string" ? explanation.split("\n")[0]! : "";
  const found = /\(([^()]+)\)\s*$/.exec(first);
  return found ? ` (${found[1]})` : "";
}

function assignee(to: Data | undefined): string {
  if (!to) return "";
  const parts = [to.user != null && `user ${String(to.user)}`, to.role != null && `role ${String(to.role)}`, to.warehouse != null && `in ${String(to.warehouse)}`].filter(Boolean);
  return parts.length ? ` for ${parts.join(" ")}` : "";
}

function textOf(name: TimelineEntry["nodeName"]): string | undefined {
  if (name === null) return undefined;
  return typeof name === "string" ? name : (name.en ?? name.zh);
}
