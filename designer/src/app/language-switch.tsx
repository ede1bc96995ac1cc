/** The button that switches between Chinese and English; the choice is remembered in this browser. */
import { useI18n } from "../i18n/i18n";

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <button type="button" className="language-switch" lang={language === "zh" ? "en" : "zh"} title={t("app.switchLanguageTitle")} onClick={() => setLanguage(language === "zh" ? "en" : "zh")}>
      {t("app.switchLanguage")}
    </button>
  );
}
