import { describe, expect } from "vitest";
import { databaseCases, testWithDatabase } from "../storage/testing";
import { httpHarness } from "./testing";

describe.each(await databaseCases())("request metrics on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("/metrics counts and times requests by route pattern and status, never by raw path", async ({ db }) => {
    const http = httpHarness(db);
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    await supervisor.get("/orders/DB20261122000001");
    await supervisor.get("/orders/DB20261122000002");
    await supervisor.get("/orders");
    await http.anonymous.get("/orders");
    await http.anonymous.get("/no/such/page");
    await supervisor.get("/orders?limit=0");

    const text: string = (await http.anonymous.get("/metrics")).body;
    const line = (series: string) => text.split("\n").find((l) => l.startsWith(series))?.slice(series.length + 1);
    expect(line('orderflow_http_requests_total{method="GET",route="/orders/:id",status="404"}')).toBe("2");
    expect(line('orderflow_http_requests_total{method="GET",route="/orders",status="200"}')).toBe("1");
    expect(line('orderflow_http_requests_total{method="GET",route="/orders",status="401"}')).toBe("1");
    expect(line('orderflow_http_requests_total{method="GET",route="/orders",status="400"}')).toBe("1");
    expect(line('orderflow_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe("1");
    expect(line('orderflow_http_requests_total{method="POST",route="/auth/login",status="200"}')).toBe("1");
    expect(line('orderflow_http_request_duration_seconds_count{method="GET",route="/orders/:id",status="404"}')).toBe("2");
    expect(line('orderflow_http_request_duration_seconds_bucket{method="GET",route="/orders/:id",status="404",le="+Inf"}')).toBe("2");
    expect(text).not.toContain("DB20261122000001");
    expect(text).toContain("# TYPE orderflow_http_request_duration_seconds histogram");
  });
});
