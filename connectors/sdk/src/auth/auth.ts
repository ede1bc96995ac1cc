/**
 * How a connector proves who it is to its far side. A connector declares
 * one auth kind; its credential props join the connector's settings (and,
 * being `Prop.secret`, are sealed at rest and redacted from the API). At
 * install time the kind yields an `Authorizer` the HTTP helper applies to
 * every request.
 *
 * - `Auth.appKey({ sign })`: app key + secret; the platform's signing scheme is the hook.
 * - `Auth.signed({ props, sign })`: the same with credentials of another shape (a shared secret).
 * - `Auth.bearer()`: a long-lived token in the Authorization header.
 * - `Auth.oauth2({ tokenUrl })`: access tokens refreshed when expired or refused (see oauth2.ts).
 */
import type { Authorizer, OutgoingRequest } from "../http/http-client";
import { Prop, type Props, type PropsValue } from "../props/prop";
import type { ConnectorStore } from "../store";
import { oauth2Auth } from "./oauth2";

export type AuthKind = "none" | "signature" | "bearer" | "oauth2";

export interface AuthContext<P extends Props> {
  credentials: PropsValue<P>;
  store: ConnectorStore;
  clock: () => Date;
  fetch: typeof fetch;
}

export interface AuthDefinition<P extends Props = Props> {
  readonly kind: AuthKind;
  /** The credential fields staff fill in when installing the connector. */
  readonly props: P;
  createAuthorizer(context: AuthContext<P>): Authorizer;
}

/** A platform's signing scheme: returns the request with its signature added (query, headers or body). */
export type SignRequest<P extends Props> = (request: OutgoingRequest, credentials: PropsValue<P>, now: Date) => OutgoingRequest;

const appKeyProps = {
  appKey: Prop.text({ label: { zh: "App Key", en: "App key" } }),
  appSecret: Prop.secret({ label: { zh: "App Secret", en: "App secret" } }),
};

const bearerProps = {
  token: Prop.secret({ label: { zh: "访问令牌", en: "Access token" } }),
};

function signed<P extends Props>(options: { props: P; sign: SignRequest<P> }): AuthDefinition<P> {
  return Object.freeze({
    kind: "signature" as const,
    props: options.props,
    createAuthorizer: ({ credentials, clock }: AuthContext<P>): Authorizer => ({ authorize: (request) => options.sign(request, credentials, clock()) }),
  });
}

export const Auth = {
  none(): AuthDefinition<Record<string, never>> {
    return Object.freeze({ kind: "none" as const, props: {}, createAuthorizer: () => ({ authorize: (request: OutgoingRequest) => request }) });
  },

  signed,

  appKey(options: { sign: SignRequest<typeof appKeyProps> }): AuthDefinition<typeof appKeyProps> {
    return signed({ props: appKeyProps, sign: options.sign });
  },

  bearer(options: { header?: string; scheme?: string } = {}): AuthDefinition<typeof bearerProps> {
    const header = (options.header ?? "authorization").toLowerCase();
    const scheme = options.scheme ?? "Bearer";
    return Object.freeze({
      kind: "bearer" as const,
      props: bearerProps,
      createAuthorizer: ({ credentials }: AuthContext<typeof bearerProps>): Authorizer => ({
        authorize: (request) => ({ ...request, headers: { ...request.headers, [header]: scheme ? `${scheme} ${credentials.token}` : credentials.token } }),
      }),
    });
  },

  oauth2: oauth2Auth,
};
