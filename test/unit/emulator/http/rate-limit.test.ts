import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorsOf, mintToken, startTestEmulator, type TestEmulator } from "./helpers.js";

describe("rate limit (rolling hour per key)", () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ rateLimitPerHour: 3 });
  });
  afterAll(() => t.emulator.close());

  it("counts down in X-Rate-Limit, then answers 429 RATE_LIMIT_EXCEEDED without Retry-After", async () => {
    const token = await t.token();
    const get = () => t.call("GET", "/v1/apps", { headers: { Authorization: `Bearer ${token}` } });
    const seen: Array<[number, string | null]> = [];
    for (let i = 0; i < 4; i++) {
      const res = await get();
      seen.push([res.status, res.headers.get("x-rate-limit")]);
    }
    expect(seen).toEqual([
      [200, "user-hour-lim:3;user-hour-rem:2;"],
      [200, "user-hour-lim:3;user-hour-rem:1;"],
      [200, "user-hour-lim:3;user-hour-rem:0;"],
      [429, "user-hour-lim:3;user-hour-rem:0;"],
    ]);
    const res = await get();
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBeNull();
    const [error] = await errorsOf(res);
    expect(error).toMatchObject({
      status: "429",
      code: "RATE_LIMIT_EXCEEDED",
      title: "The request rate limit has been reached.",
      detail: "We've received too many requests for this API. Please wait and try again or slow down your request rate.",
    });

    // Budget is per key: another key still has its own.
    const other = await t.emulator.createApiKey();
    const fresh = await t.call("GET", "/v1/apps", { headers: { Authorization: `Bearer ${await mintToken(other, t.clock.now)}` } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("x-rate-limit")).toBe("user-hour-lim:3;user-hour-rem:2;");

    // Early errors still carry the header, showing the named key's budget without spending it.
    const notFound = await t.call("GET", "/v1/nothing", { headers: { Authorization: `Bearer ${token}` } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("x-rate-limit")).toBe("user-hour-lim:3;user-hour-rem:0;");

    // The window rolls: an hour later the budget is back.
    t.clock.now += 60 * 60 * 1000;
    const later = await t.call("GET", "/v1/apps");
    expect(later.status).toBe(200);
    expect(later.headers.get("x-rate-limit")).toBe("user-hour-lim:3;user-hour-rem:2;");
  });

  it("counts requests that fail validation, and follows setRateLimit", async () => {
    const key = await t.emulator.createApiKey();
    const auth = { Authorization: `Bearer ${await mintToken(key, t.clock.now)}` };
    const bad = await t.call("GET", "/v1/apps?limit=999", { headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-rate-limit")).toBe("user-hour-lim:3;user-hour-rem:2;");
    t.emulator.setRateLimit(10);
    const ok = await t.call("GET", "/v1/apps", { headers: auth });
    expect(ok.headers.get("x-rate-limit")).toBe("user-hour-lim:10;user-hour-rem:8;");
  });
});
