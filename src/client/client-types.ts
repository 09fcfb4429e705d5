import type { PacingPause, PacingPolicy } from "./pacing-policy.js";
import type { Query } from "./query-string.js";
import type { RateLimitInfo } from "./rate-limit.js";
import type { Resource } from "./resolve-document.js";
import type { RetryPolicy } from "./retry-policy.js";
import type { TokenSource } from "./token-source.js";

/** One HTTP attempt, reported through `onExchange` (conformance logs, metrics). Never carries headers. */
export interface ExchangeRecord {
  method: string;
  /** Absolute URL as sent. */
  url: string;
  /** HTTP status, or undefined when no response arrived (network error). */
  status: number | undefined;
  ms: number;
  /** 1-based attempt number within the request (a re-mint after 401 counts as an attempt). */
  attempt: number;
  /** The JSON value sent as the body, if any. */
  requestBody?: unknown;
  /** Network error code when status is undefined. */
  errorCode?: string;
}

export interface ClientOptions {
  /** Default https://api.appstoreconnect.apple.com; point it at an emulator with ASC_BASE_URL. */
  baseUrl?: string;
  tokenProvider: TokenSource;
  fetch?: typeof fetch;
  /** Clock in ms (injected so tests never wait). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  pacing?: Partial<PacingPolicy>;
  /** Requests in flight at once (default 4): Apple reports 429s under heavy parallelism. */
  maxConcurrent?: number;
  /** --verbose: one line per request, without headers or tokens. */
  logger?: (line: string) => void;
  /** Default `asckit/<version>`; must start with `asckit/`. */
  userAgent?: string;
  onExchange?: (exchange: ExchangeRecord) => void;
  /**
   * Called before each pacing pause (the budget is low, so the next request waits). The CLI prints
   * long ones as a note; without it a paced run looks hung.
   */
  onPause?: (pause: PacingPause) => void;
}

/**
 * Pacing for one call: `false` sends it without a pacing pause (it still counts against the
 * budget estimate); a partial policy is merged over the client's.
 */
export type PacingOverride = false | Partial<PacingPolicy>;

export interface AscRequestInit {
  query?: Query;
  /** JSON-encoded, sent with Content-Type: application/json. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestOverrides {
  retry?: Partial<RetryPolicy>;
  pacing?: PacingOverride;
  signal?: AbortSignal;
  /** Do not parse the body: `document` is the response text as received. */
  raw?: boolean;
}

export interface AscResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON; undefined for 204 and empty bodies. */
  document: T;
  rateLimit?: RateLimitInfo;
  requestId?: string;
  /** HTTP attempts made, including retries and a re-mint after 401. */
  attempts: number;
  durationMs: number;
}

export interface DownloadOptions {
  retry?: Partial<RetryPolicy>;
  pacing?: PacingOverride;
  signal?: AbortSignal;
  /** Return the body as a web ReadableStream instead of a Buffer. */
  stream?: boolean;
}

export interface DownloadResponse<B> {
  status: number;
  headers: Headers;
  body: B;
  rateLimit?: RateLimitInfo;
  requestId?: string;
  attempts: number;
  durationMs: number;
}

export interface PaginateOptions {
  /** Page size sent as `limit` on the first request unless the query has one (default 200). */
  limit?: number;
  /** Stop (without error) after this many pages. */
  maxPages?: number;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  pacing?: PacingOverride;
}

export interface CollectOptions<A = Record<string, unknown>> {
  limit?: number;
  /** Stop once this many resources were collected (no further pages are fetched). */
  max?: number;
  /** Stop after the first resource for which this is true (that resource is included). */
  until?: (resource: Resource<A>) => boolean;
  maxPages?: number;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  pacing?: PacingOverride;
}

export interface ClientStats {
  /** HTTP attempts sent (retries and re-mints included). */
  requests: number;
  retries: number;
  reauths: number;
  /** Attempts by HTTP status; `network` for attempts that got no response. */
  byStatus: Record<string, number>;
}

export interface AscClient {
  readonly baseUrl: string;
  /** The X-Rate-Limit budget from the most recent response. */
  readonly rateLimit: RateLimitInfo | undefined;
  readonly stats: ClientStats;
  request<T = unknown>(route: string, init?: AscRequestInit, overrides?: RequestOverrides): Promise<AscResponse<T>>;
  download(route: string, init?: AscRequestInit, options?: DownloadOptions & { stream?: false }): Promise<DownloadResponse<Buffer>>;
  download(route: string, init: AscRequestInit | undefined, options: DownloadOptions & { stream: true }): Promise<DownloadResponse<ReadableStream<Uint8Array>>>;
  paginate<A = Record<string, unknown>>(route: string, init?: AscRequestInit, options?: PaginateOptions): AsyncIterable<Resource<A>>;
  collect<A = Record<string, unknown>>(route: string, init?: AscRequestInit, options?: CollectOptions<A>): Promise<Resource<A>[]>;
}
