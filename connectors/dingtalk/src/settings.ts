import { Auth, messageLanguageProp, Prop, recipientDirectoryProp } from "@orderflow/connector-sdk";
import { robotSignature } from "./robot-signature";

/** Mainland mobiles, or `+86-138…` as DingTalk also shows them. */
export const MOBILE_PATTERN = "^\\+?[0-9][0-9-]{4,19}$";
export const isMobile = (value: string): boolean => new RegExp(MOBILE_PATTERN).test(value);

export const MESSAGE_FORMATS = [
  { value: "text", label: { zh: "纯文本", en: "Plain text" } },
  { value: "markdown", label: { zh: "Markdown", en: "Markdown" } },
] as const;

/** What staff fill in when they add the robot to orderflow. */
export const settings = {
  apiBaseUrl: Prop.text({
    label: { zh: "接口地址", en: "API base URL" },
    description: { zh: "钉钉开放平台地址；测试时指向模拟器", en: "DingTalk's open platform; point it at the simulator for tests" },
    format: "uri",
    default: "https://oapi.dingtalk.com",
    required: false,
  }),
  messageFormat: Prop.select({ label: { zh: "消息格式", en: "Message format" }, options: MESSAGE_FORMATS, default: "text", required: false }),
  language: messageLanguageProp(),
  directory: recipientDirectoryProp({
    label: { zh: "手机号", en: "Mobile" },
    description: { zh: "在群里 @ 此人所用的手机号", en: "The mobile DingTalk uses to @-mention this person in the group" },
    pattern: MOBILE_PATTERN,
  }),
};

/**
 * The robot's webhook carries its access token; with "加签" security the
 * signing secret signs each call. Both are credentials, sealed at rest.
 */
export const auth = Auth.signed({
  props: {
    accessToken: Prop.secret({ label: { zh: "access_token", en: "Access token" }, description: { zh: "机器人 Webhook 地址中 access_token= 后的部分", en: "The part after access_token= in the robot's webhook URL" } }),
    signSecret: Prop.secret({
      label: { zh: "加签密钥", en: "Signing secret" },
      description: { zh: "机器人安全设置选“加签”时的 SEC 开头密钥；用关键词或 IP 白名单时不填", en: "The SEC… secret when the robot's security setting is signing; leave empty with keywords or an IP allow-list" },
      required: false,
    }),
  },
  sign(request, { accessToken, signSecret }, now) {
    const url = new URL(request.url);
    url.searchParams.set("access_token", accessToken);
    if (signSecret) {
      const timestamp = now.getTime();
      url.searchParams.set("timestamp", String(timestamp));
      url.searchParams.set("sign", robotSignature(signSecret, timestamp));
    }
    return { ...request, url };
  },
});

export const allSettings = { ...settings, ...auth.props };
