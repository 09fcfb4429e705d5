/**
 * The root of every error asckit raises on purpose. It sits below auth and client (the lowest layer
 * after spec) so that a bad key, a local validation failure and an Apple error body share one
 * hierarchy: the CLI maps `category` to an exit code in one place, the MCP server to a hint.
 */
export type ErrorCategory =
  | "usage" // bad flags or arguments
  | "auth" // credentials missing, key unreadable, 401/403
  | "not_found" // 404, or an exact lookup that matched nothing
  | "conflict" // 409 state/entity errors, duplicates, several matches
  | "refused" // the server refused the request as sent (422, 400 ENTITY_INVALID); nothing was applied
  | "rate_limited" // 429 after every retry
  | "timeout" // a wait ran out of time
  | "validation" // local checks (preflight, sizes, identifiers) failed before any request; never a server reply
  | "failed_state" // a resource reached a terminal failure (build INVALID/FAILED, asset FAILED)
  | "not_available" // exists later (report not yet available)
  | "network" // connection failed, DNS, reset
  | "server" // 5xx after every retry, or an unreadable response
  | "internal"; // a bug in asckit

export interface AsckitErrorOptions {
  category: ErrorCategory;
  /** One line telling the user what to do next. */
  hint?: string;
  cause?: unknown;
}

export class AsckitError extends Error {
  readonly category: ErrorCategory;
  readonly hint: string | undefined;

  constructor(message: string, options: AsckitErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.category = options.category;
    this.hint = options.hint;
  }
}

/** A problem found locally, before any request was sent (bad flag, bad identifier, wrong image size…). */
export class ValidationError extends AsckitError {
  /** Which input was wrong, e.g. `--bundle-id` or `keywords`. */
  readonly field: string | undefined;
  constructor(message: string, options: { field?: string; hint?: string; category?: "validation" | "usage" } = {}) {
    super(message, { category: options.category ?? "validation", hint: options.hint });
    this.field = options.field;
  }
}

/** A wait that ran out of time. */
export class WaitTimeoutError extends AsckitError {
  constructor(message: string, hint?: string) {
    super(message, { category: "timeout", hint });
  }
}

/** A resource reached a terminal failure state (build INVALID or FAILED, asset FAILED…). */
export class FailedStateError extends AsckitError {
  readonly state: string;
  constructor(message: string, state: string, hint?: string) {
    super(message, { category: "failed_state", hint });
    this.state = state;
  }
}
