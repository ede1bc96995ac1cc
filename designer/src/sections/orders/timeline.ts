/**
 * An order's history as staff read it: one row per timeline entry the server
 * returns, with the time, the step, what happened in the reader's language,
 * who did it, and why (a decision's explanation). Rows about the machinery
 * (entering and leaving steps, timers, subscriptions, successful answers)
 * are `technical`: the page hides them unless asked.
 */
import type { TimelineEntry } from "../../api/types";
import { assigneeText } from "../../i18n/assignee";
import type { LocalizedText, MessageKey, Params } from "../../i18n/translate";

export interface TimelineRow {
  /** Unique in the order's timeline: the instance and its step number. */
  key: string;
  at: string;
  /** The step's name; "" for the flow as a whole. */
  step: string;
  what: string;
  /** Who caused it; null when the system did. */
  who: string | null;
  /** A decision's explanation, line by line as the rules engine wrote it. */
  why: string | null;
  technical: boolean;
  /** Something went wrong here. */
  problem: boolean;
}

export interface Wording {
  t(key: MessageKey, params?: Params): string;
  pick(text: LocalizedText | null | undefined): string;
  /** A timestamp as the reader reads times. */
  time(iso: string): string;
}

type Data = Record<string, unknown>;

const TECHNICAL = new Set(["trace:entered", "trace:left", "effect:timer.start", "effect:timer.cancel", "effect:event.subscribe", "effect:event.unsubscribe", "effect:instance.finish"]);
const PROBLEMS = new Set(["trace:failed", "effect:exception", "trace:escalated", "effect:alert.raise"]);

export function timelineRows(entries: readonly TimelineEntry[], wording: Wording): TimelineRow[] {
  return entries.map((entry) => {
    const id = `${entry.kind}:${entry.type}`;
    const ok = entry.kind === "event" && entry.type === "action.result" ? entry.data.ok === true : true;
    return {
      key: `${entry.instanceId}:${entry.seq}`,
      at: entry.at,
      step: entry.node === null || entry.node.startsWith(":") ? "" : wording.pick(entry.nodeName) || entry.node,
      what: describe(entry, wording),
      who: entry.actor,
      why: entry.kind === "trace" && entry.type === "decided" && typeof entry.data.explanation === "string" ? entry.data.explanation : null,
      technical: TECHNICAL.has(id) || (entry.type === "action.result" && ok),
      problem: PROBLEMS.has(id) || !ok,
    };
  });
}

function describe(entry: TimelineEntry, { t, pick, time }: Wording): string {
  const d = entry.data;
  const text = (value: unknown) => (typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value));
  const message = (value: unknown) => text((value as Data | undefined)?.message);
  const assignee = (value: unknown) => assigneeText(value as Data | undefined, t);
  switch (`${entry.kind}:${entry.type}`) {
    case "event:instance.start": return t("timeline.started");
    case "event:task.submitted": return t("timeline.taskSubmitted");
    case "event:action.result": return d.ok ? t("timeline.connectorAnswered") : t("timeline.connectorFailed", { message: message(d.error) });
    case "event:timer.fired": return t("timeline.timerFired");
    case "event:message": return t("timeline.messageReceived", { event: text(d.event) });
    case "event:child.finished": return t("timeline.childFinished", { status: text(d.status) });
    case "event:exception.retry": return t("timeline.retryAsked");
    case "event:exception.skip": return t("timeline.skipAsked");
    case "event:cancel": return d.reason ? t("timeline.cancelAskedReason", { reason: text(d.reason) }) : t("timeline.cancelAsked");
    case "trace:entered": return t("timeline.entered");
    case "trace:left": return t("timeline.left", { outcome: text(d.outcome) });
    case "trace:decided": return t("timeline.decided", { outcome: text(d.outcome) });
    case "trace:failed": return t("timeline.failed", { message: message(d.error) });
    case "trace:escalated": return t("timeline.escalated", { level: text(d.level) });
    case "trace:withdrawn": return t("timeline.withdrawn");
    case "trace:finished": return t("timeline.finished", { status: text(d.status) });
    case "effect:order.status": return t("timeline.statusChanged", { status: pick(d.name as LocalizedText | undefined) || text(d.status) });
    case "effect:action.invoke": return t(d.compensation ? "timeline.undo" : "timeline.call", { connector: text(d.connector), action: text(d.action) });
    case "effect:timer.start": return t("timeline.timerSet", { time: typeof d.fireAt === "string" ? time(d.fireAt) : text(d.fireAt) });
    case "effect:timer.cancel": return t("timeline.timerCancelled");
    case "effect:task.open": {
      const to = assignee(d.assignee);
      return to ? t("timeline.taskOpened", { assignee: to }) : t("timeline.taskOpenedAnyone");
    }
    case "effect:task.close": return t("timeline.taskClosed", { reason: text(d.reason) });
    case "effect:task.reassign": return t("timeline.taskReassigned", { assignee: assignee(d.assignee) });
    case "effect:event.subscribe": return t("timeline.waitingFor", { event: text(d.event) });
    case "effect:event.unsubscribe": return t("timeline.stoppedWaiting");
    case "effect:child.start": return t("timeline.childStarted", { flow: text(d.flow) });
    case "effect:child.cancel": return t("timeline.childCancelled");
    case "effect:alert.raise": return t("timeline.alertRaised", { alert: text(d.alert), severity: text(d.severity) });
    case "effect:alert.clear": return t("timeline.alertCleared", { alert: text(d.alert) });
    case "effect:notify": return d.channel ? t("timeline.notifiedBy", { channel: text(d.channel) }) : t("timeline.notified");
    case "effect:exception": return t("timeline.exception", { message: message(d.error) });
    case "effect:instance.finish": return t("timeline.instanceFinishing", { status: text(d.status) });
    default: return t("timeline.other", { type: entry.type });
  }
}
