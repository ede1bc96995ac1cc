/**
 * The designer's sections: one list drives the navigation, the home page and
 * which page a route opens. A section appears for the roles that may use it
 * (the same roles the server's routes allow); the server still decides every
 * request, and a page it refuses says so.
 *
 * To add a section (the flow designer, the form designer, the rule editor…):
 * add it here, give it a title in both catalogues (i18n/en.ts, i18n/zh.ts),
 * put its pages in sections/<id>/ and register its page in app/section-pages.tsx.
 */
import type { MessageKey } from "../i18n/translate";
import type { Role } from "../api/types";

export interface SectionInfo {
  id: string;
  title: MessageKey;
  /** Who sees it in the navigation. */
  roles: readonly Role[];
}

export const SECTIONS = [
  { id: "orders", title: "section.orders", roles: ["admin", "supervisor", "integrator"] },
  { id: "tasks", title: "section.tasks", roles: ["staff", "supervisor", "admin"] },
  { id: "alerts", title: "section.alerts", roles: ["admin", "supervisor"] },
  { id: "flows", title: "section.flows", roles: ["admin", "designer", "supervisor", "integrator"] },
] as const satisfies readonly SectionInfo[];

export type SectionId = (typeof SECTIONS)[number]["id"];

/** The sections a user with these roles sees, in the navigation's order. */
export function sectionsFor(roles: readonly Role[]): SectionInfo[] {
  return SECTIONS.filter((section) => section.roles.some((role) => roles.includes(role)));
}

/** Where "/" leads: the user's first section, or none when their roles give them none. */
export function homeSection(roles: readonly Role[]): SectionInfo | undefined {
  return sectionsFor(roles)[0];
}

export function isSectionId(id: string): id is SectionId {
  return SECTIONS.some((section) => section.id === id);
}
