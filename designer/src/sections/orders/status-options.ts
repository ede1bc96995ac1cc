/**
 * The order statuses to search by, with the names staff read: the built-in
 * ones and those the published flows declare (`orderStatuses`), each code
 * once. "new" comes first and the ends (completed, cancelled, failed) last,
 * as an order lives through them.
 */
import { BUILT_IN_ORDER_STATUSES } from "@orderflow/engine/definition";
import type { LocalizedText } from "../../i18n/translate";

export interface StatusOption {
  code: string;
  name: LocalizedText;
}

/** `documents`: flow documents as published (any shape: what is not a status list is ignored). The first flow to name a code names it. */
export function statusOptions(documents: readonly unknown[]): StatusOption[] {
  const byCode = new Map<string, StatusOption>();
  for (const document of documents) {
    const declared = (document as { orderStatuses?: unknown } | null)?.orderStatuses;
    if (!Array.isArray(declared)) continue;
    for (const status of declared as { code?: unknown; name?: unknown }[]) {
      if (typeof status?.code !== "string" || byCode.has(status.code)) continue;
      byCode.set(status.code, { code: status.code, name: isName(status.name) ? status.name : status.code });
    }
  }
  const [first, ...ends] = BUILT_IN_ORDER_STATUSES;
  const builtIn = (status: (typeof BUILT_IN_ORDER_STATUSES)[number]) => byCode.get(status.code) ?? { code: status.code, name: status.name };
  const middle = [...byCode.values()].filter((status) => !BUILT_IN_ORDER_STATUSES.some((b) => b.code === status.code));
  return [...(first ? [builtIn(first)] : []), ...middle, ...ends.map(builtIn)];
}

function isName(name: unknown): name is LocalizedText {
  return typeof name === "string" || (typeof name === "object" && name !== null && ("zh" in name || "en" in name));
}
