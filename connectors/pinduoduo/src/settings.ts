import { Auth, openPlatformCredentials, openPlatformSettings, signedMd5Form } from "@orderflow/connector-sdk";

export const DEFAULT_GATEWAY = "https://gw-api.pinduoduo.com/api/router";

/** What staff fill in when they connect a Pinduoduo shop. */
export const settings = openPlatformSettings({
  shopExample: { zh: "店铺 ID (mall_id)", en: "its mall id" },
  gateway: { label: { zh: "开放平台网关地址", en: "Open platform gateway URL" }, default: DEFAULT_GATEWAY },
});

/**
 * The app's client id and secret, and the shop's access token from the
 * seller's authorisation. POP signs every parameter but `sign`, sorted by
 * name and joined as name+value, wrapped in the client secret, MD5,
 * upper-case hex (`secretWrappedMd5`); the timestamp is Unix seconds.
 */
export const auth = Auth.signed({
  props: openPlatformCredentials({
    key: { name: "clientId", label: { zh: "Client ID", en: "Client id" } },
    secret: { name: "clientSecret", label: { zh: "Client Secret", en: "Client secret" } },
    session: { name: "accessToken", label: { zh: "授权 Access Token", en: "Access token" }, description: { zh: "商家授权后平台颁发的 access_token", en: "The access token PDD issues when the seller authorises the app" } },
  }),
  sign(request, credentials, now) {
    // The connector sends business parameters as a form; the common parameters and the signature are added here, afresh for every attempt.
    return signedMd5Form(request, { client_id: credentials.clientId, access_token: credentials.accessToken, timestamp: String(Math.floor(now.getTime() / 1000)), data_type: "JSON" }, credentials.clientSecret);
  },
});

/** Settings and credentials together, for typing actions and triggers. */
export const allSettings = { ...settings, ...auth.props };
