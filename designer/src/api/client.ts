/**
 * Calls to the runtime server's API. The built app is served by the server
 * itself, so the API is on the same origin at its root paths; under
 * `npm run dev` Vite forwards /api/* to the server (see vite.config.ts).
 * The session is the server's HttpOnly cookie: nothing here sees it.
 *
 * @example
 * const page = await api<OrderPage>("/orders", { query: { q: "1234" } });
 */
import type { ErrorBody } from "./types";

export const API_BASE = import.meta.env.DEV ? "/api" : "";

export interface FieldProblem {
  field: string;
  message: string;
}

/** An answer other than 2xx, or no answer at all (`status` 0). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly FieldProblem[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

export interface CallOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with its own type (photo uploads). */
  blob?: Blob;
}

/** Whoever wants to hear that the session ended (the app shows the login page). */
let onUnauthorized: (() => void) | undefined;
export function whenUnauthorized(listener: (() => void) | undefined): void {
  onUnauthorized = listener;
}

export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.blob) {
    headers["content-type"] = options.blob.type || "application/octet-stream";
    body = options.blob;
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${queryString(options.query)}`, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, body, credentials: "same-origin" });
  } catch (error) {
    throw new ApiFailure(0, "network", error instanceof Error ? error.message : String(error));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = parseJson(text);
  if (response.ok) return parsed as T;
  const failure = toFailure(response.status, parsed, text);
  if (failure.status === 401 && path !== "/auth/login" && path !== "/auth/me") onUnauthorized?.();
  throw failure;
}

/** `?a=1&b=x` of the values that are set; "" when none is. */
export function queryString(query: CallOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function toFailure(status: number, parsed: unknown, text: string): ApiFailure {
  const error = (parsed as Partial<ErrorBody> | undefined)?.error;
  if (error && typeof error.message === "string") {
    const problems = (error.problems ?? []).flatMap((problem) => ("field" in problem ? [{ field: problem.field, message: problem.message }] : [{ field: problem.pointer, message: problem.message }]));
    return new ApiFailure(status, error.code, error.message, problems, error.requestId);
  }
  return new ApiFailure(status, "http_error", text.trim().slice(0, 300) || `HTTP ${status}`);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
