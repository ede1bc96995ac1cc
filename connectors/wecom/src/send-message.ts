/** A flow step that posts a message to the WeCom group, @-mentioning the mobiles it names. */
import { defineAction, Prop, ROBOT_MESSAGE_FORMATS, ROBOT_MOBILE_PATTERN, Type } from "@orderflow/connector-sdk";
import { sendRobotMessage } from "./robot-message";
import { allSettings } from "./settings";

export const sendMessage = defineAction({
  id: "send_message",
  name: { zh: "发送群消息", en: "Send group message" },
  description: { zh: "由企业微信群机器人向群里发一条消息，纯文本可 @ 手机号", en: "Posts a message to the group through its WeCom robot; plain text can @-mention mobiles" },
  settings: allSettings,
  props: {
    text: Prop.text({ label: { zh: "消息内容", en: "Text" }, multiline: true, minLength: 1 }),
    format: Prop.select({ label: { zh: "消息格式", en: "Message format" }, description: { zh: "不填则用安装时的设置", en: "The installation's format when empty" }, options: ROBOT_MESSAGE_FORMATS, required: false }),
    mentionedMobiles: Prop.array({ label: { zh: "@ 手机号", en: "@ mobiles" }, items: Prop.text({ label: { zh: "手机号", en: "Mobile" }, pattern: `${ROBOT_MOBILE_PATTERN}|^@all$` }), maxItems: 50, required: false }),
  },
  output: Type.Object({
    sent: Type.Boolean({ title: "Sent" }),
    mentioned: Type.Array(Type.String(), { title: "Mentioned mobiles" }),
  }),
  async run({ input, settings, http }) {
    const format = input.format ?? settings.messageFormat ?? "text";
    const mentioned = await sendRobotMessage(http, settings.apiBaseUrl ?? "https://qyapi.weixin.qq.com", { text: input.text, format, mobiles: [...new Set(input.mentionedMobiles ?? [])] });
    return { sent: true, mentioned };
  },
});
