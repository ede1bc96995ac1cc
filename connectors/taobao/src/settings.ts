import { Auth, openPlatformCredentials, openPlatformSettings, Prop, toBeijingTime } from "@orderflow/connector-sdk";
import { topSign, type TopSignMethod } from "./top-signature";

export const DEFAULT_GATEWAY = "https://eco.taobao.com/router/rest";

/** What staff fill in when they connect a Taobao or Tmall shop. */
export const settings = openPlatformSettings({
  shopExample: { zh: "卖家昵称的拼音", en: "the seller nick in pinyin" },
  gateway: {
    label: { zh: "TOP 网关地址", en: "TOP gateway URL" },
    description: { zh: "一般不用改；测试时填沙箱或模拟器地址", en: "Leave as is; a sandbox or simulator address for testing" },
    default: DEFAULT_GATEWAY,
  },
});

/**
 * App key and secret from the open platform console, the shop's session
 * (the seller's authorisation), and the digest TOP is asked to check.
 */
export const auth = Auth.signed({
  props: {
    ...openPlatformCredentials({
      key: { name: "appKey", label: { zh: "App Key", en: "App key" } },
      secret: { name: "appSecret", label: { zh: "App Secret", en: "App secret" } },
      session: { name: "session", label: { zh: "授权 Session", en: "Session key" }, description: { zh: "卖家授权后平台颁发的 sessionKey", en: "The session key TOP issues when the seller authorises the app" } },
    }),
    signMethod: Prop.select({
      label: { zh: "签名算法", en: "Signature method" },
      options: [
        { value: "md5", label: { zh: "MD5", en: "MD5" } },
        { value: "hmac", label: { zh: "HMAC-MD5", en: "HMAC-MD5" } },
      ],
      default: "md5",
      required: false,
    }),
  },
  sign(request, credentials, now) {
    // The connector sends business parameters (in the query for a read, as a form for a write); the system parameters and the signature are added here, afresh for every attempt.
    const read = request.method === "GET";
    const params = Object.fromEntries(read ? request.url.searchParams : new URLSearchParams(request.body ?? ""));
    const method: TopSignMethod = credentials.signMethod ?? "md5";
    const all: Record<string, string> = { ...params, app_key: credentials.appKey, session: credentials.session, timestamp: toBeijingTime(now), format: "json", v: "2.0", sign_method: method };
    all["sign"] = topSign(all, credentials.appSecret, method);
    if (read) {
      const url = new URL(request.url);
      url.search = new URLSearchParams(all).toString();
      return { ...request, url };
    }
    return { ...request, headers: { ...request.headers, "content-type": "application/x-www-form-urlencoded;charset=utf-8" }, body: new URLSearchParams(all).toString() };
  },
});

/** Settings and credentials together, for typing actions and triggers. */
export const allSettings = { ...settings, ...auth.props };
