/**
 * Counts and times every request by method, route pattern and status, for
 * /metrics. Labelled with the pattern ("/orders/:id"), never the raw path,
 * so the number of series stays bounded whatever clients send.
 */
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Metrics } from "../observability/metrics";
import type { Env } from "./env";

/** Seconds: from a cached read to a slow search. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function requestMetrics(metrics: Metrics): MiddlewareHandler<Env> {
  const requests = metrics.counter("orderflow_http_requests_total", "HTTP requests answered, by method, route pattern and status", ["method", "route", "status"]);
  const seconds = metrics.histogram("orderflow_http_request_duration_seconds", "Time to answer an HTTP request (for a stream: to its first byte), by method, route pattern and status", BUCKETS, ["method", "route", "status"]);
  return async (c, next) => {
    const started = performance.now();
    await next();
    // The route that answered is the last one matched that is not a middleware; none: no route had the path.
    const route = matchedRoutes(c).findLast((r) => r.method !== "ALL")?.path ?? "unmatched";
    const labels = { method: c.req.method, route, status: String(c.res.status) };
    requests.inc(labels);
    seconds.observe((performance.now() - started) / 1000, labels);
  };
}
