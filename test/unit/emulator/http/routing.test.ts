import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorsOf, startTestEmulator, type TestEmulator } from "./helpers.js";

const RATE_HEADER = /^user-hour-lim:3600;user-hour-rem:\d+;$/;

describe("emulator routing and responses", () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.emulator.close());

  it("binds 127.0.0.1 on a free port", () => {
    expect(t.emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.emulator.url).not.toMatch(/:0$/);
  });

  it("answers an unknown path with 404 PATH_ERROR in Apple's error shape", async () => {
    const res = await t.call("GET", "/v1/nonsense");
    expect(res.status).toBe(404);
    const [error, ...rest] = await errorsOf(res);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ status: "404", code: "PATH_ERROR" });
    expect(error!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-rate-limit")).toMatch(RATE_HEADER);
  });

  it("answers a known path with an unsupported method with 405 METHOD_NOT_ALLOWED and Allow", async () => {
    const res = await t.call("DELETE", "/v1/apps");
    expect(res.status).toBe(405);
    expect((await errorsOf(res))[0]).toMatchObject({ status: "405", code: "METHOD_NOT_ALLOWED" });
    expect(res.headers.get("allow")).toBe("GET");
  });

  it("refuses a malformed percent-escape in the path as PATH_ERROR", async () => {
    const res = await t.call("GET", "/v1/apps/%E0%A4%A");
    expect(res.status).toBe(404);
    expect((await errorsOf(res))[0]!.code).toBe("PATH_ERROR");
  });

  it("hands the engine the operation, path params, decoded query, actor and base URL", async () => {
    const res = await t.call("GET", "/v1/apps/6450000001/appStoreVersions?filter%5Bplatform%5D=IOS,TV_OS&limit=5");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-rate-limit")).toMatch(RATE_HEADER);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const seen = t.engine.requests.at(-1)!;
    expect(seen.operation.id).toBe("apps_appStoreVersions_getToManyRelated");
    expect(seen.params).toEqual({ id: "6450000001" });
    expect(seen.query).toEqual({ "filter[platform]": "IOS,TV_OS", limit: "5" });
    expect(seen.actor).toBe(t.key.issuerId);
    expect(seen.baseUrl).toBe(t.emulator.url);
    expect(seen.now).toBe(t.clock.now);
    expect(seen.method).toBe("GET");
    expect(seen.body).toBeUndefined();
  });

  it("comma-joins a repeated query parameter", async () => {
    await t.call("GET", "/v1/apps?filter[bundleId]=a&filter[bundleId]=b");
    expect(t.engine.requests.at(-1)!.query).toEqual({ "filter[bundleId]": "a,b" });
  });

  it("writes 201 with a Location header and 204 without a body", async () => {
    const created = await t.call("POST", "/v1/bundleIds", {
      body: { data: { type: "bundleIds", attributes: { identifier: "com.example.demo", name: "Demo", platform: "IOS" } } },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${t.emulator.url}/v1/bundleIds/6450000001`);
    expect(t.engine.requests.at(-1)!.body).toEqual({ data: { type: "bundleIds", attributes: { identifier: "com.example.demo", name: "Demo", platform: "IOS" } } });

    const deleted = await t.call("DELETE", "/v1/betaGroups/g1/relationships/builds", { body: { data: [{ type: "builds", id: "b1" }] } });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get("content-type")).toBeNull();
    expect(await deleted.text()).toBe("");
    expect(deleted.headers.get("x-rate-limit")).toMatch(RATE_HEADER);
  });

  it("writes binary results as-is with the operation's content type", async () => {
    const res = await t.call(
      "GET",
      "/v1/salesReports?filter[vendorNumber]=85000000&filter[reportType]=SALES&filter[reportSubType]=SUMMARY&filter[frequency]=DAILY",
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/a-gzip");
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe("Provider\tSKU\nAPPLE\tdemo\n");
  });

  it("turns an engine ApiFailure into Apple's body and an unexpected throw into 500 UNEXPECTED_ERROR", async () => {
    const { ApiFailure } = await import("../../../../src/emulator/api-failure.js");
    const original = t.engine.handle;
    try {
      t.engine.handle = () => {
        throw new ApiFailure({ status: 409, code: "STATE_ERROR.ENTITY_STATE_INVALID", title: "t", detail: "d", source: { pointer: "/data" } });
      };
      const conflict = await t.call("GET", "/v1/apps");
      expect(conflict.status).toBe(409);
      expect((await errorsOf(conflict))[0]).toMatchObject({ status: "409", code: "STATE_ERROR.ENTITY_STATE_INVALID", source: { pointer: "/data" } });

      t.engine.handle = () => {
        throw new Error("boom");
      };
      const crash = await t.call("GET", "/v1/apps");
      expect(crash.status).toBe(500);
      expect((await errorsOf(crash))[0]).toMatchObject({ status: "500", code: "UNEXPECTED_ERROR", title: "An unexpected error occurred." });
    } finally {
      t.engine.handle = original;
    }
  });

  it("serves registered extra routes without a token, before the API routes", async () => {
    t.emulator.addRoute({
      method: "PUT",
      path: /^\/storage\/(?<slot>[\w-]+)$/,
      handle: (req) => ({ status: 200, body: { slot: req.match.groups!.slot, bytes: req.body.length } }),
    });
    const res = await fetch(`${t.emulator.url}/storage/slot-1`, { method: "PUT", body: Buffer.alloc(1000, 7) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ slot: "slot-1", bytes: 1000 });
  });
});
