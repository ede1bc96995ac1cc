/**
 * Who a notification reaches. A flow names an audience (`{ role: "supervisor",
 * warehouse: "HZ1" }`), never a phone number or an address; each
 * notification connector keeps a directory, filled in by staff at install,
 * that says which addresses (mobiles, e-mail addresses) belong to whom.
 *
 * @example
 * const directory = [{ role: "supervisor", warehouse: "HZ1", address: "13800000001" }];
 * recipientAddresses(directory, { role: "supervisor", warehouse: "HZ1" }, isMobile) // → ["13800000001"]
 */
import { Prop } from "../props/prop";
import type { LocalizedText } from "../localized";

export interface DirectoryEntry {
  role?: string;
  user?: string;
  warehouse?: string;
  address: string;
}

/** The install setting that lists the people a connector can reach; `address` is described by the connector (a mobile, an e-mail address). */
export function recipientDirectoryProp(address: { label: LocalizedText; description?: LocalizedText; pattern?: string }) {
  return Prop.array({
    label: { zh: "收件人名录", en: "Recipient directory" },
    description: {
      zh: "流程按角色、用户、仓库指定收件人；此处写明各人的地址。流程指定的每一项都须与某条记录相同，该条才会收到",
      en: "Flows name recipients by role, user and warehouse; this says whose address is which. An entry receives a notification when it matches every part the flow names",
    },
    required: false,
    items: Prop.object({
      label: { zh: "收件人", en: "Recipient" },
      props: {
        role: Prop.text({ label: { zh: "角色", en: "Role" }, placeholder: "supervisor", required: false }),
        user: Prop.text({ label: { zh: "用户", en: "User" }, required: false }),
        warehouse: Prop.text({ label: { zh: "仓库", en: "Warehouse" }, required: false }),
        address: Prop.text({ label: address.label, ...(address.description ? { description: address.description } : {}), ...(address.pattern ? { pattern: address.pattern } : {}) }),
      },
    }),
  });
}

/**
 * The addresses of everyone in the audience: each directory entry that has
 * every part the audience names (strictly: an entry without a warehouse is
 * not "every warehouse"), and the audience's `user` itself when it already
 * is an address (a buyer's phone taken from the order). Deduplicated, in
 * directory order.
 */
export function recipientAddresses(directory: readonly DirectoryEntry[] | undefined, to: unknown, isAddress: (value: string) => boolean): string[] {
  const audience = audienceOf(to);
  const named = (["role", "user", "warehouse"] as const).filter((part) => audience[part] !== undefined);
  const found: string[] = [];
  if (named.length > 0) {
    for (const entry of directory ?? []) {
      if (named.every((part) => entry[part] === audience[part])) found.push(entry.address);
    }
  }
  if (audience.user !== undefined && isAddress(audience.user)) found.push(audience.user);
  return [...new Set(found)];
}

/** The audience as readable text for error messages: `role supervisor, warehouse HZ1`. */
export function describeAudience(to: unknown): string {
  const audience = audienceOf(to);
  const parts = (["role", "user", "warehouse"] as const).filter((part) => audience[part] !== undefined).map((part) => `${part} ${audience[part]}`);
  return parts.length > 0 ? parts.join(", ") : "nobody (the notification names no role, user or warehouse)";
}

function audienceOf(to: unknown): { role?: string; user?: string; warehouse?: string } {
  if (typeof to !== "object" || to === null) return {};
  const record = to as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined);
  const out: { role?: string; user?: string; warehouse?: string } = {};
  for (const part of ["role", "user", "warehouse"] as const) {
    const value = text(record[part]);
    if (value !== undefined) out[part] = value;
  }
  return out;
}
