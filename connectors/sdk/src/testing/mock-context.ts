/**
 * A context for calling an action's `run` directly in a unit test: an
 * in-memory store, a fixed clock, and a real HTTP client (point it at a
 * `startLocalServer`) whose retry waits are recorded instead of slept.
 */
import type { ActionContext } from "../definition/action";
import { createHttpClient, type Authorizer, type HttpClient } from "../http/http-client";
import { createMemoryStore } from "../store";

export interface MockContextOptions<I, S> {
  input: I;
  settings?: S;
  /** Where relative request paths go. */
  baseUrl?: string;
  authorizer?: Authorizer;
  idempotencyKey?: string;
  attempt?: number;
  now?: Date;
  initialStore?: Record<string, unknown>;
}

export type MockContext<I, S> = ActionContext<I, S> & {
  store: ReturnType<typeof createMemoryStore>;
  /** Every wait the HTTP client asked for, in ms. */
  waits: number[];
};

export function createMockContext<I, S = Record<string, unknown>>(options: MockContextOptions<I, S>): MockContext<I, S> {
  const waits: number[] = [];
  const now = options.now ?? new Date("2026-11-22T09:00:00+08:00");
  const idempotencyKey = options.idempotencyKey ?? "test-instance:step:1";
  const http: HttpClient = createHttpClient({
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.authorizer ? { authorizer: options.authorizer } : {}),
    idempotencyKey,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 1,
    clock: () => now,
  });
  return {
    input: options.input,
    settings: (options.settings ?? {}) as S,
    http,
    idempotencyKey,
    attempt: options.attempt ?? 1,
    signal: new AbortController().signal,
    store: createMemoryStore(options.initialStore),
    clock: () => now,
    waits,
  };
}
