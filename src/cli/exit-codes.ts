import type { ErrorCategory } from "../errors/asckit-error.js";

/**
 * The exit-code contract (documented in the README). One table, used by main.ts only.
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
} as const;

const BY_CATEGORY: Record<ErrorCategory, number> = {
  usage: EXIT.usage,
  auth: EXIT.auth,
  not_found: EXIT.notFound,
  conflict: EXIT.conflict,
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
