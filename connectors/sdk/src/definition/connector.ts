/**
 * A connector: a plain frozen declaration of what it is (id, bilingual name,
 * category, version), how it authenticates, what staff fill in to install it
 * (settings), and its actions and triggers.
 *
 * @example
 * export default defineConnector({
 *   id: "webhook_shop", name: { zh: "自建商城", en: "Own web shop" }, category: "sales_channel",
 *   version: "1.0.0", auth: sharedSecret, settings, actions: [pushShipment], triggers: [orderWebhook],
 * });
 */
import type { TObject } from "@sinclair/typebox";
import type { AuthDefinition } from "../auth/auth";
import type { HttpClient } from "../http/http-client";
import type { LocalizedText } from "../localized";
import { propsSchema, type Props } from "../props/prop";
import type { ConnectorStore } from "../store";
import type { ActionDefinition } from "./action";
import { assertId, assertLocalized } from "./declaration-checks";
import type { TriggerDefinition } from "./triggers";

export const CONNECTOR_CATEGORIES = {
  sales_channel: { zh: "销售渠道", en: "Sales channel" },
  inventory: { zh: "库存", en: "Inventory" },
  courier: { zh: "快递物流", en: "Courier" },
  notification: { zh: "消息通知", en: "Notification" },
  utility: { zh: "工具", en: "Utility" },
} as const satisfies Record<string, LocalizedText>;

export type ConnectorCategory = keyof typeof CONNECTOR_CATEGORIES;

/** A notification as the host hands it over (the engine's `notify` effect, structurally). */
export interface Notification {
  channel: string | null;
  to: unknown;
  message: { zh?: string; en?: string };
}

export interface NotifyContext<S> {
  settings: S;
  http: HttpClient;
  idempotencyKey: string;
  store: ConnectorStore;
  clock: () => Date;
  signal: AbortSignal;
}

export interface ConnectorDefinition<S extends Props = Props> {
  readonly id: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  readonly category: ConnectorCategory;
  /** Semantic version of the declaration; bump the major when an action's input or output changes incompatibly. */
  readonly version: string;
  readonly auth: AuthDefinition<any>;
  /** What staff fill in to install the connector, besides the auth's credentials. */
  readonly settings: S;
  /** Settings and credentials together: the install form, and what installConnector validates. */
  readonly settingsSchema: TObject;
  /** The base URL of the far side for an installation, when its requests are relative. */
  readonly baseUrl?: (settings: Record<string, unknown>) => string;
  /** The far side's quota per shop; calls beyond it wait. */
  readonly rateLimit?: { perSecond: number; burst?: number };
  /** The setting that names the shop, for rate budgets and dedupe keys; `shop` by default. */
  readonly shopSetting: string;
  /** The header that carries the idempotency key; `Idempotency-Key` by default, `null` for none. */
  readonly idempotencyHeader?: string | null;
  readonly actions: readonly ActionDefinition<any, any, any>[];
  readonly triggers: readonly TriggerDefinition[];
  /** Notification connectors deliver messages. */
  readonly notify?: (context: NotifyContext<Record<string, unknown>>, notification: Notification) => Promise<void>;
}

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export function defineConnector<S extends Props>(
  declaration: Omit<ConnectorDefinition<S>, "settingsSchema" | "shopSetting" | "triggers"> & { shopSetting?: string; triggers?: readonly TriggerDefinition[] },
): ConnectorDefinition<S> {
  const { id } = declaration;
  assertId(id, "Connector");
  assertLocalized(declaration.name, `Connector "${id}" name`);
  if (declaration.description) assertLocalized(declaration.description, `Connector "${id}" description`);
  if (!(declaration.category in CONNECTOR_CATEGORIES)) throw new TypeError(`Connector "${id}" category "${declaration.category}" must be one of ${Object.keys(CONNECTOR_CATEGORIES).join(", ")}`);
  if (!SEMVER.test(declaration.version)) throw new TypeError(`Connector "${id}" version "${declaration.version}" must be a semantic version such as 1.0.0`);
  for (const key of Object.keys(declaration.auth.props)) {
    if (key in declaration.settings) throw new TypeError(`Connector "${id}" setting "${key}" clashes with a credential of its ${declaration.auth.kind} auth: rename the setting`);
  }
  const triggers = declaration.triggers ?? [];
  for (const [what, items] of [["action", declaration.actions], ["trigger", triggers]] as const) {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.id)) throw new TypeError(`Connector "${id}" has two ${what}s with the id "${item.id}": ids must be unique`);
      seen.add(item.id);
    }
  }
  return Object.freeze({
    shopSetting: "shop",
    ...declaration,
    triggers: Object.freeze([...triggers]),
    actions: Object.freeze([...declaration.actions]),
    settingsSchema: propsSchema({ ...declaration.settings, ...declaration.auth.props }),
  });
}
