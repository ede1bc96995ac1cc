import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { createMetrics } from "./metrics";

describe("metrics", () => {
  it("renders counters, gauges and histograms in the Prometheus text format", () => {
    const metrics = createMetrics();
    const applied = metrics.counter("orderflow_events_applied_total", "Events applied to instances", ["type"]);
    const open = metrics.gauge("orderflow_tasks_open", "Open tasks");
    const latency = metrics.histogram("orderflow_step_seconds", "Time to apply one event", [0.1, 0.5, 1]);
    applied.inc({ type: "task.submitted" });
    applied.inc({ type: "task.submitted" });
    applied.inc({ type: 'odd"type' }, 3);
    open.set(12);
    latency.observe(0.0625);
    latency.observe(0.75);
    expect(metrics.render()).toBe(
      [
        "# HELP orderflow_events_applied_total Events applied to instances",
        "# TYPE orderflow_events_applied_total counter",
        'orderflow_events_applied_total{type="task.submitted"} 2',
        'orderflow_events_applied_total{type="odd\\"type"} 3',
        "# HELP orderflow_tasks_open Open tasks",
        "# TYPE orderflow_tasks_open gauge",
        "orderflow_tasks_open 12",
        "# HELP orderflow_step_seconds Time to apply one event",
        "# TYPE orderflow_step_seconds histogram",
        'orderflow_step_seconds_bucket{le="0.1"} 1',
        'orderflow_step_seconds_bucket{le="0.5"} 1',
        'orderflow_step_seconds_bucket{le="1"} 2',
        'orderflow_step_seconds_bucket{le="+Inf"} 2',
        "orderflow_step_seconds_sum 0.8125",
        "orderflow_step_seconds_count 2",
        "",
      ].join("\n"),
    );
  });

  it("refuses a label it was not given, a second registration and a falling counter", () => {
    const metrics = createMetrics();
    const counter = metrics.counter("a_total", "A", ["kind"]);
    expect(() => counter.inc({ other: "x" })).toThrow(/no label "other"/);
    expect(() => metrics.counter("a_total", "A")).toThrow(/registered twice/);
    expect(() => counter.inc({}, -1)).toThrow(/only goes up/);
    expect(() => metrics.gauge("bad name", "x")).toThrow(/may use letters/);
  });
});

describe("logger", () => {
  it("writes one JSON object per line with the bound fields, and skips lines below its level", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", write: (line) => lines.push(line), clock: () => new Date("2026-11-22T01:00:00Z") });
    log.child({ worker: "w1" }).info("claimed", { rows: 3 });
    log.debug("hidden");
    log.error("failed", { error: new Error("boom") });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { time: "2026-11-22T01:00:00.000Z", level: "info", message: "claimed", worker: "w1", rows: 3 },
      { time: "2026-11-22T01:00:00.000Z", level: "error", message: "failed", error: { name: "Error", message: "boom", stack: expect.stringContaining("boom") } },
    ]);
  });
});
