import { afterEach, describe, expect, it } from "vitest";
import type { FaultConfig } from "../../../../src/emulator/index.js";
import { createFaultInjector } from "../../../../src/emulator/faults/create-fault-injector.js";
import { errorsOf, startTestEmulator, type TestEmulator } from "./helpers.js";

const started: TestEmulator[] = [];
const start = async (...args: Parameters<typeof startTestEmulator>) => {
  const t = await startTestEmulator(...args);
  started.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.emulator.close()));
});

/** Status of each request in order; 0 for a dropped connection. */
async function statuses(t: TestEmulator, n: number): Promise<number[]> {
  const token = await t.token();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    try {
      const res = await t.call("GET", "/v1/apps", { headers: { Authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      out.push(res.status);
    } catch {
      out.push(0);
    }
  }
  return out;
}

describe("fault injection", () => {
  const chaos: FaultConfig = { seed: 42, errorRate: 0.3, dropRate: 0.1, errorStatuses: [500, 503] };

  it("is deterministic: the same seed gives the same sequence over HTTP, another seed another one", async () => {
    const a = await statuses(await start({ faults: chaos }), 30);
    const b = await statuses(await start({ faults: chaos }), 30);
    const c = await statuses(await start({ faults: { ...chaos, seed: 7 } }), 30);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 500, 503, 0]));
  });

  it("draws the same random sequence whatever faults are switched on", () => {
    const outcomes = (config: FaultConfig) => {
      const f = createFaultInjector({ config });
      return Array.from({ length: 200 }, () => f.decide({ method: "GET", path: "/v1/apps" }).outcome?.kind ?? "ok");
    };
    const errorsOnly = outcomes({ seed: 3, errorRate: 0.2 });
    const withLatency = outcomes({ seed: 3, errorRate: 0.2, latencyMs: { min: 1, max: 9 } });
    expect(withLatency).toEqual(errorsOnly);
    expect(errorsOnly.filter((o) => o === "error").length).toBeGreaterThan(20);
    expect(errorsOnly.filter((o) => o === "error").length).toBeLessThan(60);
  });

  it("restarts the sequence on setFaults", async () => {
    const t = await start({ faults: chaos });
    const first = await statuses(t, 15);
    t.emulator.setFaults(chaos);
    expect(await statuses(t, 15)).toEqual(first);
  });

  it("failNext answers 503 once (a gateway HTML page), then serves normally", async () => {
    const t = await start();
    t.emulator.failNext({ status: 503 });
    const failed = await t.call("GET", "/v1/apps");
    expect(failed.status).toBe(503);
    expect(failed.headers.get("content-type")).toBe("text/html");
    expect(await failed.text()).toContain("503 Service Unavailable");
    expect(failed.headers.get("x-rate-limit")).toBe("user-hour-lim:3600;user-hour-rem:3600;");
    expect((await t.call("GET", "/v1/apps")).status).toBe(200);
  });

  it("failNext 500 is Apple's UNEXPECTED_ERROR body, and honours count, method and path", async () => {
    const t = await start();
    t.emulator.failNext({ status: 500, count: 2, method: "POST", path: /^\/v1\/bundleIds$/ });
    expect((await t.call("GET", "/v1/bundleIds")).status).toBe(200);
    const body = { data: { type: "bundleIds", attributes: { identifier: "com.example.a", name: "A", platform: "IOS" } } };
    const first = await t.call("POST", "/v1/bundleIds", { body });
    expect((await errorsOf(first))[0]).toMatchObject({
      status: "500",
      code: "UNEXPECTED_ERROR",
      detail: "An unexpected error occurred on the server side. If this issue continues, contact us at https://developer.apple.com/contact/.",
    });
    expect((await t.call("POST", "/v1/bundleIds", { body })).status).toBe(500);
    expect((await t.call("POST", "/v1/bundleIds", { body })).status).toBe(201);
  });

  it("drops the connection without a response", async () => {
    const t = await start();
    t.emulator.failNext({ status: 0, drop: true });
    await expect(t.call("GET", "/v1/apps")).rejects.toThrow(TypeError);
    expect((await t.call("GET", "/v1/apps")).status).toBe(200);
    expect(t.emulator.stats().byStatus).toEqual({ dropped: 1, "200": 1 });
  });

  it("injects 429 with Retry-After when asked, and without it otherwise", async () => {
    const t = await start();
    t.emulator.failNext({ status: 429, retryAfter: 7 });
    const withHeader = await t.call("GET", "/v1/apps");
    expect(withHeader.status).toBe(429);
    expect(withHeader.headers.get("retry-after")).toBe("7");
    expect((await errorsOf(withHeader))[0]!.code).toBe("RATE_LIMIT_EXCEEDED");
    // Injected 429s leave the real budget alone, which the header shows (Apple has been seen doing the same).
    expect(withHeader.headers.get("x-rate-limit")).toBe("user-hour-lim:3600;user-hour-rem:3600;");

    t.emulator.failNext({ status: 429 });
    const without = await t.call("GET", "/v1/apps");
    expect(without.status).toBe(429);
    expect(without.headers.get("retry-after")).toBeNull();
  });

  it("burst429 fails the last `length` of every `every` requests", async () => {
    const t = await start({ faults: { burst429: { every: 4, length: 2, retryAfterSeconds: 3 } } });
    expect(await statuses(t, 8)).toEqual([200, 200, 429, 429, 200, 200, 429, 429]);
    t.emulator.setFaults({ burst429: { every: 3, length: 1 } });
    const token = await t.token();
    const res = [];
    for (let i = 0; i < 3; i++) res.push(await t.call("GET", "/v1/apps", { headers: { Authorization: `Bearer ${token}` } }));
    expect(res.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(res[2]!.headers.get("retry-after")).toBeNull();
  });

  it("adds latency through the injected sleep, deterministically", async () => {
    const run = async () => {
      const slept: number[] = [];
      const t = await start({ faults: { seed: 9, latencyMs: { min: 100, max: 900 } }, sleep: async (ms) => void slept.push(ms) });
      await statuses(t, 5);
      return slept;
    };
    const first = await run();
    expect(first).toHaveLength(5);
    for (const ms of first) expect(ms >= 100 && ms <= 900).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await run()).toEqual(first);
  });

  it("limits faults to matching paths", async () => {
    const t = await start({ faults: { errorRate: 1, errorStatuses: [502], paths: /^\/v1\/builds/ } });
    expect((await t.call("GET", "/v1/apps")).status).toBe(200);
    const res = await t.call("GET", "/v1/builds");
    expect(res.status).toBe(502);
    expect(await res.text()).toContain("502 Bad Gateway");
  });

  it("revokeAfterRequests revokes the tokens in use once, after N requests", async () => {
    const t = await start({ faults: { revokeAfterRequests: 2 } });
    const token = await t.token();
    const get = (tok: string) => t.call("GET", "/v1/apps", { headers: { Authorization: `Bearer ${tok}` } });
    expect((await get(token)).status).toBe(200);
    expect((await get(token)).status).toBe(200);
    expect((await get(token)).status).toBe(401);
    const fresh = await t.token({ lifetime: 1000 });
    for (let i = 0; i < 3; i++) expect((await get(fresh)).status).toBe(200);
  });

  it("does not spend rate-limit budget on injected faults", async () => {
    const t = await start({ rateLimitPerHour: 5 });
    t.emulator.failNext({ status: 503, count: 2 });
    expect(await statuses(t, 3)).toEqual([503, 503, 200]);
    const res = await t.call("GET", "/v1/apps");
    expect(res.headers.get("x-rate-limit")).toBe("user-hour-lim:5;user-hour-rem:3;");
  });
});
