/**
 * The text of a notification in the installation's language. The engine
 * hands over a message in Chinese and/or English (placeholders already
 * filled); a connector sends one language, the other when the first is missing.
 */
import { permanentError } from "../errors";
import type { Locale } from "../localized";
import { Prop } from "../props/prop";

/** The install setting choosing the language of the messages sent. */
export function messageLanguageProp() {
  return Prop.select({
    label: { zh: "消息语言", en: "Message language" },
    description: { zh: "流程消息有中英文两种时发送哪一种；缺少时用另一种", en: "Which of a flow message's Chinese and English texts is sent; the other when it is missing" },
    options: [
      { value: "zh", label: { zh: "中文", en: "Chinese" } },
      { value: "en", label: { zh: "英文", en: "English" } },
    ],
    default: "zh",
    required: false,
  });
}

/** The message's text in `language` (or the other one); refuses a message with no text at all, which no retry can mend. */
export function messageText(message: { zh?: string; en?: string } | undefined, language: Locale = "zh"): string {
  const other: Locale = language === "zh" ? "en" : "zh";
  const text = [message?.[language], message?.[other]].find((candidate) => typeof candidate === "string" && candidate.trim() !== "");
  if (text === undefined) throw permanentError("empty_message", "The notification has no text in Chinese or English: give the flow's notify.message a zh or en text");
  return text;
}
