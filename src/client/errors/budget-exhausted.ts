import { RateLimitError } from "./asc-api-error.js";

/** True for a 429 that arrived with the hourly budget at 0: waiting seconds will not help. */
export function isHourlyBudgetExhausted(error: unknown): error is RateLimitError {
  return error instanceof RateLimitError && error.rateLimit?.hourRemaining === 0;
}

/**
 * Rewords a 429 whose hourly budget is at 0 after the retries ran out. Apple's text only says "too
 * many requests"; what the user needs is that the key's hourly budget is spent, and when it returns.
 * The window is a rolling hour, so the budget comes back as earlier requests age out: the first slot
 * frees at the latest an hour after the oldest request still counted, which the client bounds by its
 * own oldest counted request (`freesWithinMs`), or by a full hour when it made none.
 */
export function hourlyBudgetExhausted(error: RateLimitError, freesWithinMs: number): RateLimitError {
  const limit = error.rateLimit?.hourLimit;
  const minutes = Math.max(1, Math.ceil(freesWithinMs / 60_000));
  const message = `${error.status} ${error.code ?? "RATE_LIMIT_EXCEEDED"}: the hourly request budget of this API key is used up (0 of ${limit ?? "?"} left) on ${error.method} ${error.path}`;
  const hint =
    `App Store Connect counts requests over a rolling hour, so the budget returns as earlier requests age out: ` +
    `the first request frees within ${minutes} min at the latest. Try again then, and share the budget with fewer jobs using this key.`;
  return new RateLimitError(message, {
    status: error.status,
    method: error.method,
    path: error.path,
    code: error.code,
    title: error.title,
    detail: error.detail,
    source: error.source,
    requestId: error.requestId,
    errors: [...error.errors],
    associatedErrors: [...error.associatedErrors],
    retryAfter: error.retryAfter,
    rateLimit: error.rateLimit,
    hint,
  });
}
