import { Auth, chatRobotSettings, Prop } from "@orderflow/connector-sdk";

/** What staff fill in when they add the group robot to orderflow. */
export const settings = chatRobotSettings({
  apiBaseUrl: { default: "https://qyapi.weixin.qq.com", description: { zh: "企业微信接口地址；测试时指向模拟器", en: "WeCom's API; point it at the simulator for tests" } },
  formatDescription: { zh: "Markdown 消息不能按手机号 @ 人", en: "Markdown messages cannot @-mention by mobile" },
  mentionDescription: { zh: "在群里 @ 此人所用的手机号", en: "The mobile WeCom uses to @-mention this person" },
});

/** The robot's webhook key is its only credential: whoever has it can post to the group. */
export const auth = Auth.signed({
  props: { webhookKey: Prop.secret({ label: { zh: "Webhook key", en: "Webhook key" }, description: { zh: "机器人 Webhook 地址中 key= 后的部分", en: "The part after key= in the robot's webhook URL" } }) },
  sign(request, { webhookKey }) {
    const url = new URL(request.url);
    url.searchParams.set("key", webhookKey);
    return { ...request, url };
  },
});

export const allSettings = { ...settings, ...auth.props };
