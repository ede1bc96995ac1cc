/**
 * A WeCom group robot, simulated over real HTTP for tests and demos:
 * POST /cgi-bin/webhook/send?key=… checks the key (93000), takes text and
 * markdown, enforces 20 messages a minute (45009) and keeps what it took. On
 * request it answers 5xx, 429 with Retry-After, hangs, drops the connection,
 * loses an answer, or refuses with an errcode of its own.
 *
 * @example
 * const robot = await startRobotSimulator({ webhookKey: "k-1" });
 * robot.fault({ kind: "errcode", errcode: 45009 });
 */
import type { ServerResponse } from "node:http";
import { answerWithFault, dropRepeats, sendJson, startLocalServer, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";

export type RobotFault = FarSideFault | { kind: "errcode"; errcode: number; errmsg?: string };

export interface RobotPost {
  msgtype: "text" | "markdown";
  content: string;
  mentionedMobiles: string[];
  /** The Idempotency-Key header the sender set: a receiver that keeps them can drop a repeat. */
  idempotencyKey: string | undefined;
}

export interface RobotSimulatorOptions {
  webhookKey: string;
  perMinute?: number;
  clock?: () => Date;
}

export interface RobotSimulator {
  url: string;
  /** Every message the robot took, repeats included. */
  received: RobotPost[];
  /** What the group shows when repeats (one idempotency key) are dropped. */
  messages(): RobotPost[];
  requests: RecordedRequest[];
  fault(...faults: RobotFault[]): void;
  /** The connector's settings for this robot (endpoint and key), for tests and the demo. */
  settings(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startRobotSimulator(options: RobotSimulatorOptions): Promise<RobotSimulator> {
  const clock = options.clock ?? (() => new Date());
  const perMinute = options.perMinute ?? 20;
  const faults: RobotFault[] = [];
  const received: RobotPost[] = [];
  const sentAt: number[] = [];
  const refuse = (errcode: number, errmsg: string): ScriptedResponse => ({ status: 200, body: { errcode, errmsg } });

  const take = (request: RecordedRequest): ScriptedResponse => {
    if (request.method !== "POST" || request.path !== "/cgi-bin/webhook/send") return { status: 404, body: "not found" };
    if (request.query["key"] !== options.webhookKey) return refuse(93000, "invalid webhook url");
    const now = clock().getTime();
    while (sentAt.length > 0 && now - sentAt[0]! >= 60_000) sentAt.shift();
    if (sentAt.length >= perMinute) return refuse(45009, "api freq out of limit");
    let body: Record<string, any>;
    try {
      body = JSON.parse(request.body) as Record<string, any>;
    } catch {
      return refuse(40035, "invalid json");
    }
    const msgtype = body["msgtype"];
    const content = msgtype === "text" || msgtype === "markdown" ? body[msgtype]?.content : undefined;
    if (typeof content !== "string" || content === "") return refuse(40008, "invalid message type or empty content");
    const mentioned = msgtype === "text" && Array.isArray(body["text"]?.mentioned_mobile_list) ? body["text"].mentioned_mobile_list : [];
    sentAt.push(now);
    received.push({ msgtype, content, mentionedMobiles: mentioned, idempotencyKey: request.headers["idempotency-key"] });
    return { status: 200, body: { errcode: 0, errmsg: "ok" } };
  };

  const answer = (request: RecordedRequest, response: ServerResponse) => {
    const fault = faults.shift();
    if (fault?.kind === "errcode") return sendJson(response, 200, { errcode: fault.errcode, errmsg: fault.errmsg ?? "simulated refusal" });
    answerWithFault(fault, response, () => take(request));
  };

  const server = await startLocalServer(answer);
  return {
    url: server.url,
    received,
    messages: () => dropRepeats(received),
    requests: server.requests,
    fault: (...next) => void faults.push(...next),
    settings: () => ({ apiBaseUrl: server.url, webhookKey: options.webhookKey }),
    close: () => server.close(),
  };
}
