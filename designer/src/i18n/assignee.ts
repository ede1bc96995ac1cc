/** Whom a task is for, in words: "picker in SH-01", "user wang", "anyone in SH-01"; "" when it names nobody. */
import type { MessageKey, Params } from "./translate";

export interface Assignee {
  user?: unknown;
  role?: unknown;
  warehouse?: unknown;
}

export function assigneeText(to: Assignee | null | undefined, t: (key: MessageKey, params?: Params) => string): string {
  if (!to) return "";
  if (typeof to.user === "string") return t("timeline.assigneeUser", { user: to.user });
  if (typeof to.role === "string") return typeof to.warehouse === "string" ? t("timeline.assigneeRoleIn", { role: to.role, warehouse: to.warehouse }) : t("timeline.assigneeRole", { role: to.role });
  if (typeof to.warehouse === "string") return t("timeline.assigneeWarehouse", { warehouse: to.warehouse });
  return "";
}
