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
import { startChatRobotSimulator, type ChatRobotSimulator } from "@orderflow/connector-sdk/testing";

export type { RobotFault } from "@orderflow/connector-sdk/testing";

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

export type RobotSimulator = ChatRobotSimulator<RobotPost>;

export async function startRobotSimulator(options: RobotSimulatorOptions): Promise<RobotSimulator> {
  return startChatRobotSimulator<RobotPost>({
    path: "/cgi-bin/webhook/send",
    perMinute: options.perMinute ?? 20,
    tooFast: { errcode: 45009, errmsg: "api freq out of limit" },
    clock: options.clock,
    admit: (request, refuse) => (request.query["key"] === options.webhookKey ? undefined : refuse(93000, "invalid webhook url")),
    read(body, request, refuse) {
      const msgtype = body["msgtype"];
      const content = msgtype === "text" || msgtype === "markdown" ? body[msgtype]?.content : undefined;
      if (typeof content !== "string" || content === "") return refuse(40008, "invalid message type or empty content");
      const mentioned = msgtype === "text" && Array.isArray(body["text"]?.mentioned_mobile_list) ? body["text"].mentioned_mobile_list : [];
      return { msgtype, content, mentionedMobiles: mentioned, idempotencyKey: request.headers["idempotency-key"] };
    },
    settings: (url) => ({ apiBaseUrl: url, webhookKey: options.webhookKey }),
  });
}
