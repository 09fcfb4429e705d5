// The client layer's public API.
export { createClient } from "./create-client.js";
export type {
  AscClient,
  AscRequestInit,
  AscResponse,
  ClientOptions,
  ClientStats,
  CollectOptions,
  DownloadOptions,
  DownloadResponse,
  ExchangeRecord,
  PacingOverride,
  PaginateOptions,
  RequestOverrides,
} from "./client-types.js";
export type { TokenSource } from "./token-source.js";
export { DEFAULT_RETRY_POLICY, resolveRetryPolicy, backoffDelay, type RetryPolicy } from "./retry-policy.js";
export { parseRetryAfter } from "./retry-after.js";
export { retryDelay, isIdempotent, type RetryContext } from "./retry-decision.js";
export { parseRateLimit, type RateLimitInfo } from "./rate-limit.js";
export { DEFAULT_PACING_POLICY, pacingDelay, pacingPause, resolvePacingPolicy, type PacingPause, type PacingPolicy } from "./pacing-policy.js";
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from "./rate-limiter.js";
export { createSemaphore, type Semaphore } from "./semaphore.js";
export { resolveDocument, resourceKey, type Resource, type ResolvedDocument, type DocumentLinks } from "./resolve-document.js";
export { paginate, DEFAULT_PAGE_LIMIT } from "./paginate.js";
export { collect } from "./collect.js";
export { buildPath } from "./build-path.js";
export { encodeQuery, appendQuery, type Query, type QueryValue } from "./query-string.js";
export { resolveRoute, displayPath, type ResolvedRoute } from "./route.js";
export { APPLE_API_ORIGIN, DEFAULT_BASE_URL, isTrustedApiUrl } from "./trusted-url.js";
export { formatLogLine, type LogLineInput } from "./log-line.js";
export { uploadOperations, type UploadOperation, type UploadOperationsOptions } from "./upload-operations.js";
export { fileSource, bufferSource, type UploadSource } from "./upload-source.js";
export { ASCKIT_VERSION, DEFAULT_USER_AGENT } from "./version.js";
export * from "./errors/index.js";
export * from "./resources/index.js";
