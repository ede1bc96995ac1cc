import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "../../api/types";
import { CATALOGUES, pickText, translate, type Language } from "../../i18n/translate";
import { timelineRows } from "./timeline";

const wording = (language: Language) => ({
  t: (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(CATALOGUES[language], key, params),
  pick: (text: Parameters<typeof pickText>[0]) => pickText(text, language),
  time: (iso: string) => `@${iso}`,
});

let seq = 0;
function entry(kind: TimelineEntry["kind"], type: string, data: Record<string, unknown>, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  seq += 1;
  return { instanceId: "i1", seq, at: "2026-11-22T10:02:17.000Z", kind, type, node: null, nodeName: null, actor: null, text: "", data, ...extra };
}

const audit = { node: "audit", nodeName: { zh: "自动审核", en: "Automatic audit" } };
const pick = { node: "pick", nodeName: { zh: "拣货", en: "Pick" } };
// The demo order's first steps, as GET /orders/:id returns them.
const entries: TimelineEntry[] = [
  entry("event", "instance.start", { input: {} }, { actor: "webhook:taobao" }),
  entry("trace", "entered", { node: "audit" }, audit),
  entry("trace", "decided", { node: "audit", outcome: "pass", explanation: "→ pass (no condition held)\n✗ any of:" }, audit),
  entry("effect", "order.status", { status: "picking", name: { zh: "待拣货", en: "Picking" } }, pick),
  entry("effect", "task.open", { assignee: { role: "picker", warehouse: "SH-01" } }, pick),
  entry("effect", "timer.start", { fireAt: "2026-11-22T11:02:17.628Z", purpose: "due" }, pick),
  entry("event", "action.result", { ok: true }),
  entry("event", "action.result", { ok: false, error: { message: "SF timed out" } }),
  entry("event", "task.submitted", { data: {} }, { ...pick, actor: "picker-wang" }),
  entry("effect", "timer.start", { fireAt: "2026-11-22T10:17:17.566Z", purpose: "alert_check" }, { node: ":alerts", nodeName: null }),
  entry("effect", "something.new", {}),
];

describe("an order's timeline for staff", () => {
  it("says what happened, at which step, by whom, in English", () => {
    const rows = timelineRows(entries, wording("en"));
    expect(rows.map((row) => [row.step, row.what, row.who])).toEqual([
      ["", "Order taken in; the flow started", "webhook:taobao"],
      ["Automatic audit", "Step started", null],
      ["Automatic audit", "Decision: pass", null],
      ["Pick", 'Order status is now "Picking"', null],
      ["Pick", "Task opened for picker in SH-01", null],
      ["Pick", "Deadline set for @2026-11-22T11:02:17.628Z", null],
      ["", "The system answered", null],
      ["", "A system call failed: SF timed out", null],
      ["Pick", "Task done and submitted", "picker-wang"],
      ["", "Deadline set for @2026-11-22T10:17:17.566Z", null],
      ["", "something.new", null],
    ]);
  });

  it("says it in Chinese too", () => {
    const rows = timelineRows(entries, wording("zh"));
    expect(rows[2]).toMatchObject({ step: "自动审核", what: "判定结果：pass" });
    expect(rows[3]!.what).toBe("订单状态变为“待拣货”");
    expect(rows[4]!.what).toBe("已派发任务给 SH-01 的 picker");
  });

  it("keeps a decision's explanation, flags failures, and marks the machinery's own steps technical", () => {
    const rows = timelineRows(entries, wording("en"));
    expect(rows[2]!.why).toBe("→ pass (no condition held)\n✗ any of:");
    expect(rows.filter((row) => row.why !== null)).toHaveLength(1);
    expect(rows.filter((row) => row.problem).map((row) => row.what)).toEqual(["A system call failed: SF timed out"]);
    expect(rows.filter((row) => !row.technical).map((row) => row.what)).toEqual([
      "Order taken in; the flow started",
      "Decision: pass",
      'Order status is now "Picking"',
      "Task opened for picker in SH-01",
      "A system call failed: SF timed out",
      "Task done and submitted",
      "something.new",
    ]);
  });

  it("keys rows by instance and step, unique across the order's instances", () => {
    const merged = [entry("event", "instance.start", {}, { instanceId: "a", seq: 1 }), entry("event", "instance.start", {}, { instanceId: "b", seq: 1 })];
    expect(new Set(timelineRows(merged, wording("en")).map((row) => row.key)).size).toBe(2);
  });
});
