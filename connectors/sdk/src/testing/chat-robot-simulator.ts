/**
 * The common body of a simulated group-chat robot (DingTalk, WeCom and the
 * like): a JSON webhook that answers HTTP 200 with `{ errcode, errmsg }`,
 * takes a bounded number of messages a minute, keeps what it took, and can be
 * told to commit far-side faults or to refuse with an errcode of its own. A
 * connector's simulator supplies only what differs: the path, the credential
 * check, how a message reads and how the robot says "too fast".
 *
 * @example
 * const robot = await startChatRobotSimulator({
 *   path: "/send", perMinute: 20, tooFast: { errcode: 45009, errmsg: "api freq out of limit" },
 *   admit: (request, refuse) => (request.query["key"] === "k" ? undefined : refuse(93000, "invalid key")),
 *   read: (body, request, refuse) => ({ text: String(body["text"]) }),
 *   settings: (url) => ({ apiBaseUrl: url }),
 * });
 */
import type { ServerResponse } from "node:http";
import { answerWithFault, dropRepeats, type FarSideFault } from "./far-side-faults";
import { sendJson, startLocalServer, type RecordedRequest, type ScriptedResponse } from "./local-server";

export type RobotFault = FarSideFault | { kind: "errcode"; errcode: number; errmsg?: string };

/** Builds the robot's refusal: HTTP 200 with a non-zero errcode. */
export type RobotRefuse = (errcode: number, errmsg: string) => ScriptedResponse;

export interface ChatRobotSimulatorOptions<Post> {
  /** The one path the robot answers POSTs on; anything else is 404 `notFound`. */
  path: string;
  notFound?: unknown;
  perMinute: number;
  /** The refusal once `perMinute` messages were taken in the last minute. */
  tooFast: { errcode: number; errmsg: string };
  /** Checks credentials before anything else; a refusal, or undefined to go on. */
  admit(request: RecordedRequest, refuse: RobotRefuse): ScriptedResponse | undefined;
  /** Reads the message from the parsed body: the post to keep, or a refusal. */
  read(body: Record<string, any>, request: RecordedRequest, refuse: RobotRefuse): Post | ScriptedResponse;
  /** The connector's settings for this robot, given its URL. */
  settings(url: string): Record<string, unknown>;
  clock?: () => Date;
}

export interface ChatRobotSimulator<Post> {
  url: string;
  /** Every message the robot took, repeats included. */
  received: Post[];
  /** What the group shows when repeats (one idempotency key) are dropped. */
  messages(): Post[];
  requests: RecordedRequest[];
  fault(...faults: RobotFault[]): void;
  /** The connector's settings for this robot (endpoint and credentials), for tests and the demo. */
  settings(): Record<string, unknown>;
  close(): Promise<void>;
}

/** Starts a simulated chat robot on 127.0.0.1; see the module comment. */
export async function startChatRobotSimulator<Post extends { idempotencyKey: string | undefined }>(options: ChatRobotSimulatorOptions<Post>): Promise<ChatRobotSimulator<Post>> {
  const clock = options.clock ?? (() => new Date());
  const faults: RobotFault[] = [];
  const received: Post[] = [];
  const sentAt: number[] = [];
  const refuse: RobotRefuse = (errcode, errmsg) => ({ status: 200, body: { errcode, errmsg } });

  const take = (request: RecordedRequest): ScriptedResponse => {
    if (request.method !== "POST" || request.path !== options.path) return { status: 404, body: options.notFound ?? "not found" };
    const refused = options.admit(request, refuse);
    if (refused !== undefined) return refused;
    const now = clock().getTime();
    while (sentAt.length > 0 && now - sentAt[0]! >= 60_000) sentAt.shift();
    if (sentAt.length >= options.perMinute) return refuse(options.tooFast.errcode, options.tooFast.errmsg);
    let body: Record<string, any>;
    try {
      body = JSON.parse(request.body) as Record<string, any>;
    } catch {
      return refuse(40035, "invalid json");
    }
    const post = options.read(body, request, refuse);
    if (!("idempotencyKey" in post)) return post;
    sentAt.push(now);
    received.push(post);
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
    settings: () => options.settings(server.url),
    close: () => server.close(),
  };
}
