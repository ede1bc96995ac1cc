/**
 * The HTTP tests' harness: the real app on a test database with a clock the
 * test moves, users signed in through the real login route, and a client
 * that sends JSON and reads it back.
 *
 * @example
 * const http = httpHarness(db);
 * const designer = await http.signIn("li", ["designer"]);
 * const picker = await http.signIn("wang", ["staff"], "SH-01", ["picker"]);
 * expect((await designer.post("/flows/order/publish")).status).toBe(201);
 */
import { readFileSync } from "node:fs";
import type { Kysely } from "kysely";
import type { Role } from "../auth/roles";
import { createUser } from "../auth/users";
import type { Execution } from "../execution/apply-step";
import { createFlowVersions } from "../execution/flow-versions";
import { createWorker, type ConnectorCall, type ConnectorRuntime } from "../execution/worker";
import { createLocalLiveUpdates } from "../live/live-updates";
import { publishSteps } from "../live/step-events";
import type { Database } from "../storage/schema";
import { createApp, type App } from "./app";
import type { AppDeps } from "./env";

export const PASSWORD = "correct horse battery";

export interface Answer {
  status: number;
  // Tests read whatever came back; the schemas are checked elsewhere.
  body: any;
  headers: Headers;
}

export interface Client {
  get(path: string): Promise<Answer>;
  post(path: string, body?: unknown): Promise<Answer>;
  put(path: string, body: unknown): Promise<Answer>;
  patch(path: string, body: unknown): Promise<Answer>;
  delete(path: string): Promise<Answer>;
  /** Sends raw bytes with a content type (file uploads). */
  upload(path: string, bytes: Uint8Array, contentType: string): Promise<Answer>;
  send(path: string, init: RequestInit): Promise<Answer>;
}

/** The order-fulfilment template's flow and sample events. */
export function template(name: "flow.json" | "events.json"): any {
  return JSON.parse(readFileSync(new URL(`../../../templates/order-fulfilment/${name}`, import.meta.url), "utf8"));
}

export function httpHarness(db: Kysely<Database>, options: Omit<AppDeps, "execution"> = {}) {
  let now = new Date("2026-11-22T09:00:00+08:00");
  const live = options.live ?? createLocalLiveUpdates();
  const execution: Execution = { db, flows: createFlowVersions(), clock: () => now, afterCommit: (changes) => void publishSteps(db, live, changes) };
  const app = createApp({ execution, secureCookies: false, ...options, live });
  const client = (headers: Record<string, string> = {}) => clientOf(app, headers);
  return {
    app,
    execution,
    live,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    /** Without credentials. */
    anonymous: client(),
    /** With `Authorization: Bearer <token>`. */
    bearer: (token: string) => client({ authorization: `Bearer ${token}` }),
    /** Creates a user and logs in as them through POST /auth/login. */
    async signIn(login: string, roles: Role[], warehouse: string | null = null, jobRoles: string[] = []): Promise<Client & { userId: string; cookie: string }> {
      const user = await createUser(db, { login, displayName: login, password: PASSWORD, roles, jobRoles, warehouse }, { by: "test" });
      const answer = await client().post("/auth/login", { login, password: PASSWORD });
      if (answer.status !== 200) throw new Error(`login of ${login} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const cookie = answer.headers.get("set-cookie")!.split(";")[0]!;
      return { ...client({ cookie }), userId: user.id, cookie };
    },
    /** A worker with connectors that answer at once (stock reserved in SH-01, a waybill), run until nothing is due. */
    async drainOutbox(): Promise<ConnectorCall[]> {
      const connectors = fakeConnectors();
      const worker = createWorker({ execution, connectors, owner: "test-worker", random: () => 0.5 });
      while ((await worker.runOnce()) > 0);
      return connectors.calls;
    },
  };
}

function fakeConnectors(): ConnectorRuntime & { calls: ConnectorCall[] } {
  const calls: ConnectorCall[] = [];
  return {
    calls,
    async invoke(call) {
      calls.push(call);
      if (call.action === "reserve") return { ok: true, output: { reservationId: "R1", warehouse: "SH-01" } };
      if (call.action === "create_waybill") return { ok: true, output: { courier: "SF", trackingNo: `SF-${String(call.input.orderNo)}` } };
      return { ok: true, output: {} };
    },
    async notify() {
      return { ok: true, output: {} };
    },
  };
}

function clientOf(app: App, headers: Record<string, string>): Client {
  const send = async (path: string, init: RequestInit): Promise<Answer> => {
    const response = await app.request(path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    return { status: response.status, body: type.includes("json") && text ? JSON.parse(text) : text, headers: response.headers };
  };
  const withJson = (method: string) => (path: string, body?: unknown) =>
    send(path, body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  return {
    get: (path) => send(path, { method: "GET" }),
    post: withJson("POST"),
    put: withJson("PUT"),
    patch: withJson("PATCH"),
    delete: (path) => send(path, { method: "DELETE" }),
    upload: (path, bytes, contentType) => send(path, { method: "POST", body: bytes, headers: { "content-type": contentType } }),
    send,
  };
}
