/**
 * Per-shop rate-limit budgets: a token bucket per key (a platform's quota
 * is per shop or per app key), shared by every call made for that key in
 * this process. A call that finds the bucket empty reserves the next token
 * and waits for it, so concurrent callers queue in arrival order instead of
 * all waking together.
 */
export interface RateBudgetOptions {
  /** Calls per second allowed on average. */
  perSecond: number;
  /** Calls allowed at once after a quiet spell; defaults to `perSecond`. */
  burst?: number;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface RateBudgets {
  /** Resolves when a call for `key` may go out; returns how long it waited (ms). */
  take(key: string): Promise<number>;
}

export function createRateBudgets(options: RateBudgetOptions): RateBudgets {
  if (!(options.perSecond > 0)) throw new RangeError(`perSecond must be above 0, got ${options.perSecond}`);
  const burst = options.burst ?? options.perSecond;
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(key) {
      const now = clock().getTime();
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond);
      bucket.at = now;
      bucket.tokens -= 1;
      buckets.set(key, bucket);
      if (bucket.tokens >= 0) return 0;
      const wait = Math.ceil((-bucket.tokens / options.perSecond) * 1000);
      await sleep(wait);
      return wait;
    },
  };
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
