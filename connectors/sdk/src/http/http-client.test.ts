import { afterEach, describe, expect, it } from "vitest";
import { ConnectorError } from "../errors";
import { sendJson, startLocalServer, type LocalServer } from "../testing/local-server";
import { createHttpClient, type HttpClientOptions } from "./http-client";
import { createRateBudgets } from "./rate-budget";

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A far side answering each request with the next of `answers`. */
async function farSide(...answers: ((response: import("node:http").ServerResponse) => void)[]) {
  let n = 0;
  const server = await startLocalServer((_request, response) => {
    const answer = answers[Math.min(n++, answers.length - 1)]!;
    answer(response);
  });
  servers.push(server);
  return server;
}

const ok = (body: unknown = { ok: true }) => (r: import("node:http").ServerResponse) => sendJson(r, 200, body);
const status = (code: number, headers: Record<string, string> = {}, body: unknown = { error: "busy" }) => (r: import("node:http").ServerResponse) => sendJson(r, code, body, headers);
const never = () => () => {};

function client(server: LocalServer, options: HttpClientOptions = {}) {
  const waits: number[] = [];
  const http = createHttpClient({ baseUrl: server.url, sleep: async (ms) => void waits.push(ms), random: () => 1, ...options });
  return { http, waits };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("createHttpClient", () => {
  it("sends JSON with the idempotency key and reads JSON back", async () => {
    const server = await farSide(ok({ id: "shp_1" }));
    const { http } = client(server, { idempotencyKey: "inst-1:ship:1" });
    const response = await http.request<{ id: string }>({ method: "POST", path: "/shipments", json: { a: 1 }, query: { shop: "s1", page: undefined } });
    expect(response.body).toEqual({ id: "shp_1" });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", path: "/shipments", query: { shop: "s1" }, body: '{"a":1}' });
    expect(request!.headers["idempotency-key"]).toBe("inst-1:ship:1");
    expect(request!.headers["content-type"]).toBe("application/json");
  });

  it("uses a connector's own idempotency header name, or none", async () => {
    const server = await farSide(ok());
    await client(server, { idempotencyKey: "k1", idempotencyHeader: "X-Request-Id" }).http.request({ path: "/" });
    await client(server, { idempotencyKey: "k1", idempotencyHeader: null }).http.request({ path: "/" });
    expect(server.requests[0]!.headers["x-request-id"]).toBe("k1");
    expect(server.requests[1]!.headers["idempotency-key"]).toBeUndefined();
  });

  it("retries 5xx with exponential backoff and succeeds", async () => {
    const server = await farSide(status(502), status(500), ok());
    const { http, waits } = client(server, { idempotencyKey: "k", retry: { maxAttempts: 3, initialDelayMs: 100 } });
    expect((await http.request({ method: "POST", path: "/x", json: {} })).status).toBe(200);
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it("honours Retry-After on 429 when it is short, and hands a long one back to the caller", async () => {
    const short = await farSide(status(429, { "retry-after": "2" }), ok());
    const a = client(short, { retry: { maxDelayMs: 5_000 } });
    await a.http.request({ path: "/" });
    expect(a.waits).toEqual([2_000]);

    const long = await farSide(status(429, { "retry-after": "120" }));
    const error = await failure(client(long).http.request({ path: "/" }));
    expect(error).toMatchObject({ code: "http_429", retryable: true, retryAfterMs: 120_000, status: 429 });
    expect(long.requests).toHaveLength(1);
  });

  it("does not repeat a POST without an idempotency key after a 500, saying why", async () => {
    const server = await farSide(status(500, {}, "boom: database down"));
    const error = await failure(client(server).http.request({ method: "POST", path: "/orders", json: {} }));
    expect(server.requests).toHaveLength(1);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/orders answered 500 Internal Server Error: boom: database down/);
  });

  it("gives up after the last attempt with the status and an excerpt of the body", async () => {
    const server = await farSide(status(503, {}, { error: "x".repeat(1000) }));
    const error = await failure(client(server, { retry: { maxAttempts: 2 } }).http.request({ path: "/" }));
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ code: "http_503", retryable: true, status: 503 });
    expect(error.message.length).toBeLessThan(500);
  });

  it("refuses 4xx at once, not retryable", async () => {
    const server = await farSide(status(400, {}, { error: "bad tracking number" }));
    const error = await failure(client(server).http.request({ path: "/" }));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: "http_400", retryable: false });
    expect(error.message).toContain("bad tracking number");
  });

  it("times a request out and retries it when repeating is safe", async () => {
    const server = await farSide(never(), ok());
    const { http } = client(server, { timeoutMs: 100 });
    expect((await http.request({ path: "/slow" })).status).toBe(200);
    expect(server.requests).toHaveLength(2);

    const hanging = await farSide(never());
    const error = await failure(client(hanging, { timeoutMs: 100, retry: { maxAttempts: 2 } }).http.request({ path: "/slow" }));
    expect(error).toMatchObject({ code: "timeout", retryable: true });
    expect(error.message).toContain("did not answer within 100 ms");
  });

  it("reports a connection that fails as a network error", async () => {
    const server = await farSide(ok());
    const url = server.url;
    await server.close();
    servers.length = 0;
    const error = await failure(createHttpClient({ baseUrl: url, sleep: async () => {}, retry: { maxAttempts: 2 } }).request({ path: "/" }));
    expect(error).toMatchObject({ code: "network", retryable: true });
  });

  it("reads a non-JSON answer as text and refuses JSON that is not", async () => {
    const text = await farSide((r) => sendJson(r, 200, "plain words"));
    expect((await client(text).http.request({ path: "/" })).body).toBe("plain words");
    const broken = await farSide((r) => {
      r.writeHead(200, { "content-type": "application/json" });
      r.end("{not json");
    });
    expect(await failure(client(broken).http.request({ path: "/" }))).toMatchObject({ code: "bad_response", retryable: false });
  });

  it("asks the authorizer to renew once after a 401, then repeats the request", async () => {
    const server = await farSide(status(401), ok());
    let token = "old";
    const { http } = client(server, {
      authorizer: {
        authorize: (request) => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } }),
        renew: async () => {
          token = "new";
          return true;
        },
      },
    });
    await http.request({ path: "/" });
    expect(server.requests.map((r) => r.headers["authorization"])).toEqual(["Bearer old", "Bearer new"]);
  });
});

describe("createRateBudgets", () => {
  it("lets a burst through, then spaces calls per key, shared by every client with that key", async () => {
    let now = 0;
    const waits: number[] = [];
    const budgets = createRateBudgets({
      perSecond: 2,
      burst: 2,
      clock: () => new Date(now),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(await Promise.all([budgets.take("shop-a"), budgets.take("shop-a"), budgets.take("shop-a"), budgets.take("shop-a")])).toEqual([0, 0, 500, 1000]);
    expect(await budgets.take("shop-b")).toBe(0);
    now += 5_000;
    expect(await budgets.take("shop-a")).toBe(0);

    const server = await farSide(ok());
    const one = createHttpClient({ baseUrl: server.url, rateLimit: { budgets, key: "shop-c" } });
    const two = createHttpClient({ baseUrl: server.url, rateLimit: { budgets, key: "shop-c" } });
    await Promise.all([one.request({ path: "/" }), two.request({ path: "/" }), one.request({ path: "/" })]);
    expect(waits.at(-1)).toBe(500);
  });
});
