/** Staff-facing text: every display name and description comes in Chinese and English. */
export interface LocalizedText {
  zh: string;
  en: string;
}

export type Locale = keyof LocalizedText;
