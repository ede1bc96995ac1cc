/**
 * The HTTP helper every connector uses to reach its far side, over Node's
 * fetch: a timeout per request, a per-shop rate budget, retries of what is
 * safe to retry (network errors, timeouts, 5xx, 429 honouring Retry-After)
 * with exponential backoff and jitter, the effect's idempotency key sent as
 * a header, JSON in and out, and errors that say what answered what.
 *
 * A retry is only made when repeating cannot do a thing twice: the method is
 * idempotent, or the request carries an idempotency key, or the far side
 * said it did nothing (429, 503). A Retry-After longer than `maxWaitMs` is
 * not waited for here: the error carries it, and the worker schedules the
 * next attempt instead of holding a claim.
 *
 * @example
 * const http = createHttpClient({ baseUrl: "https://api.example.com", idempotencyKey: ctx.idempotencyKey });
 * const { body } = await http.request<{ id: string }>({ method: "POST", path: "/shipments", json: shipment });
 */
import { ConnectorError } from "../errors";
import { defaultSleep, type RateBudgets } from "./rate-budget";

export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

/** Adds credentials to each request; see `auth/`. */
export interface Authorizer {
  authorize(request: OutgoingRequest): OutgoingRequest | Promise<OutgoingRequest>;
  /** Called after a 401: true when fresh credentials were obtained and the request is worth one more try. */
  renew?(): Promise<boolean>;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface HttpClientOptions {
  baseUrl?: string;
  /** Per attempt; defaults to 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The longest wait (backoff or Retry-After) spent in-process; longer ones are returned to the caller. Defaults to `retry.maxDelayMs`. */
  maxWaitMs?: number;
  /** The shared budgets and this client's key in them (usually the shop). */
  rateLimit?: { budgets: RateBudgets; key: string };
  /** The header that carries the idempotency key; `null` sends none. Defaults to `Idempotency-Key`. */
  idempotencyHeader?: string | null;
  /** Sent with every request that names no key of its own: the effect's key. */
  idempotencyKey?: string;
  authorizer?: Authorizer;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  clock?: () => Date;
}

export interface HttpRequest {
  method?: string;
  /** Joined to `baseUrl`; or a full URL. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is, when the far side wants something else than JSON (a form, a signed string). */
  body?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer says it is JSON, the text otherwise. */
  body: T;
}

export interface HttpClient {
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
/** The far side says it did nothing: always safe to repeat. */
const NOT_PROCESSED = new Set([429, 503]);
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);
const EXCERPT = 300;

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const policy: RetryPolicy = { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 5_000, ...options.retry };
  const maxWaitMs = options.maxWaitMs ?? policy.maxDelayMs;
  const doFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const clock = options.clock ?? (() => new Date());
  const idempotencyHeader = options.idempotencyHeader === undefined ? "Idempotency-Key" : options.idempotencyHeader;

  const prepare = (request: HttpRequest): OutgoingRequest => {
    const url = new URL(request.path, options.baseUrl);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: "application/json", ...lowerKeys(options.headers), ...lowerKeys(request.headers) };
    let body = request.body;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers["content-type"] ??= "application/json";
    }
    const key = request.idempotencyKey ?? options.idempotencyKey;
    if (key !== undefined && idempotencyHeader) headers[idempotencyHeader.toLowerCase()] = key;
    return { method: (request.method ?? "GET").toUpperCase(), url, headers, ...(body === undefined ? {} : { body }) };
  };

  return {
    async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
      const base = prepare(request);
      const safe = IDEMPOTENT.has(base.method) || (request.idempotencyKey ?? options.idempotencyKey) !== undefined;
      const what = `${base.method} ${base.url.origin}${base.url.pathname}`;
      let renewed = false;
      for (let attempt = 1; ; attempt++) {
        if (options.rateLimit) await options.rateLimit.budgets.take(options.rateLimit.key);
        const outgoing = options.authorizer ? await options.authorizer.authorize({ ...base, url: new URL(base.url), headers: { ...base.headers } }) : base;
        const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? 10_000;
        const signal = request.signal ? AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
        let error: ConnectorError;
        try {
          const response = await doFetch(outgoing.url, { method: outgoing.method, headers: outgoing.headers, body: outgoing.body ?? null, signal });
          const text = await response.text();
          if (response.ok) return { status: response.status, headers: response.headers, body: parseBody(response, text, what) as T };
          if (response.status === 401 && !renewed && options.authorizer?.renew) {
            renewed = true;
            if (await options.authorizer.renew()) {
              attempt--;
              continue;
            }
          }
          error = statusError(what, response, text, safe, clock);
        } catch (thrown) {
          if (thrown instanceof ConnectorError) throw thrown;
          if (request.signal?.aborted) {
            // The caller's deadline (the effect's timeout) has passed: report it as a timeout the worker may retry, and stop here.
            const reason: unknown = request.signal.reason;
            if (reason instanceof Error && reason.name === "TimeoutError") throw transportError(what, reason, timeoutMs, safe);
            throw new ConnectorError(`${what} was cancelled`, { code: "cancelled", retryable: false, cause: thrown });
          }
          error = transportError(what, thrown, timeoutMs, safe);
        }
        if (!error.retryable || attempt >= policy.maxAttempts) throw error;
        const backoff = Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs) * (0.5 + random() / 2);
        const wait = Math.max(error.retryAfterMs ?? 0, backoff);
        if (wait > maxWaitMs) throw error;
        await sleep(wait);
      }
    },
  };
}

function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

function parseBody(response: Response, text: string, what: string): unknown {
  if (!/json/i.test(response.headers.get("content-type") ?? "")) return text;
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectorError(`${what} answered ${response.status} with a body that is not the JSON it announced: ${excerpt(text)}`, { code: "bad_response", retryable: false, status: response.status });
  }
}

function statusError(what: string, response: Response, text: string, safe: boolean, clock: () => Date): ConnectorError {
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), clock);
  const retryable = NOT_PROCESSED.has(status) || (safe && RETRYABLE.has(status));
  return new ConnectorError(`${what} answered ${status} ${response.statusText}${text ? `: ${excerpt(text)}` : ""}`, {
    code: `http_${status}`,
    retryable,
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

function transportError(what: string, thrown: unknown, timeoutMs: number, safe: boolean): ConnectorError {
  const timedOut = thrown instanceof Error && thrown.name === "TimeoutError";
  const reason = timedOut ? `did not answer within ${timeoutMs} ms` : `failed before an answer: ${describeCause(thrown)}`;
  const unsafe = safe ? "" : " (not retried: it may have been carried out, and it carries no idempotency key)";
  return new ConnectorError(`${what} ${reason}${unsafe}`, { code: timedOut ? "timeout" : "network", retryable: safe, cause: thrown });
}

function describeCause(thrown: unknown): string {
  if (!(thrown instanceof Error)) return String(thrown);
  const cause = thrown.cause instanceof Error ? `: ${thrown.cause.message}` : "";
  return `${thrown.message}${cause}`;
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, clock: () => Date): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - clock().getTime());
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}
