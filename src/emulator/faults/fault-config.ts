/**
 * Chaos settings for the emulator. Every random choice comes from a PRNG seeded with `seed`, and the
 * PRNG is advanced the same way for every eligible request, so one seed and one request order always
 * give the same faults.
 */
export interface FaultConfig {
  seed?: number;
  /** Added delay before answering: fixed, or uniform in [min, max]. */
  latencyMs?: number | { min: number; max: number };
  /** Share (0..1) of requests answered with a server error from `errorStatuses`. */
  errorRate?: number;
  /** Statuses for `errorRate` (default [500, 502, 503]). 500 is Apple's JSON error; 502–504 are gateway HTML pages. */
  errorStatuses?: number[];
  /** Deterministic 429 bursts: the last `length` requests of every `every` eligible requests. */
  burst429?: { every: number; length: number; retryAfterSeconds?: number };
  /** Share (0..1) of requests whose socket is destroyed without any response. */
  dropRate?: number;
  /** Once this many authenticated requests were served, every token seen so far is revoked (once per setFaults). */
  revokeAfterRequests?: number;
  /** Limit every fault above to paths matching this expression. */
  paths?: RegExp;
}

/** One-shot injection for tests, checked before the random faults. */
export interface FailNextSpec {
  status: number;
  /** How many matching requests to fail (default 1). */
  count?: number;
  method?: string;
  path?: RegExp;
  /** Seconds for a `Retry-After` header. */
  retryAfter?: number;
  /** Destroy the socket instead of answering (`status` is then ignored). */
  drop?: boolean;
}
