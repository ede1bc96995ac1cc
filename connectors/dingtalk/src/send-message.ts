/** A flow step that posts a message to the DingTalk group, @-mentioning whom it names. */
import { defineAction, Prop, ROBOT_MESSAGE_FORMATS, ROBOT_MOBILE_PATTERN, Type } from "@orderflow/connector-sdk";
import { sendRobotMessage } from "./robot-message";
import { allSettings } from "./settings";

export const sendMessage = defineAction({
  id: "send_message",
  name: { zh: "发送群消息", en: "Send group message" },
  description: { zh: "由钉钉群机器人向群里发一条消息，可 @ 指定手机号", en: "Posts a message to the group through its DingTalk robot, optionally @-mentioning mobiles" },
  settings: allSettings,
  props: {
    text: Prop.text({ label: { zh: "消息内容", en: "Text" }, multiline: true, minLength: 1 }),
    format: Prop.select({ label: { zh: "消息格式", en: "Message format" }, description: { zh: "不填则用安装时的设置", en: "The installation's format when empty" }, options: ROBOT_MESSAGE_FORMATS, required: false }),
    atMobiles: Prop.array({ label: { zh: "@ 手机号", en: "@ mobiles" }, items: Prop.text({ label: { zh: "手机号", en: "Mobile" }, pattern: ROBOT_MOBILE_PATTERN }), maxItems: 50, required: false }),
    atAll: Prop.boolean({ label: { zh: "@ 所有人", en: "@ everyone" }, default: false, required: false }),
  },
  output: Type.Object({
    sent: Type.Boolean({ title: "Sent" }),
    mentioned: Type.Array(Type.String(), { title: "Mentioned mobiles" }),
  }),
  async run({ input, settings, http }) {
    const mobiles = [...new Set(input.atMobiles ?? [])];
    await sendRobotMessage(http, settings.apiBaseUrl ?? "https://oapi.dingtalk.com", { text: input.text, format: input.format ?? settings.messageFormat ?? "text", mobiles, atAll: input.atAll ?? false });
    return { sent: true, mentioned: mobiles };
  },
});
