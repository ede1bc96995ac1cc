/**
 * What every group-chat robot connector (DingTalk, WeCom and the like) has in
 * common: the install settings (endpoint, message format, language, the
 * directory of mobiles to @-mention), the robot's answer (HTTP 200 with
 * `errcode` 0 when it took the message, another code when it did not), and the
 * pace of 20 messages a minute these robots allow.
 *
 * @example
 * export const settings = chatRobotSettings({
 *   apiBaseUrl: { default: "https://qyapi.weixin.qq.com", description: { zh: "企业微信接口地址；测试时指向模拟器", en: "WeCom's API; point it at the simulator for tests" } },
 *   mentionDescription: { zh: "在群里 @ 此人所用的手机号", en: "The mobile WeCom uses to @-mention this person" },
 * });
 * checkRobotAnswer(body, { platform: "WeCom", codePrefix: "wecom", refusals: { 93000: (said) => permanentError("invalid_key", `… (${said})`) } });
 */
import { permanentError, type ConnectorError } from "../errors";
import type { LocalizedText } from "../localized";
import { Prop } from "../props/prop";
import type { Locale } from "../localized";
import type { Notification } from "../definition/connector";
import { messageLanguageProp, messageText } from "./message-text";
import { recipientAddresses, recipientDirectoryProp, type DirectoryEntry } from "./recipients";

/** Mainland mobiles, or `+86-138…` as the chat apps also show them. */
export const ROBOT_MOBILE_PATTERN = "^\\+?[0-9][0-9-]{4,19}$";
export const isRobotMobile = (value: string): boolean => new RegExp(ROBOT_MOBILE_PATTERN).test(value);

export const ROBOT_MESSAGE_FORMATS = [
  { value: "text", label: { zh: "纯文本", en: "Plain text" } },
  { value: "markdown", label: { zh: "Markdown", en: "Markdown" } },
] as const;

/**
 * 20 messages a minute per robot, counted over any minute: a burst of 10 and
 * then one every 6 s never exceeds it (10 + 60 s × 1/6 = 20).
 */
export const CHAT_ROBOT_RATE_LIMIT = { perSecond: 1 / 6, burst: 10 } as const;

export interface ChatRobotSettingsOptions {
  apiBaseUrl: { default: string; description: LocalizedText };
  /** Shown under the message format, e.g. what markdown cannot do on this platform. */
  formatDescription?: LocalizedText;
  /** Says what the directory's mobiles are for on this platform. */
  mentionDescription: LocalizedText;
}

/** The install settings of a group-chat robot: endpoint, message format, language and the directory of mobiles. */
export function chatRobotSettings(options: ChatRobotSettingsOptions) {
  return {
    apiBaseUrl: Prop.text({ label: { zh: "接口地址", en: "API base URL" }, description: options.apiBaseUrl.description, format: "uri", default: options.apiBaseUrl.default, required: false }),
    messageFormat: Prop.select({ label: { zh: "消息格式", en: "Message format" }, ...(options.formatDescription ? { description: options.formatDescription } : {}), options: ROBOT_MESSAGE_FORMATS, default: "text", required: false }),
    language: messageLanguageProp(),
    directory: recipientDirectoryProp({ label: { zh: "手机号", en: "Mobile" }, description: options.mentionDescription, pattern: ROBOT_MOBILE_PATTERN }),
  };
}

/** The installed settings `chatRobotSettings` declares, as far as a notification needs them. */
export interface ChatRobotInstalled {
  messageFormat?: "text" | "markdown" | undefined;
  language?: Locale | undefined;
  directory?: readonly DirectoryEntry[] | undefined;
}

/** A flow's notification as the robot posts it: the text in the installation's language, its format, and the mobiles of the people it names. */
export function robotNotice(installed: ChatRobotInstalled, notification: Notification): { text: string; format: "text" | "markdown"; mobiles: string[] } {
  return {
    text: messageText(notification.message, installed.language),
    format: installed.messageFormat ?? "text",
    mobiles: recipientAddresses(installed.directory, notification.to, isRobotMobile),
  };
}

export interface RobotAnswerOptions {
  /** The platform's name in messages, e.g. "DingTalk". */
  platform: string;
  /** Prefixes the error code of a refusal without its own meaning, e.g. `dingtalk` → `dingtalk_40035`. */
  codePrefix: string;
  /** The errcodes that mean something of their own, each with the error it becomes. */
  refusals: Readonly<Record<number, (said: string) => ConnectorError>>;
}

/** Returns when the robot took the message (errcode 0); throws what its errcode means otherwise. */
export function checkRobotAnswer(body: unknown, options: RobotAnswerOptions): void {
  const answer = typeof body === "object" && body !== null ? (body as { errcode?: unknown; errmsg?: unknown }) : {};
  if (typeof answer.errcode !== "number") throw permanentError("bad_response", `${options.platform} answered without an errcode, so it is not known whether the message was sent: ${JSON.stringify(body).slice(0, 200)}`);
  if (answer.errcode === 0) return;
  const said = `errcode ${answer.errcode}: ${String(answer.errmsg ?? "")}`;
  const refusal = options.refusals[answer.errcode];
  throw refusal ? refusal(said) : permanentError(`${options.codePrefix}_${answer.errcode}`, `${options.platform} refused the message (${said})`);
}
