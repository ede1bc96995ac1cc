/**
 * Prometheus metrics in the text exposition format, served at /metrics:
 * counters, gauges and histograms with labels. Small on purpose: the server
 * needs a handful of series (events applied, outbox rows carried out, step
 * latency, open tasks), not a client library.
 *
 * @example
 * const metrics = createMetrics();
 * const applied = metrics.counter("orderflow_events_applied_total", "Events applied to instances", ["type"]);
 * applied.inc({ type: "task.submitted" });
 * response.body = metrics.render();
 */

type Labels = Record<string, string>;

interface Series {
  render(): string[];
}

export interface Counter {
  inc(labels?: Labels, by?: number): void;
}
export interface Gauge {
  set(value: number, labels?: Labels): void;
}
export interface Histogram {
  observe(value: number, labels?: Labels): void;
}

export interface Metrics {
  counter(name: string, help: string, labelNames?: string[]): Counter;
  gauge(name: string, help: string, labelNames?: string[]): Gauge;
  /** Buckets are upper bounds, e.g. seconds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]. */
  histogram(name: string, help: string, buckets: number[], labelNames?: string[]): Histogram;
  render(): string;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function createMetrics(): Metrics {
  const families = new Map<string, Series>();

  const register = <S extends Series>(name: string, help: string, type: string, labelNames: string[], make: (key: (labels?: Labels) => string) => S): S => {
    if (!NAME.test(name)) throw new Error(`metric name "${name}" may use letters, digits, _ and :`);
    if (families.has(name)) throw new Error(`metric "${name}" is registered twice`);
    const key = (labels: Labels = {}) => {
      for (const label of Object.keys(labels)) if (!labelNames.includes(label)) throw new Error(`metric "${name}" has no label "${label}"`);
      return labelNames.map((label) => `${label}="${escape(labels[label] ?? "")}"`).join(",");
    };
    const series = make(key);
    families.set(name, { render: () => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...series.render()] });
    return series;
  };

  return {
    counter(name, help, labelNames = []) {
      return register(name, help, "counter", labelNames, (key) => {
        const values = new Map<string, number>();
        return {
          inc(labels?: Labels, by = 1) {
            if (by < 0) throw new Error(`counter "${name}" only goes up`);
            const k = key(labels);
            values.set(k, (values.get(k) ?? 0) + by);
          },
          render: () => [...values].map(([k, v]) => `${name}${braces(k)} ${v}`),
        };
      });
    },
    gauge(name, help, labelNames = []) {
      return register(name, help, "gauge", labelNames, (key) => {
        const values = new Map<string, number>();
        return {
          set(value: number, labels?: Labels) {
            values.set(key(labels), value);
          },
          render: () => [...values].map(([k, v]) => `${name}${braces(k)} ${v}`),
        };
      });
    },
    histogram(name, help, buckets, labelNames = []) {
      const bounds = [...buckets].sort((a, b) => a - b);
      return register(name, help, "histogram", labelNames, (key) => {
        const values = new Map<string, { counts: number[]; sum: number; count: number }>();
        return {
          observe(value: number, labels?: Labels) {
            const k = key(labels);
            let series = values.get(k);
            if (!series) values.set(k, (series = { counts: bounds.map(() => 0), sum: 0, count: 0 }));
            bounds.forEach((bound, index) => {
              if (value <= bound) series!.counts[index]!++;
            });
            series.sum += value;
            series.count++;
          },
          render: () =>
            [...values].flatMap(([k, series]) => [
              ...bounds.map((bound, index) => `${name}_bucket${braces(join(k, `le="${bound}"`))} ${series.counts[index]}`),
              `${name}_bucket${braces(join(k, 'le="+Inf"'))} ${series.count}`,
              `${name}_sum${braces(k)} ${series.sum}`,
              `${name}_count${braces(k)} ${series.count}`,
            ]),
        };
      });
    },
    render: () => [...families.values()].flatMap((family) => family.render()).join("\n") + "\n",
  };
}

const braces = (labels: string) => (labels ? `{${labels}}` : "");
const join = (a: string, b: string) => (a ? `${a},${b}` : b);
const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
