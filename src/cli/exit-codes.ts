import type { ErrorCategory } from "../errors/asckit-error.js";

/**
 * The exit-code contract (documented in the README). One table, used by main.ts only.
 * 8 is reserved for local validation (nothing was sent); a server that refuses a request is 2 when
 * the query was wrong (400 PARAMETER_ERROR), 5 when the body or state was (409, 422, ENTITY_INVALID).
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  conflict: 5,
  rateLimited: 6,
  timeout: 7,
  validation: 8,
  failedState: 9,
  notAvailable: 10,
  /** Done except for input rows that were invalid and skipped (each one listed): fix them and re-run. */
  partial: 11,
  /** stdout or stderr was closed by the reader (`| head`): 128 + SIGPIPE, as a shell reports it. */
  closedPipe: 141,
} as const;

const BY_CATEGORY: Record<ErrorCategory, number> = {
  usage: EXIT.usage,
  auth: EXIT.auth,
  not_found: EXIT.notFound,
  conflict: EXIT.conflict,
  refused: EXIT.conflict,
  rate_limited: EXIT.rateLimited,
  timeout: EXIT.timeout,
  validation: EXIT.validation,
  failed_state: EXIT.failedState,
  not_available: EXIT.notAvailable,
  network: EXIT.failure,
  server: EXIT.failure,
  internal: EXIT.failure,
};

export function exitCodeFor(category: ErrorCategory): number {
  return BY_CATEGORY[category];
}
