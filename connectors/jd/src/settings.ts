import { Auth, openPlatformCredentials, openPlatformSettings, signedMd5Form, toBeijingTime } from "@orderflow/connector-sdk";

export const DEFAULT_GATEWAY = "https://api.jd.com/routerjson";

/** What staff fill in when they connect a JD POP shop. */
export const settings = openPlatformSettings({
  shopExample: { zh: "商家编号 (venderId)", en: "the vender id" },
  gateway: { label: { zh: "JOS 网关地址", en: "JOS gateway URL" }, default: DEFAULT_GATEWAY },
});

/**
 * The app key and secret from the JOS console, and the shop's access token
 * from the seller's authorisation. JOS signs the system parameters and
 * `360buy_param_json` (the business parameters as one JSON string), sorted by
 * name and joined as name+value, wrapped in the app secret, MD5, upper-case
 * hex (`secretWrappedMd5`); the timestamp is Beijing time.
 */
export const auth = Auth.signed({
  props: openPlatformCredentials({
    key: { name: "appKey", label: { zh: "App Key", en: "App key" } },
    secret: { name: "appSecret", label: { zh: "App Secret", en: "App secret" }, description: { zh: "京东开放平台控制台中的应用密钥", en: "The app's secret from the JD open platform console" } },
    session: { name: "accessToken", label: { zh: "授权 Access Token", en: "Access token" }, description: { zh: "商家授权后平台颁发的 access_token", en: "The access token JOS issues when the seller authorises the app" } },
  }),
  sign(request, credentials, now) {
    // The connector sends `method` and `360buy_param_json` as a form; the system parameters and the signature are added here, afresh for every attempt.
    return signedMd5Form(request, { app_key: credentials.appKey, access_token: credentials.accessToken, timestamp: toBeijingTime(now), v: "2.0" }, credentials.appSecret);
  },
});

/** Settings and credentials together, for typing actions and triggers. */
export const allSettings = { ...settings, ...auth.props };
