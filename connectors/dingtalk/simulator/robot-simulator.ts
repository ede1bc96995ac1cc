/**
 * A DingTalk custom robot, simulated over real HTTP for tests and demos:
 * POST /robot/send?access_token=…[&timestamp=…&sign=…] checks the token and,
 * when the robot is set to sign, the signature and its one-hour window;
 * enforces 20 messages a minute (errcode 130101); keeps what it took. On
 * request it answers 5xx, 429 with Retry-After, hangs, drops the connection,
 * loses an answer, or refuses with an errcode of its own.
 *
 * @example
 * const robot = await startRobotSimulator({ accessToken: "t0k", signSecret: "SEC…" });
 * robot.fault({ kind: "lost_answer" }, { kind: "errcode", errcode: 130101 });
 */
import type { ServerResponse } from "node:http";
import { signaturesMatch } from "@orderflow/connector-sdk";
import { answerWithFault, dropRepeats, sendJson, startLocalServer, type FarSideFault, type RecordedRequest, type ScriptedResponse } from "@orderflow/connector-sdk/testing";
import { robotSignature, SIGNATURE_WINDOW_MS } from "../src/robot-signature";

export type RobotFault = FarSideFault | { kind: "errcode"; errcode: number; errmsg?: string };

export interface RobotPost {
  msgtype: string;
  /** The text as the group shows it (text content or markdown text). */
  text: string;
  title?: string;
  atMobiles: string[];
  isAtAll: boolean;
  /** The Idempotency-Key header the sender set: a receiver that keeps them can drop a repeat. */
  idempotencyKey: string | undefined;
}

export interface RobotSimulatorOptions {
  accessToken: string;
  /** Set: the robot's security is "加签" and every call must be signed. */
  signSecret?: string;
  perMinute?: number;
  clock?: () => Date;
}

export interface RobotSimulator {
  url: string;
  /** Every message the robot took, repeats included. */
  received: RobotPost[];
  /** What a group shows when repeats (one idempotency key) are dropped. */
  messages(): RobotPost[];
  requests: RecordedRequest[];
  fault(...faults: RobotFault[]): void;
  /** The connector's settings for this robot (endpoint and credentials), for tests and the demo. */
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
    if (request.method !== "POST" || request.path !== "/robot/send") return { status: 404, body: { errcode: 404, errmsg: "no such endpoint" } };
    if (request.query["access_token"] !== options.accessToken) return refuse(300001, "token is not exist");
    if (options.signSecret !== undefined) {
      const timestamp = Number(request.query["timestamp"]);
      if (!Number.isInteger(timestamp) || Math.abs(clock().getTime() - timestamp) > SIGNATURE_WINDOW_MS) return refuse(310000, "invalid timestamp");
      if (!signaturesMatch(request.query["sign"] ?? "", robotSignature(options.signSecret, timestamp))) return refuse(310000, "sign not match");
    }
    const now = clock().getTime();
    while (sentAt.length > 0 && now - sentAt[0]! >= 60_000) sentAt.shift();
    if (sentAt.length >= perMinute) return refuse(130101, "send too fast, exceed 20 times per minute");
    let body: Record<string, any>;
    try {
      body = JSON.parse(request.body) as Record<string, any>;
    } catch {
      return refuse(40035, "invalid json");
    }
    const content = body["msgtype"] === "text" ? body["text"]?.content : body["msgtype"] === "markdown" ? body["markdown"]?.text : undefined;
    if (typeof content !== "string" || content === "") return refuse(40035, "missing or unsupported msgtype / content");
    sentAt.push(now);
    received.push({
      msgtype: body["msgtype"],
      text: content,
      ...(body["msgtype"] === "markdown" ? { title: body["markdown"]?.title } : {}),
      atMobiles: Array.isArray(body["at"]?.atMobiles) ? body["at"].atMobiles : [],
      isAtAll: body["at"]?.isAtAll === true,
      idempotencyKey: request.headers["idempotency-key"],
    });
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
    settings: () => ({ apiBaseUrl: server.url, accessToken: options.accessToken, ...(options.signSecret === undefined ? {} : { signSecret: options.signSecret }) }),
    close: () => server.close(),
  };
}
