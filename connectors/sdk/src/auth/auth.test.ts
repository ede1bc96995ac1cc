import { afterEach, describe, expect, it } from "vitest";
import { ConnectorError } from "../errors";
import { createHttpClient } from "../http/http-client";
import { createMemoryStore } from "../store";
import { sendJson, startLocalServer, type LocalServer } from "../testing/local-server";
import { Auth } from "./auth";
import { hmacSha256Hex, md5Hex, signaturesMatch, sortedParams } from "./signing";

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("signing building blocks", () => {
  it("sort parameters by name, leaving out empty ones and the signature itself", () => {
    const params = { v: "2.0", method: "taobao.trade.get", app_key: "12345", sign: "old", fields: "", timestamp: "2026-11-22 09:00:00" };
    expect(sortedParams(params, { exclude: ["sign"] })).toBe("app_key12345methodtaobao.trade.gettimestamp2026-11-22 09:00:00v2.0");
    expect(sortedParams({ b: 2, a: 1 }, { pairSeparator: "=", joinWith: "&" })).toBe("a=1&b=2");
  });

  it("compute HMAC-SHA256 and MD5 as platforms expect (RFC 4231 case 2; RFC 1321 'abc')", () => {
    expect(hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    expect(md5Hex("abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(signaturesMatch("abc", "abc")).toBe(true);
    expect(signaturesMatch("abc", "abd")).toBe(false);
    expect(signaturesMatch("abc", "abcd")).toBe(false);
  });
});

describe("auth kinds", () => {
  const at = new Date("2026-11-22T01:00:00Z");
  const deps = (credentials: Record<string, unknown>) => ({ credentials: credentials as never, store: createMemoryStore(), clock: () => at, fetch: globalThis.fetch });

  it("app key + secret: the platform's signing hook signs every request", async () => {
    const auth = Auth.appKey({
      sign(request, { appKey, appSecret }, now) {
        const url = new URL(request.url);
        url.searchParams.set("app_key", appKey);
        url.searchParams.set("timestamp", String(now.getTime()));
        const base = sortedParams(Object.fromEntries(url.searchParams));
        url.searchParams.set("sign", md5Hex(appSecret + base + appSecret).toUpperCase());
        return { ...request, url };
      },
    });
    expect(auth.kind).toBe("signature");
    expect(Object.keys(auth.props)).toEqual(["appKey", "appSecret"]);
    const signed = await auth.createAuthorizer(deps({ appKey: "12345", appSecret: "s3" })).authorize({ method: "GET", url: new URL("https://api.example.com/router?method=trade.get"), headers: {} });
    const expected = md5Hex(`s3app_key12345methodtrade.gettimestamp${at.getTime()}s3`).toUpperCase();
    expect(signed.url.searchParams.get("sign")).toBe(expected);
  });

  it("bearer token in the Authorization header, or a platform's own header", async () => {
    const request = { method: "GET", url: new URL("https://x.test/"), headers: {} };
    expect((await Auth.bearer().createAuthorizer(deps({ token: "t1" })).authorize(request)).headers).toEqual({ authorization: "Bearer t1" });
    expect((await Auth.bearer({ header: "X-Access-Token", scheme: "" }).createAuthorizer(deps({ token: "t1" })).authorize(request)).headers).toEqual({ "x-access-token": "t1" });
  });
});

describe("OAuth2 with refresh", () => {
  /** A token endpoint that rotates refresh tokens, and an API that takes only the current access token. */
  async function platform() {
    let issued = 0;
    let current = "";
    let validRefresh = "r0";
    const refreshes: string[] = [];
    const server = await startLocalServer(async (request, response) => {
      if (request.path === "/token") {
        const form = new URLSearchParams(request.body);
        refreshes.push(form.get("refresh_token") ?? "");
        if (form.get("refresh_token") !== validRefresh || form.get("client_secret") !== "cs") return sendJson(response, 400, { error: "invalid_grant" });
        issued++;
        current = `a${issued}`;
        validRefresh = `r${issued}`;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return sendJson(response, 200, { access_token: current, expires_in: 7200, refresh_token: validRefresh });
      }
      if (request.headers["authorization"] !== `Bearer ${current}`) return sendJson(response, 401, { error: "invalid token" });
      return sendJson(response, 200, { ok: true });
    });
    servers.push(server);
    return { server, refreshes, revoke: () => (current = "revoked") };
  }

  it("refreshes once for many concurrent calls, stores the rotated refresh token, and renews when expired", async () => {
    const { server, refreshes } = await platform();
    const store = createMemoryStore();
    let now = new Date("2026-11-22T01:00:00Z");
    const authorizer = Auth.oauth2({ tokenUrl: `${server.url}/token` }).createAuthorizer({ credentials: { clientId: "c", clientSecret: "cs", refreshToken: "r0" }, store, clock: () => now, fetch: globalThis.fetch });
    const http = createHttpClient({ baseUrl: server.url, authorizer });
    await Promise.all(Array.from({ length: 5 }, () => http.request({ path: "/api" })));
    expect(refreshes).toEqual(["r0"]);
    expect(store.snapshot()["oauth2:tokens"]).toMatchObject({ accessToken: "a1", refreshToken: "r1" });

    now = new Date(now.getTime() + 7200_000);
    await http.request({ path: "/api" });
    expect(refreshes).toEqual(["r0", "r1"]);
  });

  it("renews on 401 even before the token should expire", async () => {
    const { server, refreshes, revoke } = await platform();
    const authorizer = Auth.oauth2({ tokenUrl: `${server.url}/token` }).createAuthorizer({ credentials: { clientId: "c", clientSecret: "cs", refreshToken: "r0" }, store: createMemoryStore(), clock: () => new Date(), fetch: globalThis.fetch });
    const http = createHttpClient({ baseUrl: server.url, authorizer });
    await http.request({ path: "/api" });
    revoke();
    expect((await http.request({ path: "/api" })).status).toBe(200);
    expect(refreshes).toEqual(["r0", "r1"]);
  });

  it("asks staff to authorise again when the refresh token is refused", async () => {
    const { server } = await platform();
    const authorizer = Auth.oauth2({ tokenUrl: `${server.url}/token` }).createAuthorizer({ credentials: { clientId: "c", clientSecret: "cs", refreshToken: "stale" }, store: createMemoryStore(), clock: () => new Date(), fetch: globalThis.fetch });
    const error = await createHttpClient({ baseUrl: server.url, authorizer })
      .request({ path: "/api" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: "oauth2_reauthorize", retryable: false });
    expect((error as Error).message).toMatch(/authorise the connector again/);
  });
});
