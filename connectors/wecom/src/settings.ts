import { Auth, messageLanguageProp, Prop, recipientDirectoryProp } from "@orderflow/connector-sdk";

export const MOBILE_PATTERN = "^\\+?[0-9][0-9-]{4,19}$";
export const isMobile = (value: string): boolean => new RegExp(MOBILE_PATTERN).test(value);

export const MESSAGE_FORMATS = [
  { value: "text", label: { zh: "纯文本", en: "Plain text" } },
  { value: "markdown", label: { zh: "Markdown", en: "Markdown" } },
] as const;

/** What staff fill in when they add the group robot to orderflow. */
export const settings = {
  apiBaseUrl: Prop.text({
    label: { zh: "接口地址", en: "API base URL" },
    description: { zh: "企业微信接口地址；测试时指向模拟器", en: "WeCom's API; point it at the simulator for tests" },
    format: "uri",
    default: "https://qyapi.weixin.qq.com",
    required: false,
  }),
  messageFormat: Prop.select({
    label: { zh: "消息格式", en: "Message format" },
    description: { zh: "Markdown 消息不能按手机号 @ 人", en: "Markdown messages cannot @-mention by mobile" },
    options: MESSAGE_FORMATS,
    default: "text",
    required: false,
  }),
  language: messageLanguageProp(),
  directory: recipientDirectoryProp({ label: { zh: "手机号", en: "Mobile" }, description: { zh: "在群里 @ 此人所用的手机号", en: "The mobile WeCom uses to @-mention this person" }, pattern: MOBILE_PATTERN }),
};

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
