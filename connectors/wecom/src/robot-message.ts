/**
 * One message to the group, as WeCom's group robot takes it, and its answer
 * read: HTTP 200 with `errcode` 0 when it took the message.
 */
import { checkRobotAnswer, permanentError, transientError, type HttpClient, type RobotAnswerOptions } from "@orderflow/connector-sdk";

export interface RobotMessage {
  text: string;
  format: "text" | "markdown";
  /** Mobiles to @-mention; `@all` for everyone. Text messages only. */
  mobiles: readonly string[];
}

/** WeCom's documented limits on content, in UTF-8 bytes. */
const MAX_BYTES = { text: 2048, markdown: 4096 } as const;
/** 20 messages a minute per robot; past that WeCom answers 45009 for a while. */
const FREQUENCY_RETRY_MS = 60_000;

export function robotRequestBody(message: RobotMessage): Record<string, unknown> {
  const bytes = Buffer.byteLength(message.text, "utf8");
  if (bytes > MAX_BYTES[message.format]) {
    throw permanentError("message_too_long", `The message is ${bytes} bytes; WeCom takes at most ${MAX_BYTES[message.format]} bytes of ${message.format}: shorten the flow's message`);
  }
  if (message.format === "markdown") return { msgtype: "markdown", markdown: { content: message.text } };
  return { msgtype: "text", text: { content: message.text, ...(message.mobiles.length > 0 ? { mentioned_mobile_list: [...message.mobiles] } : {}) } };
}

/** Sends the message; returns the mobiles actually @-mentioned (none in markdown). */
export async function sendRobotMessage(http: HttpClient, apiBaseUrl: string, message: RobotMessage): Promise<string[]> {
  const { body } = await http.request<unknown>({ method: "POST", path: new URL("/cgi-bin/webhook/send", apiBaseUrl).toString(), json: robotRequestBody(message) });
  checkRobotAnswer(body, WECOM_ANSWER);
  return message.format === "text" ? [...message.mobiles] : [];
}

/** How WeCom's errcodes read. */
const WECOM_ANSWER: RobotAnswerOptions = {
  platform: "WeCom",
  codePrefix: "wecom",
  refusals: {
    45009: (said) => transientError("rate_limited", `WeCom refused the message because the robot sent too many (${said}); it takes 20 a minute`, FREQUENCY_RETRY_MS),
    93000: (said) => permanentError("invalid_key", `WeCom does not know the robot's webhook key (${said}): copy the key again from the robot's webhook URL; a robot removed from its group loses its key`),
  },
};
