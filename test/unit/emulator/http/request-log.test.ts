import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestLogEntry } from "../../../../src/emulator/index.js";
import { startTestEmulator, type TestEmulator } from "./helpers.js";

describe("request log and stats", () => {
  const entries: RequestLogEntry[] = [];
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ onRequest: (entry) => entries.push(entry) });
  });
  afterAll(() => t.emulator.close());

  it("calls onRequest after each response with method, path, query, body, status, ms and user agent", async () => {
    const body = { data: { type: "bundleIds", attributes: { identifier: "com.example.a", name: "A", platform: "IOS" } } };
    await (await t.call("GET", "/v1/apps?limit=2&filter[bundleId]=com.example.a&filter[bundleId]=com.example.b", { headers: { "User-Agent": "asckit-test/1.0" } })).text();
    await (await t.call("POST", "/v1/bundleIds", { body })).text();
    await (await t.call("GET", "/v1/nope")).text();
    t.emulator.failNext({ status: 0, drop: true });
    await t.call("GET", "/v1/apps").catch(() => undefined);
    await expect.poll(() => entries.length).toBe(4);

    expect(entries.map(({ ms: _ms, ...e }) => e)).toEqual([
      {
        method: "GET",
        path: "/v1/apps",
        query: { limit: "2", "filter[bundleId]": "com.example.a,com.example.b" },
        // The repeat stays visible, so conformance can tell it from Apple's comma-joined form.
        queryPairs: [["limit", "2"], ["filter[bundleId]", "com.example.a"], ["filter[bundleId]", "com.example.b"]],
        status: 200,
        userAgent: "asckit-test/1.0",
      },
      { method: "POST", path: "/v1/bundleIds", query: {}, queryPairs: [], body, status: 201, userAgent: expect.any(String) },
      { method: "GET", path: "/v1/nope", query: {}, queryPairs: [], status: 404, userAgent: expect.any(String) },
      { method: "GET", path: "/v1/apps", query: {}, queryPairs: [], status: 0, userAgent: expect.any(String) },
    ]);
    for (const e of entries) expect(e.ms).toBeGreaterThanOrEqual(0);

    expect(t.emulator.stats()).toEqual({ requests: 4, byStatus: { "200": 1, "201": 1, "404": 1, dropped: 1 } });
  });
});
