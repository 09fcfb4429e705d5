import { baseUrlProblem, normaliseBaseUrl } from "../auth/base-url.js";
import { redactSecrets, ValidationError } from "../errors/index.js";
import { findOperation } from "../spec/operation-table.js";
import type {
  AscClient,
  AscRequestInit,
  AscResponse,
  ClientOptions,
  ClientStats,
  DownloadOptions,
  DownloadResponse,
  RequestOverrides,
} from "./client-types.js";
import { collect } from "./collect.js";
import { AscApiError, ServerError } from "./errors/asc-api-error.js";
import { hourlyBudgetExhausted, isHourlyBudgetExhausted } from "./errors/budget-exhausted.js";
import { errorFromResponse } from "./errors/error-from-response.js";
import { NetworkError } from "./errors/network-error.js";
import { formatLogLine } from "./log-line.js";
import { resolvePacingPolicy, type PacingPolicy } from "./pacing-policy.js";
import { paginate } from "./paginate.js";
import { parseRateLimit, type RateLimitInfo } from "./rate-limit.js";
import { createRateLimiter } from "./rate-limiter.js";
import { isIdempotent, retryDelay } from "./retry-decision.js";
import { resolveRetryPolicy } from "./retry-policy.js";
import { resolveRoute } from "./route.js";
import { readBody, send } from "./transport.js";
import { DEFAULT_BASE_URL } from "./trusted-url.js";
import { DEFAULT_USER_AGENT } from "./version.js";

/** One logical request as it travels through the stages. */
interface Call {
  method: string;
  url: string;
  display: string;
  headers: Record<string, string>;
  body?: string;
  jsonBody?: unknown;
  /** Leave a successful body unread (download with stream: true). */
  stream: boolean;
  signal?: AbortSignal;
  attempts: number;
  reauthed: boolean;
}

interface Exchanged {
  response: Response;
  bytes?: Buffer;
  rateLimit?: RateLimitInfo;
}

interface Completed extends Exchanged {
  method: string;
  display: string;
  durationMs: number;
  attempts: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The App Store Connect client. Every request goes retry → auth → rate limiter → transport; the retry
 * stage is outermost so that each attempt gets a current token and waits for its turn again.
 */
export function createClient(options: ClientOptions): AscClient {
  if (!options?.tokenProvider) throw new ValidationError("createClient needs a tokenProvider", { category: "usage" });
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  if (!userAgent.startsWith("asckit/")) {
    throw new ValidationError(`userAgent must start with "asckit/", got "${userAgent}"`, { field: "userAgent", category: "usage" });
  }
  const maxConcurrent = options.maxConcurrent ?? 4;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new ValidationError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`, { field: "maxConcurrent", category: "usage" });
  }
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const tokens = options.tokenProvider;
  const pacing = resolvePacingPolicy(options.pacing);
  const limiter = createRateLimiter({ maxConcurrent, pacing, now, sleep, onPause: options.onPause });
  const stats: ClientStats = { requests: 0, retries: 0, reauths: 0, byStatus: {} };
  let lastRateLimit: RateLimitInfo | undefined;
  // Start times of this client's requests that the budget counted (not 429s) within the last hour:
  // the oldest bounds when an exhausted rolling-hour budget frees its first slot.
  const counted: number[] = [];
  const countRequest = (startedAt: number) => {
    counted.push(startedAt);
    while (counted.length > 0 && counted[0]! <= now() - pacing.hourWindowMs) counted.shift();
  };
  const budgetFreesWithin = () => {
    const oldest = counted.find((t) => t > now() - pacing.hourWindowMs);
    return oldest === undefined ? pacing.hourWindowMs : oldest + pacing.hourWindowMs - now();
  };

  // Rate limiter → transport: one HTTP attempt inside a concurrency slot.
  // The token is taken inside the slot, after any wait for a slot or a pacing pause: a token taken
  // before a long pause could expire on the way and cost a 401 and a second request.
  function exchange(call: Call, callPacing: PacingPolicy): Promise<Exchanged> {
    return limiter.run(async () => {
      const token = await tokens.getToken();
      const attempt = ++call.attempts;
      const started = now();
      const record = (status: number | undefined, errorCode?: string) => {
        stats.requests++;
        const key = status === undefined ? "network" : String(status);
        stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
        options.onExchange?.({
          method: call.method,
          url: call.url,
          status,
          ms: now() - started,
          attempt,
          ...(call.jsonBody !== undefined ? { requestBody: call.jsonBody } : {}),
          ...(errorCode ? { errorCode } : {}),
        });
      };
      let response: Response;
      try {
        response = await send(fetchImpl, { method: call.method, url: call.url, headers: { ...call.headers, Authorization: `Bearer ${token}` }, body: call.body, signal: call.signal }, call.display);
      } catch (error) {
        record(undefined, error instanceof NetworkError ? error.code : undefined);
        throw error;
      }
      const rateLimit = parseRateLimit(response.headers.get("x-rate-limit"));
      if (rateLimit) {
        lastRateLimit = rateLimit;
        limiter.observe(rateLimit);
      }
      let bytes: Buffer | undefined;
      if (!call.stream || !response.ok) {
        try {
          bytes = await readBody(response, call.method, call.display, call.signal);
        } catch (error) {
          record(response.status, error instanceof NetworkError ? error.code : undefined);
          throw error;
        }
      }
      record(response.status);
      if (response.status !== 429) countRequest(started);
      return { response, bytes, rateLimit };
    }, { pacing: callPacing });
  }

  // Auth: attach the token; a 401 means it was refused, so mint a fresh one and try once more.
  async function authorised(call: Call, callPacing: PacingPolicy): Promise<Exchanged> {
    let result = await exchange(call, callPacing);
    if (result.response.status === 401 && !call.reauthed) {
      call.reauthed = true;
      tokens.invalidate();
      stats.reauths++;
      result = await exchange(call, callPacing);
    }
    if (!result.response.ok) {
      throw errorFromResponse({
        status: result.response.status,
        headers: result.response.headers,
        bodyText: result.bytes?.toString("utf8") ?? "",
        method: call.method,
        path: call.display,
      });
    }
    return result;
  }

  // Retry: outermost, so every attempt re-enters auth and the limiter.
  async function run(route: string, init: AscRequestInit, overrides: RequestOverrides & { stream?: boolean; accept: string }): Promise<Completed> {
    const target = resolveRoute(route, baseUrl, init.query);
    const headers: Record<string, string> = { Accept: overrides.accept, "User-Agent": userAgent };
    const call: Call = { method: target.method, url: target.url, display: target.display, headers, stream: overrides.stream ?? false, signal: overrides.signal, attempts: 0, reauthed: false };
    if (init.body !== undefined) {
      call.jsonBody = init.body;
      call.body = JSON.stringify(init.body);
      headers["Content-Type"] = "application/json";
    }
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      // The client owns the credential; a caller-supplied one would be sent next to it.
      if (name.toLowerCase() === "authorization") continue;
      for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
      headers[name] = value;
    }
    const policy = resolveRetryPolicy(options.retry, overrides.retry);
    const callPacing = overrides.pacing === false ? { ...pacing, enabled: false } : overrides.pacing ? resolvePacingPolicy(pacing, overrides.pacing) : pacing;
    // After a 429 with the hourly budget at 0, a pacing pause (up to maxDelayMs) before each retry only
    // stacks silence on top of the backoff; the retry policy alone decides how long to keep trying.
    let budgetSpent = false;
    const started = now();
    let retries = 0;
    const log = (outcome: number | string, rateLimit: RateLimitInfo | undefined) =>
      options.logger?.(formatLogLine({ method: call.method, path: call.display, outcome, ms: now() - started, retries, reauths: call.reauthed ? 1 : 0, rateLimit }));

    for (let retryIndex = 0; ; retryIndex++) {
      try {
        overrides.signal?.throwIfAborted();
        const result = await authorised(call, budgetSpent ? { ...callPacing, enabled: false } : callPacing);
        log(result.response.status, result.rateLimit ?? lastRateLimit);
        return { ...result, method: call.method, display: call.display, durationMs: now() - started, attempts: call.attempts };
      } catch (error) {
        const delay = overrides.signal?.aborted
          ? undefined
          : retryDelay(error, { replayable: isIdempotent(call.method), retryIndex, policy, now, random });
        if (delay === undefined) {
          log(outcomeOf(error), error instanceof AscApiError ? (error.rateLimit ?? lastRateLimit) : lastRateLimit);
          throw isHourlyBudgetExhausted(error) ? hourlyBudgetExhausted(error, budgetFreesWithin()) : error;
        }
        budgetSpent = isHourlyBudgetExhausted(error);
        retries++;
        stats.retries++;
        await sleep(delay);
      }
    }
  }

  async function request<T = unknown>(route: string, init: AscRequestInit = {}, overrides: RequestOverrides = {}): Promise<AscResponse<T>> {
    const done = await run(route, init, { ...overrides, accept: "application/json" });
    const { response } = done;
    const text = done.bytes?.toString("utf8") ?? "";
    let document: unknown;
    if (overrides.raw) document = text;
    else if (response.status !== 204 && text.trim() !== "") {
      try {
        document = JSON.parse(text);
      } catch {
        const contentType = response.headers.get("content-type") ?? "no content type";
        throw new ServerError(redactSecrets(`${response.status} response to ${done.method} ${done.display} is not JSON (${contentType})`), {
          status: response.status,
          method: done.method,
          path: done.display,
          hint: "Use download() for report files; otherwise the server or a proxy sent an unexpected body.",
        });
      }
    }
    return {
      status: response.status,
      headers: response.headers,
      document: document as T,
      ...meta(done),
    };
  }

  async function download(route: string, init: AscRequestInit = {}, opts: DownloadOptions = {}): Promise<DownloadResponse<Buffer | ReadableStream<Uint8Array>>> {
    const target = resolveRoute(route, baseUrl);
    // Ask for what the spec says the operation returns (gzip reports, CSV, metrics JSON).
    const accept = findOperation(target.method, new URL(target.url).pathname)?.operation.response.contentType ?? "*/*";
    const done = await run(route, init, { retry: opts.retry, pacing: opts.pacing, signal: opts.signal, stream: opts.stream === true, accept });
    const body = opts.stream === true ? (done.response.body ?? emptyStream()) : (done.bytes ?? Buffer.alloc(0));
    return { status: done.response.status, headers: done.response.headers, body, ...meta(done) };
  }

  const client = {
    get baseUrl() {
      return baseUrl;
    },
    get rateLimit() {
      return lastRateLimit;
    },
    get stats(): ClientStats {
      return { ...stats, byStatus: { ...stats.byStatus } };
    },
    request,
    download,
    paginate: (route: string, init?: AscRequestInit, opts?: Parameters<AscClient["paginate"]>[2]) => paginate(client, route, init, opts),
    collect: (route: string, init?: AscRequestInit, opts?: Parameters<AscClient["collect"]>[2]) => collect(client, route, init, opts),
  };
  return client as AscClient;
}

function meta(done: Completed) {
  const requestId = done.response.headers.get("x-request-id") ?? done.response.headers.get("x-apple-request-uuid") ?? undefined;
  return {
    ...(done.rateLimit ? { rateLimit: done.rateLimit } : {}),
    ...(requestId ? { requestId } : {}),
    attempts: done.attempts,
    durationMs: done.durationMs,
  };
}

function outcomeOf(error: unknown): number | string {
  if (error instanceof AscApiError) return error.status;
  if (error instanceof NetworkError) return `network${error.code ? ` ${error.code}` : ""}`;
  if (error instanceof Error && error.name === "AbortError") return "aborted";
  return "error";
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
}

function checkBaseUrl(raw: string): string {
  const problem = baseUrlProblem(raw);
  // Not echoed: a URL with a password in it is one of the problems.
  if (problem) throw new ValidationError(`The base URL ${problem.problem}`, { field: "baseUrl", category: "usage", hint: problem.hint });
  return normaliseBaseUrl(raw);
}
