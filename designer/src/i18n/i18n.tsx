/**
 * The language shown, remembered in the browser, and `useI18n()` for
 * components: `t(key, params)`, `pick(localizedText)`, `time(iso)`.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { CATALOGUES, initialLanguage, pickText, translate, type Language, type LocalizedText, type MessageKey, type Params } from "./translate";

const STORAGE_KEY = "orderflow.language";

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: Params): string;
  pick(text: LocalizedText | null | undefined): string;
  /** A timestamp as local date and time. */
  time(iso: string): string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => initialLanguage(readStored(), navigator.languages ?? [navigator.language]));
  useEffect(() => {
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
    document.title = CATALOGUES[language]["app.name"];
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage: the choice then lasts until the page closes.
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const messages = CATALOGUES[language];
    const dates = new Intl.DateTimeFormat(language === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "medium" });
    return {
      language,
      setLanguage,
      t: (key, params) => translate(messages, key, params),
      pick: (text) => pickText(text, language),
      time: (iso) => dates.format(new Date(iso)),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n() needs an <I18nProvider> around the app");
  return i18n;
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
