import { pacingPause, type PacingPause, type PacingPolicy } from "./pacing-policy.js";
import type { RateLimitInfo } from "./rate-limit.js";
import { createSemaphore } from "./semaphore.js";

export interface RateLimiterOptions {
  maxConcurrent: number;
  pacing: PacingPolicy;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Told before every pacing pause, so a caller can say why nothing seems to happen. */
  onPause?: (pause: PacingPause) => void;
}

export interface RateLimiter {
  /**
   * Runs one HTTP exchange inside a concurrency slot, after any pacing pause. `pacing` replaces the
   * limiter's policy for this exchange only (a per-call override, or pacing off for a retry).
   */
  run<T>(exchange: () => Promise<T>, options?: { pacing?: PacingPolicy }): Promise<T>;
  /** Feeds the budget from a response's X-Rate-Limit header. */
  observe(info: RateLimitInfo): void;
  /** Budget as currently estimated (last header minus requests started since). */
  readonly estimate: Omit<RateLimitInfo, "raw"> | undefined;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const slots = createSemaphore(options.maxConcurrent);
  let estimate: Omit<RateLimitInfo, "raw"> | undefined;
  let lastStart: number | undefined;

  // Requests already in flight have spent budget the last header did not count yet.
  const spend = () => {
    if (!estimate) return;
    if (estimate.hourRemaining !== undefined) estimate.hourRemaining = Math.max(0, estimate.hourRemaining - 1);
    if (estimate.minuteRemaining !== undefined) estimate.minuteRemaining = Math.max(0, estimate.minuteRemaining - 1);
  };

  return {
    get estimate() {
      return estimate ? { ...estimate } : undefined;
    },
    observe(info) {
      const { raw: _raw, ...buckets } = info;
      estimate = buckets;
    },
    async run(exchange, runOptions = {}) {
      await slots.acquire();
      try {
        // The start time and the budget are claimed before pausing: a request pausing in one slot must
        // push the next slot's start one interval further, or concurrent slots would all wake at once
        // and spend the reserve several times faster than the pacing intends.
        const now = options.now();
        const pause = pacingPause(estimate, lastStart, now, runOptions.pacing ?? options.pacing);
        const delay = pause?.ms ?? 0;
        lastStart = now + delay;
        spend();
        if (pause) {
          options.onPause?.(pause);
          await options.sleep(delay);
        }
        return await exchange();
      } finally {
        slots.release();
      }
    },
  };
}
