/**
 * The catalogues and the pure functions that read them: a key to its text
 * with its {placeholders} filled, a flow's localized names to the language
 * shown, and which language to start in.
 */
import { en, type MessageKey, type Messages } from "./en";
import { zh } from "./zh";

export type { MessageKey, Messages };
export type Language = "zh" | "en";
export type Params = Readonly<Record<string, string | number>>;
/** What flows and the server give names in: `{ zh, en }`, either may be missing; or one plain text. */
export type LocalizedText = string | { zh?: string; en?: string };

export const LANGUAGES: readonly Language[] = ["zh", "en"];
export const CATALOGUES: Readonly<Record<Language, Messages>> = { zh, en };

/** The text of `key` with each `{name}` replaced by `params.name`; a placeholder without a value stays as written, so it shows. */
export function translate(messages: Messages, key: MessageKey, params: Params = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The names of the `{placeholders}` in a text, sorted. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

/** A localized name in `language`, else in the other language, else "". */
export function pickText(text: LocalizedText | null | undefined, language: Language): string {
  if (text == null) return "";
  if (typeof text === "string") return text;
  return text[language] ?? text[language === "zh" ? "en" : "zh"] ?? "";
}

/** The language to start in: the one chosen before (stored), else Chinese when the browser prefers it, else English. */
export function initialLanguage(stored: string | null, browserLanguages: readonly string[]): Language {
  if (stored === "zh" || stored === "en") return stored;
  const first = browserLanguages.find((tag) => /^(zh|en)\b/i.test(tag));
  return first && /^en/i.test(first) ? "en" : "zh";
}
