import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  errorFromResponse,
  NetworkError,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelay,
  type RetryContext,
} from "../../../src/client/index.js";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe("backoffDelay", () => {
  const policy = resolveRetryPolicy({ jitter: false });

  it("doubles from the base and caps at maxDelayMs", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => backoffDelay(policy, i, () => 0.5))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 20000]);
  });

  it("uses full jitter from the injected random", () => {
    const jittered = resolveRetryPolicy({ jitter: true });
    expect(backoffDelay(jittered, 2, () => 0.25)).toBe(500);
    expect(backoffDelay(jittered, 2, () => 0)).toBe(0);
    expect(backoffDelay(jittered, 10, () => 0.5)).toBe(10_000);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter("1.5", NOW)).toBe(1500);
  });

  it("reads an HTTP date relative to the injected clock", () => {
    expect(parseRetryAfter("Thu, 15 Jan 2026 12:00:30 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfter("Thu, 15 Jan 2026 11:59:00 GMT", NOW)).toBe(0);
  });

  it("ignores absent or unreadable values", () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter("-5", NOW)).toBeUndefined();
  });
});

describe("retryDelay", () => {
  const ctx = (over: Partial<RetryContext> = {}): RetryContext => ({
    replayable: true,
    retryIndex: 0,
    policy: resolveRetryPolicy({ jitter: false }),
    now: () => NOW,
    random: () => 0.5,
    ...over,
  });
  const apiError = (status: number, headers: Record<string, string> = {}) =>
    errorFromResponse({ status, headers, bodyText: "", method: "GET", path: "/v1/apps" });
  const net = (code: string) => new NetworkError("x", { code, method: "POST", path: "/v1/x" });

  it("has the documented defaults", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxRetries: 4, baseDelayMs: 500, maxDelayMs: 20_000, jitter: true, retryOn: [429, 500, 502, 503, 504] });
  });

  it("retries replayable requests on the listed statuses and network errors", () => {
    for (const status of [429, 500, 502, 503, 504]) expect(retryDelay(apiError(status), ctx())).toBe(500);
    expect(retryDelay(net("ECONNRESET"), ctx({ retryIndex: 1 }))).toBe(1000);
    for (const status of [400, 401, 403, 404, 409, 422, 501]) expect(retryDelay(apiError(status), ctx())).toBeUndefined();
  });

  it("replays a non-replayable request only on 429 or a connection that never opened", () => {
    const post = ctx({ replayable: false });
    expect(retryDelay(apiError(429), post)).toBe(500);
    expect(retryDelay(apiError(500), post)).toBeUndefined();
    expect(retryDelay(apiError(503), post)).toBeUndefined();
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]) expect(retryDelay(net(code), post)).toBe(500);
    for (const code of ["ECONNRESET", "UND_ERR_SOCKET", "EPIPE"]) expect(retryDelay(net(code), post)).toBeUndefined();
  });

  it("honours Retry-After (seconds or date), capped at maxDelayMs", () => {
    expect(retryDelay(apiError(429, { "retry-after": "7" }), ctx())).toBe(7000);
    expect(retryDelay(apiError(503, { "retry-after": "Thu, 15 Jan 2026 12:00:03 GMT" }), ctx())).toBe(3000);
    expect(retryDelay(apiError(429, { "retry-after": "3600" }), ctx())).toBe(20_000);
  });

  it("gives up after maxRetries and on unknown errors", () => {
    expect(retryDelay(apiError(503), ctx({ retryIndex: 4 }))).toBeUndefined();
    expect(retryDelay(new Error("bug"), ctx())).toBeUndefined();
    expect(retryDelay(apiError(503), ctx({ policy: resolveRetryPolicy({ retryOn: [429] }) }))).toBeUndefined();
  });
});
