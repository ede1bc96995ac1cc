import { CHAT_ROBOT_RATE_LIMIT, defineConnector, robotNotice, type Notification, type NotifyContext, type PropsValue } from "@orderflow/connector-sdk";
import { sendRobotMessage } from "./robot-message";
import { sendMessage } from "./send-message";
import { allSettings, auth, settings } from "./settings";

/** A flow's notification, posted to the group; the people it names are @-mentioned by the mobiles in the directory. */
async function notifyGroup(context: NotifyContext<Record<string, unknown>>, notification: Notification): Promise<void> {
  const installed = context.settings as PropsValue<typeof allSettings>;
  await sendRobotMessage(context.http, installed.apiBaseUrl ?? "https://qyapi.weixin.qq.com", robotNotice(installed, notification));
}

/** A WeCom (企业微信) group robot: flow notifications and a send-message step. */
export const wecom = defineConnector({
  id: "wecom",
  name: { zh: "企业微信群机器人", en: "WeCom group robot" },
  description: { zh: "通过群机器人向企业微信群发送通知，支持 @ 手机号", en: "Sends notifications to a WeCom group through its robot, with @-mentions by mobile" },
  category: "notification",
  version: "1.0.0",
  auth,
  settings,
  rateLimit: CHAT_ROBOT_RATE_LIMIT,
  actions: [sendMessage],
  notify: notifyGroup,
});
