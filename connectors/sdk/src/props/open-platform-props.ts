/**
 * The props every "app key + secret + session" open platform asks for
 * (Taobao TOP, JD JOS, Pinduoduo POP and their like): a shop code that tells
 * the shop apart in the order centre, the gateway URL (a simulator or sandbox
 * in tests), and the app's key and secret with the seller's session token.
 * Platforms name these differently (app key / client id, session / access
 * token), and installations store them under those names, so the names are
 * the caller's.
 *
 * @example
 * const settings = openPlatformSettings({
 *   shopExample: { zh: "店铺 ID (mall_id)", en: "its mall id" },
 *   gateway: { label: { zh: "开放平台网关地址", en: "Open platform gateway URL" }, default: "https://gw-api.pinduoduo.com/api/router" },
 * });
 * const credentials = openPlatformCredentials({
 *   key: { name: "clientId", label: { zh: "Client ID", en: "Client id" } },
 *   secret: { name: "clientSecret", label: { zh: "Client Secret", en: "Client secret" } },
 *   session: { name: "accessToken", label: { zh: "授权 Access Token", en: "Access token" }, description: { zh: "…", en: "…" } },
 * });
 */
import type { TOptional, TString } from "@sinclair/typebox";
import type { LocalizedText } from "../localized";
import { Prop } from "./prop";

export interface OpenPlatformSettingsOptions {
  /** Completes "tells this shop apart in the order centre, e.g. …". */
  shopExample: LocalizedText;
  gateway: { label: LocalizedText; default: string; description?: LocalizedText };
}

/** The shop code and the gateway URL (optional, defaulting to the platform's). */
export function openPlatformSettings(options: OpenPlatformSettingsOptions): { shop: TString; gatewayUrl: TOptional<TString> } {
  return {
    shop: Prop.text({
      label: { zh: "店铺编码", en: "Shop code" },
      description: { zh: `在订单中心区分店铺，例如${options.shopExample.zh}`, en: `Tells this shop apart in the order centre, e.g. ${options.shopExample.en}` },
      pattern: "^[A-Za-z0-9_-]+$",
    }),
    gatewayUrl: Prop.text({
      label: options.gateway.label,
      description: options.gateway.description ?? { zh: "一般不用改；测试时填模拟器地址", en: "Leave as is; a simulator address for testing" },
      format: "uri",
      default: options.gateway.default,
      required: false,
    }),
  };
}

interface NamedProp<N extends string> {
  name: N;
  label: LocalizedText;
  description?: LocalizedText;
}

export interface OpenPlatformCredentialsOptions<K extends string, S extends string, T extends string> {
  /** The app's public key (app key, client id): letters and digits. */
  key: NamedProp<K>;
  /** The app's secret; described by default as the secret from the open platform console. */
  secret: NamedProp<S>;
  /** The token the platform issues when the seller authorises the app. */
  session: NamedProp<T> & { description: LocalizedText };
}

/** The app key, app secret and session props, under the platform's own names, for `Auth.signed`. */
export function openPlatformCredentials<const K extends string, const S extends string, const T extends string>(
  options: OpenPlatformCredentialsOptions<K, S, T>,
): Record<K | S | T, TString> {
  const { key, secret, session } = options;
  return {
    [key.name]: Prop.text({ label: key.label, ...(key.description ? { description: key.description } : {}), pattern: "^[0-9A-Za-z]+$" }),
    [secret.name]: Prop.secret({ label: secret.label, description: secret.description ?? { zh: "开放平台控制台中的应用密钥", en: "The app's secret from the open platform console" } }),
    [session.name]: Prop.secret({ label: session.label, description: session.description }),
  } as Record<K | S | T, TString>;
}
