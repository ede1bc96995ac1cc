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
import { signaturesMatch } from "@orderflow/connector-sdk";
import { startChatRobotSimulator, type ChatRobotSimulator } from "@orderflow/connector-sdk/testing";
import { robotSignature, SIGNATURE_WINDOW_MS } from "../src/robot-signature";

export type { RobotFault } from "@orderflow/connector-sdk/testing";

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

export type RobotSimulator = ChatRobotSimulator<RobotPost>;

export async function startRobotSimulator(options: RobotSimulatorOptions): Promise<RobotSimulator> {
  const clock = options.clock ?? (() => new Date());
  return startChatRobotSimulator<RobotPost>({
    path: "/robot/send",
    notFound: { errcode: 404, errmsg: "no such endpoint" },
    perMinute: options.perMinute ?? 20,
    tooFast: { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" },
    clock,
    admit(request, refuse) {
      if (request.query["access_token"] !== options.accessToken) return refuse(300001, "token is not exist");
      if (options.signSecret === undefined) return undefined;
      const timestamp = Number(request.query["timestamp"]);
      if (!Number.isInteger(timestamp) || Math.abs(clock().getTime() - timestamp) > SIGNATURE_WINDOW_MS) return refuse(310000, "invalid timestamp");
      if (!signaturesMatch(request.query["sign"] ?? "", robotSignature(options.signSecret, timestamp))) return refuse(310000, "sign not match");
      return undefined;
    },
    read(body, request, refuse) {
      const content = body["msgtype"] === "text" ? body["text"]?.content : body["msgtype"] === "markdown" ? body["markdown"]?.text : undefined;
      if (typeof content !== "string" || content === "") return refuse(40035, "missing or unsupported msgtype / content");
      return {
        msgtype: body["msgtype"],
        text: content,
        ...(body["msgtype"] === "markdown" ? { title: body["markdown"]?.title } : {}),
        atMobiles: Array.isArray(body["at"]?.atMobiles) ? body["at"].atMobiles : [],
        isAtAll: body["at"]?.isAtAll === true,
        idempotencyKey: request.headers["idempotency-key"],
      };
    },
    settings: (url) => ({ apiBaseUrl: url, accessToken: options.accessToken, ...(options.signSecret === undefined ? {} : { signSecret: options.signSecret }) }),
  });
}
