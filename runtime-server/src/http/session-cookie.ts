/**
 * The session cookie: HttpOnly (no script can read it), SameSite=Lax (other
 * sites' forms and scripts cannot send it along with their requests), Secure
 * unless the app is told it is served over plain HTTP.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Env } from "./env";

export const SESSION_COOKIE = "orderflow_session";

export function readSessionCookie(c: Context<Env>): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function writeSessionCookie(c: Context<Env>, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: c.var.deps.secureCookies,
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context<Env>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: c.var.deps.secureCookies, httpOnly: true, sameSite: "Lax" });
}
