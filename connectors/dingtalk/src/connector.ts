import { CHAT_ROBOT_RATE_LIMIT, defineConnector, robotNotice, type NotifyContext, type Notification, type PropsValue } from "@orderflow/connector-sdk";
import { sendRobotMessage } from "./robot-message";
import { sendMessage } from "./send-message";
import { allSettings, auth, settings } from "./settings";

/** A flow's notification, posted to the group; the people it names are @-mentioned by the mobiles in the directory. */
async function notifyGroup(context: NotifyContext<Record<string, unknown>>, notification: Notification): Promise<void> {
  const installed = context.settings as PropsValue<typeof allSettings>;
  await sendRobotMessage(context.http, installed.apiBaseUrl ?? "https://oapi.dingtalk.com", { ...robotNotice(installed, notification), atAll: false });
}

/** A DingTalk group's custom robot: flow notifications and a send-message step, signed when the robot asks for it. */
export const dingtalk = defineConnector({
  id: "dingtalk",
  name: { zh: "钉钉群机器人", en: "DingTalk group robot" },
  description: { zh: "通过自定义机器人向钉钉群发送通知，支持加签与 @ 手机号", en: "Sends notifications to a DingTalk group through its custom robot, with signing and @-mentions" },
  category: "notification",
  version: "1.0.0",
  auth,
  settings,
  rateLimit: CHAT_ROBOT_RATE_LIMIT,
  actions: [sendMessage],
  notify: notifyGroup,
});
