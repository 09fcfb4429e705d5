import { AscApiError } from "./errors/asc-api-error.js";
import { NetworkError } from "./errors/network-error.js";
import { parseRetryAfter } from "./retry-after.js";
import { backoffDelay, type RetryPolicy } from "./retry-policy.js";

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);

/** Methods Apple cannot have applied twice however often they are sent. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

export interface RetryContext {
  /** True when repeating the request cannot apply it twice (GET, HEAD, upload parts). */
  replayable: boolean;
  /** 0 for the decision after the first attempt. */
  retryIndex: number;
  policy: RetryPolicy;
  now: () => number;
  random: () => number;
}

/**
 * The delay before the next attempt, or undefined to give up and surface the error.
 * Apple has no idempotency keys, so a POST/PATCH/DELETE is replayed only when Apple cannot have
 * applied it: a 429 (refused before processing) or a connection that never opened. A 5xx or a reset
 * mid-request may have been applied; the caller re-reads state instead.
 */
export function retryDelay(error: unknown, ctx: RetryContext): number | undefined {
  const { policy } = ctx;
  if (ctx.retryIndex >= policy.maxRetries) return undefined;
  let retryAfter: string | undefined;
  if (error instanceof AscApiError) {
    if (!policy.retryOn.includes(error.status)) return undefined;
    if (!ctx.replayable && error.status !== 429) return undefined;
    retryAfter = error.retryAfter;
  } else if (error instanceof NetworkError) {
    if (!ctx.replayable && !error.connectFailed) return undefined;
  } else {
    return undefined;
  }
  const hinted = parseRetryAfter(retryAfter, ctx.now());
  if (hinted !== undefined) return Math.min(hinted, policy.maxDelayMs);
  return backoffDelay(policy, ctx.retryIndex, ctx.random);
}
