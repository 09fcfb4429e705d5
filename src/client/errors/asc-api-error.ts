import { AsckitError, type ErrorCategory } from "../../errors/index.js";
import type { RateLimitInfo } from "../rate-limit.js";

/** One entry of Apple's `errors[]`, kept as sent (strings are redacted). */
export interface ApiErrorEntry {
  id?: string;
  status?: string;
  code?: string;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
  links?: unknown;
  meta?: unknown;
}

export interface AscApiErrorInit {
  status: number;
  method: string;
  /** Path and query of the request (never the host of a pre-signed URL's signature). */
  path: string;
  code?: string;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
  requestId?: string;
  errors?: ApiErrorEntry[];
  associatedErrors?: string[];
  /** Raw Retry-After header, read by the retry policy. */
  retryAfter?: string;
  rateLimit?: RateLimitInfo;
  hint?: string;
}

/** An HTTP error response from Apple's API or a storage host, built by errorFromResponse. */
export class AscApiError extends AsckitError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** The first error's code, e.g. `STATE_ERROR.ENTITY_STATE_INVALID` (or an XML `<Code>`). */
  readonly code: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly source: { pointer?: string; parameter?: string } | undefined;
  readonly requestId: string | undefined;
  /** Every entry of `errors[]`. */
  readonly errors: readonly ApiErrorEntry[];
  /** `meta.associatedErrors` flattened into "resource: field — detail (CODE)" lines, ready to print. */
  readonly associatedErrors: readonly string[];
  readonly retryAfter: string | undefined;
  readonly rateLimit: RateLimitInfo | undefined;

  constructor(message: string, init: AscApiErrorInit, category: ErrorCategory = categoryForStatus(init.status)) {
    super(message, { category, hint: init.hint });
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.source = init.source;
    this.requestId = init.requestId;
    this.errors = init.errors ?? [];
    this.associatedErrors = init.associatedErrors ?? [];
    this.retryAfter = init.retryAfter;
    this.rateLimit = init.rateLimit;
  }

  /**
   * Apple's codes are hierarchical and may grow more levels, so compare by prefix:
   * `hasCode("STATE_ERROR")` is true for `STATE_ERROR.ENTITY_STATE_INVALID`. Checks every entry.
   */
  hasCode(prefix: string): boolean {
    const codes = this.errors.map((e) => e.code).concat(this.code);
    return codes.some((c) => c !== undefined && (c === prefix || c.startsWith(`${prefix}.`)));
  }
}

function categoryForStatus(status: number): ErrorCategory {
  if (status === 405 || status === 406 || status === 415) return "usage";
  return "server";
}

/** 401 or 403: bad, expired or revoked token, or a key whose role does not allow the request. */
export class AuthenticationError extends AscApiError {
  constructor(message: string, init: AscApiErrorInit) {
    super(message, init, "auth");
  }
}

/** 404 (or 410 Gone): the path or the resource does not exist. */
export class NotFoundError extends AscApiError {
  constructor(message: string, init: AscApiErrorInit) {
    super(message, init, "not_found");
  }
}

/** 409: state or entity conflict (STATE_ERROR…, ENTITY_ERROR…); details often in associatedErrors. */
export class ConflictError extends AscApiError {
  constructor(message: string, init: AscApiErrorInit) {
    super(message, init, "conflict");
  }
}

/** 400 PARAMETER_ERROR…: a query parameter is illegal, invalid or missing — a usage problem. */
export class ParameterError extends AscApiError {
  constructor(message: string, init: AscApiErrorInit) {
    super(message, init, "usage");
  }
}

/**
 * 422, or 400 ENTITY_INVALID: the server refused the request body. Category "refused", not
 * "validation": that one means asckit's own checks stopped the request before it was sent.
 */
export class UnprocessableError extends AscApiError {
  constructor(message: string, init: AscApiErrorInit) {
    super(message, init, "refused");
  }
}

/** 429 RATE_LIMIT_EXCEEDED (surfaces only once the retries ran out). */
export class RateLimitError extends AscApiError {
  constructor(message: string, init: AscApiErrorInit) {
    super(message, init, "rate_limited");
  }
}

/** 5xx, or a success response whose body could not be read. */
export class ServerError extends AscApiError {
  constructor(message: string, init: AscApiErrorInit) {
    super(message, init, "server");
  }
}
