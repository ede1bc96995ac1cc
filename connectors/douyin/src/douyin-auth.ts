/**
 * Douyin shop credentials: the app key and secret sign every call, and an
 * access token (valid for days, renewed with a refresh token that the
 * platform rotates) names the shop's authorisation. The token's life cycle
 * is the SDK's OAuth2 kind (kept in the store, renewed before it expires,
 * one renewal at a time); only the renewal call and the placing of the token
 * are Douyin's own: the token goes in the `access_token` query parameter,
 * and each request is signed as douyin-signing.ts describes.
 */
import { ConnectorError, oauth2Auth, Prop, type AuthContext, type AuthDefinition, type Authorizer, type TokenSet } from "@orderflow/connector-sdk";
import { apiSign, API_VERSION, beijingTimestamp, paramJson, type SignMethod } from "./douyin-signing";

/** A header the OAuth2 kind writes the token into, moved to the query before the request leaves. */
const TOKEN_HANDOFF = "x-orderflow-douyin-access-token";

const tokens = oauth2Auth({ tokenUrl: "/token/refresh", header: TOKEN_HANDOFF });

const props = {
  clientId: Prop.text({ label: { zh: "App Key", en: "App key" }, description: { zh: "抖店开放平台应用的 app_key", en: "The open platform app's app_key" }, pattern: "^[0-9A-Za-z]+$" }),
  clientSecret: Prop.secret({ label: { zh: "App Secret", en: "App secret" }, description: { zh: "应用的 app_secret，用于签名", en: "The app's app_secret, which signs every call" } }),
  refreshToken: tokens.props.refreshToken,
  signMethod: Prop.select({
    label: { zh: "签名方式", en: "Signing method" },
    options: [
      { value: "hmac-sha256", label: { zh: "HMAC-SHA256", en: "HMAC-SHA256" } },
      { value: "md5", label: { zh: "MD5", en: "MD5" } },
    ],
    default: "hmac-sha256",
    required: false,
  }),
};

type Credentials = { clientId: string; clientSecret: string; refreshToken: string; signMethod?: SignMethod };

/** Adds the common parameters and the signature to a call whose query names its `method` and whose body is its param_json. */
export function signCall(url: URL, body: string, credentials: Credentials, now: Date, accessToken?: string): URL {
  const method = url.searchParams.get("method");
  if (!method) throw new ConnectorError(`Douyin call to ${url.pathname} names no method parameter (a connector bug)`, { code: "connector_bug", retryable: false });
  const signMethod = credentials.signMethod ?? "hmac-sha256";
  const timestamp = beijingTimestamp(now);
  const signed = new URL(url);
  signed.searchParams.set("app_key", credentials.clientId);
  signed.searchParams.set("timestamp", timestamp);
  signed.searchParams.set("v", API_VERSION);
  signed.searchParams.set("sign_method", signMethod);
  signed.searchParams.set("sign", apiSign(credentials.clientSecret, signMethod, { appKey: credentials.clientId, method, paramJson: body, timestamp }));
  if (accessToken !== undefined) signed.searchParams.set("access_token", accessToken);
  return signed;
}

/** `/token/refresh`: a signed call without an access token; Douyin answers with the new token pair. */
async function refresh(gateway: string, credentials: Credentials, refreshToken: string, fetchFn: typeof fetch, now: Date): Promise<TokenSet> {
  const body = paramJson({ grant_type: "refresh_token", refresh_token: refreshToken });
  const url = signCall(new URL(`${gateway}/token/refresh?method=token.refresh`), body, credentials, now);
  let answer: { code?: number; err_no?: number; msg?: string; message?: string; sub_msg?: string; data?: { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown } };
  try {
    const response = await fetchFn(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body, signal: AbortSignal.timeout(10_000) });
    if (response.status === 429 || response.status >= 500) {
      throw new ConnectorError(`Douyin /token/refresh answered ${response.status}`, { code: `http_${response.status}`, retryable: true, status: response.status });
    }
    answer = (await response.json()) as typeof answer;
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    throw new ConnectorError(`Douyin /token/refresh failed before an answer: ${error instanceof Error ? error.message : String(error)}`, { code: "network", retryable: true, cause: error });
  }
  const ok = answer.code === 10000 || answer.err_no === 0;
  const data = answer.data;
  if (!ok || typeof data?.access_token !== "string") {
    throw new ConnectorError(
      `Douyin refused to renew the access token (${answer.code ?? answer.err_no} ${answer.msg ?? answer.message ?? ""}${answer.sub_msg ? `: ${answer.sub_msg}` : ""}): authorise the app for the shop again and enter the new refresh token`,
      { code: "oauth2_reauthorize", retryable: false },
    );
  }
  return {
    accessToken: data.access_token,
    expiresIn: Number(data.expires_in ?? 0),
    ...(typeof data.refresh_token === "string" ? { refreshToken: data.refresh_token } : {}),
  };
}

/** The `Auth.oauth2` kind with Douyin's renewal and signing. */
export const douyinAuth: AuthDefinition<typeof props> = Object.freeze({
  kind: "oauth2" as const,
  props,
  createAuthorizer(context: AuthContext<typeof props>): Authorizer {
    const credentials = context.credentials as Credentials;
    // The token endpoint is on the same gateway as the API; the gateway is known from the calls being made.
    let gateway = "";
    const inner = oauth2Auth({
      tokenUrl: "/token/refresh",
      header: TOKEN_HANDOFF,
      refresh: (_c, refreshToken, fetchFn) => refresh(gateway, credentials, refreshToken, fetchFn, context.clock()),
    }).createAuthorizer({ ...context, credentials: { clientId: credentials.clientId, clientSecret: credentials.clientSecret, refreshToken: credentials.refreshToken } });
    return {
      async authorize(request) {
        gateway = request.url.origin;
        const withToken = await inner.authorize(request);
        const { [TOKEN_HANDOFF]: bearer, ...headers } = withToken.headers;
        const accessToken = (bearer ?? "").replace(/^Bearer /, "");
        return { ...withToken, headers, url: signCall(withToken.url, withToken.body ?? "", credentials, context.clock(), accessToken) };
      },
      ...(inner.renew ? { renew: inner.renew } : {}),
    };
  },
});
