import { describe, expect, it } from "vitest";
import { createClient, createRateLimiter, DEFAULT_PACING_POLICY, pacingDelay, pacingPause, RateLimitError, resolvePacingPolicy } from "../../../src/client/index.js";
import { fakeClock, fakeTokens, json, scriptedFetch } from "./support/fakes.js";

const T0 = 1_000_000;

describe("pacingDelay", () => {
  const policy = DEFAULT_PACING_POLICY;
  const hour = (remaining: number) => ({ hourLimit: 3600, hourRemaining: remaining });

  it("does not pace while the hourly budget is comfortable", () => {
    for (const remaining of [3600, 1000, 181]) expect(pacingDelay(hour(remaining), T0, T0, policy)).toBe(0);
  });

  it("spreads the last 5% over the window, capped at maxDelayMs", () => {
    expect(pacingDelay(hour(180), T0, T0, policy)).toBe(20_000); // 3600 s / 180
    expect(pacingDelay(hour(120), T0, T0, policy)).toBe(30_000);
    expect(pacingDelay(hour(10), T0, T0, policy)).toBe(60_000); // capped
    expect(pacingDelay(hour(0), T0, T0, policy)).toBe(60_000);
  });

  it("counts time already passed since the previous request", () => {
    expect(pacingDelay(hour(180), T0, T0 + 15_000, policy)).toBe(5_000);
    expect(pacingDelay(hour(180), T0, T0 + 25_000, policy)).toBe(0);
  });

  it("paces on the minute bucket too, with a floor on the reserve", () => {
    expect(pacingDelay({ minuteLimit: 60, minuteRemaining: 30 }, T0, T0, policy)).toBe(0);
    expect(pacingDelay({ minuteLimit: 60, minuteRemaining: 5 }, T0, T0, policy)).toBe(12_000); // reserve max(5, 3)
    expect(pacingDelay({ hourLimit: 3600, hourRemaining: 3000, minuteLimit: 60, minuteRemaining: 1 }, T0, T0, policy)).toBe(60_000);
  });

  it("can be switched off", () => {
    expect(pacingDelay(hour(0), T0, T0, resolvePacingPolicy({ enabled: false }))).toBe(0);
  });
});

describe("rate limiter", () => {
  it("asks the injected sleep for a delay when the budget is low, and not when it is plenty", async () => {
    for (const [remaining, expectSleep] of [[0, true], [3, true], [100, true], [3000, false]] as const) {
      const clock = fakeClock();
      const limiter = createRateLimiter({ maxConcurrent: 4, pacing: DEFAULT_PACING_POLICY, now: clock.now, sleep: clock.sleep });
      await limiter.run(async () => limiter.observe({ hourLimit: 3600, hourRemaining: remaining, raw: {} }));
      await limiter.run(async () => undefined);
      expect(clock.sleeps.length > 0, `remaining=${remaining}`).toBe(expectSleep);
      if (expectSleep) expect(clock.sleeps[0]!).toBeGreaterThan(0);
    }
  });

  it("counts requests started since the last header against the budget", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ maxConcurrent: 4, pacing: DEFAULT_PACING_POLICY, now: clock.now, sleep: clock.sleep });
    await limiter.run(async () => limiter.observe({ hourLimit: 3600, hourRemaining: 182, raw: {} }));
    await limiter.run(async () => undefined); // sees 182, leaves 181
    await limiter.run(async () => undefined); // sees 181, leaves 180
    expect(clock.sleeps).toEqual([]);
    await limiter.run(async () => undefined); // sees 180: at the reserve, paced
    expect(clock.sleeps).toEqual([20_000]);
  });
});

describe("client pacing", () => {
  it("pauses before the next request once X-Rate-Limit says the budget is low", async () => {
    const clock = fakeClock();
    const f = scriptedFetch([json(200, { data: [] }, { "x-rate-limit": "user-hour-lim:3600;user-hour-rem:3;" }), json(200, { data: [] }, { "x-rate-limit": "user-hour-lim:3600;user-hour-rem:2;" })]);
    const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    await client.request("GET /v1/apps");
    expect(clock.sleeps).toEqual([]);
    await client.request("GET /v1/apps");
    expect(clock.sleeps).toEqual([60_000]);
    expect(client.rateLimit).toEqual({ hourLimit: 3600, hourRemaining: 2, raw: { "user-hour-lim": "3600", "user-hour-rem": "2" } });
  });

  it("does not pause with plenty of budget", async () => {
    const clock = fakeClock();
    const f = scriptedFetch([json(200, { data: [] }), json(200, { data: [] }), json(200, { data: [] })]);
    const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch, now: clock.now, sleep: clock.sleep });
    await Promise.all([client.request("GET /v1/apps"), client.request("GET /v1/builds"), client.request("GET /v1/betaGroups")]);
    expect(clock.sleeps).toEqual([]);
  });
});

describe("pacingPause", () => {
  it("names the bucket that set the pace, with its budget", () => {
    expect(pacingPause({ hourLimit: 3600, hourRemaining: 120 }, T0, T0, DEFAULT_PACING_POLICY)).toEqual({ ms: 30_000, bucket: "hour", remaining: 120, limit: 3600 });
    expect(pacingPause({ hourLimit: 3600, hourRemaining: 3000, minuteLimit: 60, minuteRemaining: 2 }, T0, T0, DEFAULT_PACING_POLICY)).toEqual({ ms: 30_000, bucket: "minute", remaining: 2, limit: 60 });
    expect(pacingPause({ hourLimit: 3600, hourRemaining: 3000 }, T0, T0, DEFAULT_PACING_POLICY)).toBeUndefined();
  });
});

const RATE_LIMITED = { errors: [{ status: "429", code: "RATE_LIMIT_EXCEEDED", title: "The request rate limit has been reached.", detail: "We've received too many requests for this API. Please wait and try again or slow down your request rate." }] };
const spent = (limit: number) => json(429, RATE_LIMITED, { "x-rate-limit": `user-hour-lim:${limit};user-hour-rem:0;` });

describe("an exhausted hourly budget", () => {
  it("retries with the retry policy's backoff only, no pacing pause stacked on each retry", async () => {
    const clock = fakeClock();
    const pauses: unknown[] = [];
    const f = scriptedFetch(Array.from({ length: 5 }, () => spent(3)));
    const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch, now: clock.now, sleep: clock.sleep, random: () => 0.5, onPause: (p) => pauses.push(p) });
    const err = (await client.request("GET /v1/apps").catch((e: unknown) => e)) as RateLimitError;
    expect(f.requests).toHaveLength(5);
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000]);
    expect(pauses).toEqual([]);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.category).toBe("rate_limited");
    expect(err.message).toBe("429 RATE_LIMIT_EXCEEDED: the hourly request budget of this API key is used up (0 of 3 left) on GET /v1/apps");
    // Nothing this client sent was counted, so the bound is the whole rolling hour.
    expect(err.hint).toMatch(/^App Store Connect counts requests over a rolling hour, .* the first request frees within 60 min at the latest\./);
    expect(err.hasCode("RATE_LIMIT_EXCEEDED")).toBe(true);
  });

  it("bounds when the budget frees by the oldest request this client had counted in the hour", async () => {
    const clock = fakeClock();
    const f = scriptedFetch([json(200, { data: [] }, { "x-rate-limit": "user-hour-lim:3;user-hour-rem:1;" }), ...Array.from({ length: 5 }, () => spent(3))]);
    const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    await client.request("GET /v1/apps");
    clock.advance(20 * 60_000);
    const err = (await client.request("GET /v1/apps").catch((e: unknown) => e)) as RateLimitError;
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000]);
    // Counted 20 min and 3.75 s of backoff ago: its slot comes back within the next 40 min.
    expect(err.hint).toMatch(/frees within 40 min at the latest/);
  });

  it("still paces a budget that is low but not spent, and reports each pause", async () => {
    const clock = fakeClock();
    const pauses: unknown[] = [];
    const f = scriptedFetch([json(200, { data: [] }, { "x-rate-limit": "user-hour-lim:3600;user-hour-rem:120;" }), json(200, { data: [] })]);
    const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch, now: clock.now, sleep: clock.sleep, onPause: (p) => pauses.push(p) });
    await client.request("GET /v1/apps");
    await client.request("GET /v1/apps");
    expect(clock.sleeps).toEqual([30_000]);
    expect(pauses).toEqual([{ ms: 30_000, bucket: "hour", remaining: 120, limit: 3600 }]);
  });
});

describe("per-call pacing overrides", () => {
  const low = () => json(200, { data: [] }, { "x-rate-limit": "user-hour-lim:3600;user-hour-rem:3;" });
  const setup = () => {
    const clock = fakeClock();
    const f = scriptedFetch([low(), low(), low(), low()]);
    const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch, now: clock.now, sleep: clock.sleep });
    return { client, clock, f };
  };

  it("pacing: false sends the call without a pause; the next call is paced again", async () => {
    const { client, clock, f } = setup();
    await client.request("GET /v1/apps");
    await client.request("GET /v1/apps", {}, { pacing: false });
    expect(clock.sleeps).toEqual([]);
    await client.request("GET /v1/apps");
    expect(clock.sleeps).toEqual([60_000]);
    expect(f.requests).toHaveLength(3);
  });

  it("a partial policy is merged over the client's for that call only", async () => {
    const { client, clock } = setup();
    await client.request("GET /v1/apps");
    await client.request("GET /v1/apps", {}, { pacing: { maxDelayMs: 5_000 } });
    expect(clock.sleeps).toEqual([5_000]);
    await client.collect("GET /v1/apps", {}, { pacing: { maxDelayMs: 7_000 } });
    expect(clock.sleeps).toEqual([5_000, 7_000]);
  });
});
