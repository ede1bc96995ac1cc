/**
 * One message to the group, as DingTalk's robot takes it, and DingTalk's
 * answer read: it answers HTTP 200 with `errcode` 0 when it took the message,
 * another code when it did not.
 */
import { checkRobotAnswer, permanentError, transientError, type HttpClient, type RobotAnswerOptions } from "@orderflow/connector-sdk";

export interface RobotMessage {
  text: string;
  format: "text" | "markdown";
  /** Mobiles to @-mention. */
  mobiles: readonly string[];
  atAll: boolean;
}

/** DingTalk allows a robot 20 messages a minute; past that it refuses with 130101 for a while. */
const TOO_FAST_RETRY_MS = 60_000;

export function robotRequestBody(message: RobotMessage): Record<string, unknown> {
  const at = { atMobiles: [...message.mobiles], isAtAll: message.atAll };
  if (message.format === "text") return { msgtype: "text", text: { content: message.text }, at };
  // In markdown DingTalk highlights a mention only when the text itself carries "@mobile".
  const missing = message.mobiles.filter((mobile) => !message.text.includes(`@${mobile}`)).map((mobile) => `@${mobile}`);
  const text = missing.length > 0 ? `${message.text}\n\n${missing.join(" ")}` : message.text;
  return { msgtype: "markdown", markdown: { title: titleOf(message.text), text }, at };
}

/** The chat list shows the title; the first line of the text, without markdown heading marks. */
function titleOf(text: string): string {
  const first = text.split("\n").find((line) => line.trim() !== "") ?? text;
  return first.replace(/^#+\s*/, "").trim().slice(0, 64);
}

export async function sendRobotMessage(http: HttpClient, apiBaseUrl: string, message: RobotMessage): Promise<void> {
  const { body } = await http.request<unknown>({ method: "POST", path: new URL("/robot/send", apiBaseUrl).toString(), json: robotRequestBody(message) });
  checkRobotAnswer(body, DINGTALK_ANSWER);
}

/** How DingTalk's errcodes read. */
const DINGTALK_ANSWER: RobotAnswerOptions = {
  platform: "DingTalk",
  codePrefix: "dingtalk",
  refusals: {
    130101: (said) => transientError("rate_limited", `DingTalk refused the message because the robot sent too many (${said}); it takes 20 a minute`, TOO_FAST_RETRY_MS),
    310000: (said) => permanentError("security_check_failed", `DingTalk refused the message on the robot's security settings (${said}): check the signing secret, the keywords the text must contain, or the IP allow-list`),
    300001: (said) => permanentError("invalid_token", `DingTalk does not know the robot's access token (${said}): copy it again from the robot's webhook URL`),
  },
};
