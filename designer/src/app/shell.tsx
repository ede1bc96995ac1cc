/** The frame around every page: the header (who, language, log out), the navigation by role, and the page of the route. */
import { useState } from "react";
import { api } from "../api/client";
import type { Me } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { LanguageSwitch } from "./language-switch";
import { Problem } from "./problem";
import { hashOf } from "./routes";
import { SectionPage } from "./section-pages";
import { homeSection, isSectionId, sectionsFor } from "./sections";
import { useHashRoute } from "./use-hash-route";

export function Shell({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const { t } = useI18n();
  const route = useHashRoute();
  const [logoutError, setLogoutError] = useState<unknown>();
  const sections = sectionsFor(me.user.roles);
  const home = homeSection(me.user.roles);
  const sectionId = route.section === "" ? home?.id : route.section;
  const roleNames = me.user.roles.map((role) => t(`role.${role}`)).join(", ");

  const logOut = () => {
    api("/auth/logout", { method: "POST" }).then(onSignedOut, setLogoutError);
  };

  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="#/">
          {t("app.name")}
        </a>
        <span className="who">
          {t("app.signedInAs", { name: me.user.displayName })} <span className="roles">({roleNames})</span>
        </span>
        <LanguageSwitch />
        <button type="button" onClick={logOut}>
          {t("app.logout")}
        </button>
      </header>
      <nav className="sidebar">
        {sections.map((section) => (
          <a key={section.id} href={hashOf(section.id)} className={section.id === sectionId ? "active" : undefined} aria-current={section.id === sectionId ? "page" : undefined}>
            {t(section.title)}
          </a>
        ))}
      </nav>
      <main className="page">
        {logoutError !== undefined && <Problem error={logoutError} />}
        {sectionId === undefined ? (
          <p className="notice">{t("app.noSections", { roles: roleNames || "—" })}</p>
        ) : isSectionId(sectionId) ? (
          <SectionPage section={sectionId} route={route} me={me} />
        ) : (
          <p className="notice">{t("app.notFound")}</p>
        )}
      </main>
    </div>
  );
}
