/** Retry policy as data: safe defaults, overridable per client and per call. */
export interface RetryPolicy {
  /** Retries after the first attempt (so up to maxRetries + 1 attempts). */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Full jitter: a random delay in [0, backoff) so parallel clients do not retry in lockstep. */
  jitter: boolean;
  /** Statuses worth retrying; for POST/PATCH/DELETE only 429 of these is ever used (see retry-decision). */
  retryOn: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  jitter: true,
  retryOn: Object.freeze([429, 500, 502, 503, 504]),
});

/** Later overrides win; undefined fields keep the earlier value. */
export function resolveRetryPolicy(...overrides: Array<Partial<RetryPolicy> | undefined>): RetryPolicy {
  const out: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
  for (const o of overrides) {
    if (!o) continue;
    for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Exponential backoff `base * 2^retryIndex`, capped, with optional full jitter from the injected random. */
export function backoffDelay(policy: RetryPolicy, retryIndex: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.round(policy.jitter ? random() * ceiling : ceiling);
}
