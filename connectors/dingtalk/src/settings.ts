import { Auth, chatRobotSettings, Prop } from "@orderflow/connector-sdk";
import { robotSignature } from "./robot-signature";

/** What staff fill in when they add the robot to orderflow. */
export const settings = chatRobotSettings({
  apiBaseUrl: { default: "https://oapi.dingtalk.com", description: { zh: "钉钉开放平台地址；测试时指向模拟器", en: "DingTalk's open platform; point it at the simulator for tests" } },
  mentionDescription: { zh: "在群里 @ 此人所用的手机号", en: "The mobile DingTalk uses to @-mention this person in the group" },
});

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
