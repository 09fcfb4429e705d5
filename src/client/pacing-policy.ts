import type { RateLimitInfo } from "./rate-limit.js";

/**
 * When the remaining budget of a bucket falls to its reserve, requests are spread so that what is left
 * lasts a whole window: Apple's window is rolling and we cannot see when old requests age out, so the
 * safe assumption is that nothing refills before the window has passed. Each request then waits
 * `window / remaining` after the previous one, capped at `maxDelayMs` so a command never looks hung;
 * any 429 that still happens is handled by the retry policy.
 */
export interface PacingPolicy {
  enabled: boolean;
  /** Reserve as a fraction of the bucket's limit (0.05 = the last 5%). */
  reserveFraction: number;
  /** Reserve floor in requests, so small limits still get some headroom. */
  minRemaining: number;
  /** Longest single pause the pacer asks for. */
  maxDelayMs: number;
  hourWindowMs: number;
  minuteWindowMs: number;
}

export const DEFAULT_PACING_POLICY: PacingPolicy = {
  enabled: true,
  reserveFraction: 0.05,
  minRemaining: 5,
  maxDelayMs: 60_000,
  hourWindowMs: 3_600_000,
  minuteWindowMs: 60_000,
};

export function resolvePacingPolicy(...overrides: Array<Partial<PacingPolicy> | undefined>): PacingPolicy {
  return Object.assign({}, DEFAULT_PACING_POLICY, ...overrides.filter(Boolean)) as PacingPolicy;
}

export interface BucketState {
  limit?: number;
  remaining?: number;
}

/** The reserve below which a bucket is paced. */
export function reserveFor(limit: number, policy: PacingPolicy): number {
  return Math.min(limit, Math.max(policy.minRemaining, Math.ceil(limit * policy.reserveFraction)));
}

/** Minimum spacing between request starts for one bucket; 0 when the budget is comfortable. */
export function bucketInterval(bucket: BucketState, windowMs: number, policy: PacingPolicy): number {
  if (bucket.limit === undefined || bucket.remaining === undefined || bucket.limit <= 0) return 0;
  if (bucket.remaining > reserveFor(bucket.limit, policy)) return 0;
  return Math.min(policy.maxDelayMs, windowMs / Math.max(bucket.remaining, 1));
}

/** One pacing pause, reported through the client's `onPause` so a long wait is never silent. */
export interface PacingPause {
  ms: number;
  /** The bucket that set the pace. */
  bucket: "hour" | "minute";
  /** Budget left in that bucket as estimated (last header minus requests started since). */
  remaining: number;
  limit: number;
}

/**
 * The pause before the next request, given the budget last seen and when the previous request
 * started, with the bucket that asked for it; undefined when no pause is needed. Pure, so the limiter
 * and its tests share one rule.
 */
export function pacingPause(info: Omit<RateLimitInfo, "raw"> | undefined, lastStartMs: number | undefined, nowMs: number, policy: PacingPolicy): PacingPause | undefined {
  if (!policy.enabled || !info) return undefined;
  const hour = { limit: info.hourLimit, remaining: info.hourRemaining };
  const minute = { limit: info.minuteLimit, remaining: info.minuteRemaining };
  const hourInterval = bucketInterval(hour, policy.hourWindowMs, policy);
  const minuteInterval = bucketInterval(minute, policy.minuteWindowMs, policy);
  const interval = Math.max(hourInterval, minuteInterval);
  if (interval <= 0) return undefined;
  const ms = lastStartMs === undefined ? Math.round(interval) : Math.max(0, Math.round(lastStartMs + interval - nowMs));
  if (ms <= 0) return undefined;
  const [bucket, state] = hourInterval >= minuteInterval ? (["hour", hour] as const) : (["minute", minute] as const);
  return { ms, bucket, remaining: state.remaining!, limit: state.limit! };
}

/** How long to wait before the next request (0 for no pause); see pacingPause. */
export function pacingDelay(info: Omit<RateLimitInfo, "raw"> | undefined, lastStartMs: number | undefined, nowMs: number, policy: PacingPolicy): number {
  return pacingPause(info, lastStartMs, nowMs, policy)?.ms ?? 0;
}
