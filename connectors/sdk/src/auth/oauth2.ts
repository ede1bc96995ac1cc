/**
 * OAuth2 with refresh. The access token and the current refresh token live
 * in the connector's store (platforms rotate refresh tokens, so the one
 * entered at install time is only the first). A token is refreshed when it
 * is about to expire or when the far side answers 401; concurrent calls
 * share one refresh (single-flight per installed connector), so a rotated
 * refresh token is never spent twice.
 */
import { ConnectorError } from "../errors";
import { createHttpClient, type Authorizer } from "../http/http-client";
import { Prop } from "../props/prop";
import type { AuthContext, AuthDefinition } from "./auth";

export interface TokenSet {
  accessToken: string;
  /** Seconds the access token lives, as the token endpoint says. */
  expiresIn: number;
  /** A new refresh token, when the platform rotates them. */
  refreshToken?: string;
}

const oauth2Props = {
  clientId: Prop.text({ label: { zh: "Client ID", en: "Client ID" } }),
  clientSecret: Prop.secret({ label: { zh: "Client Secret", en: "Client secret" } }),
  refreshToken: Prop.secret({
    label: { zh: "刷新令牌", en: "Refresh token" },
    description: { zh: "授权后平台给出的刷新令牌；之后系统会自动续期", en: "The refresh token the platform gave at authorisation; renewed automatically afterwards" },
  }),
};

export type OAuth2Props = typeof oauth2Props;

export interface OAuth2Options {
  tokenUrl: string;
  /** Platforms that do not follow RFC 6749's refresh request give their own. */
  refresh?: (credentials: AuthContext<OAuth2Props>["credentials"], refreshToken: string, fetchFn: typeof fetch) => Promise<TokenSet>;
  /** Refresh this long before the token expires; 60 s by default. */
  skewMs?: number;
  header?: string;
}

interface StoredTokens {
  accessToken: string;
  expiresAt: number;
  refreshToken: string;
}

const STORE_KEY = "oauth2:tokens";

/** RFC 6749 §6: a form-encoded refresh_token grant. */
async function standardRefresh(tokenUrl: string, credentials: AuthContext<OAuth2Props>["credentials"], refreshToken: string, fetchFn: typeof fetch): Promise<TokenSet> {
  const http = createHttpClient({ fetch: fetchFn, idempotencyHeader: null });
  const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: credentials.clientId, client_secret: credentials.clientSecret });
  try {
    const { body } = await http.request<Record<string, unknown>>({ method: "POST", path: tokenUrl, body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    if (typeof body?.["access_token"] !== "string") throw new ConnectorError(`The token endpoint answered without an access_token`, { code: "oauth2_bad_token", retryable: false });
    return {
      accessToken: body["access_token"],
      expiresIn: typeof body["expires_in"] === "number" ? body["expires_in"] : Number(body["expires_in"] ?? 3600),
      ...(typeof body["refresh_token"] === "string" ? { refreshToken: body["refresh_token"] } : {}),
    };
  } catch (error) {
    if (error instanceof ConnectorError && (error.status === 400 || error.status === 401)) {
      throw new ConnectorError(`The platform refused to renew the access token (${error.message}): authorise the connector again to get a new refresh token`, {
        code: "oauth2_reauthorize",
        retryable: false,
        cause: error,
      });
    }
    throw error;
  }
}

/** The `Auth.oauth2` kind. */
export function oauth2Auth(options: OAuth2Options): AuthDefinition<OAuth2Props> {
  const skewMs = options.skewMs ?? 60_000;
  const header = (options.header ?? "authorization").toLowerCase();
  const refresh = options.refresh ?? ((credentials, token, fetchFn) => standardRefresh(options.tokenUrl, credentials, token, fetchFn));
  return Object.freeze({
    kind: "oauth2" as const,
    props: oauth2Props,
    createAuthorizer({ credentials, store, clock, fetch: fetchFn }: AuthContext<OAuth2Props>): Authorizer {
      let inFlight: Promise<StoredTokens> | undefined;
      const renew = (): Promise<StoredTokens> =>
        (inFlight ??= (async () => {
          const stored = await store.get<StoredTokens>(STORE_KEY);
          const tokens = await refresh(credentials, stored?.refreshToken ?? credentials.refreshToken, fetchFn);
          const next: StoredTokens = { accessToken: tokens.accessToken, expiresAt: clock().getTime() + tokens.expiresIn * 1000, refreshToken: tokens.refreshToken ?? stored?.refreshToken ?? credentials.refreshToken };
          await store.set(STORE_KEY, next);
          return next;
        })().finally(() => (inFlight = undefined)));
      const current = async (): Promise<StoredTokens> => {
        if (inFlight) return inFlight;
        const stored = await store.get<StoredTokens>(STORE_KEY);
        return stored && stored.expiresAt - skewMs > clock().getTime() ? stored : renew();
      };
      return {
        async authorize(request) {
          const { accessToken } = await current();
          return { ...request, headers: { ...request.headers, [header]: `Bearer ${accessToken}` } };
        },
        async renew() {
          await renew();
          return true;
        },
      };
    },
  });
}
