import { describe, expect, it } from "vitest";
import { buildPath, createSemaphore, encodeQuery, formatLogLine, isTrustedApiUrl, resolveRoute } from "../../../src/client/index.js";
import { ValidationError } from "../../../src/errors/index.js";

describe("buildPath", () => {
  it("fills {id} segments with encoded values", () => {
    expect(buildPath("/v1/builds/{id}/relationships/betaGroups", { id: "1a2b" })).toBe("/v1/builds/1a2b/relationships/betaGroups");
    expect(buildPath("/v1/apps/{id}", { id: "../v1/users?x=1" })).toBe("/v1/apps/..%2Fv1%2Fusers%3Fx%3D1");
  });

  it("refuses a missing value", () => {
    expect(() => buildPath("/v1/apps/{id}", {})).toThrow(ValidationError);
    expect(() => buildPath("/v1/apps/{id}", { id: "" })).toThrow(/Missing value for \{id\}/);
  });
});

describe("encodeQuery", () => {
  it("joins arrays with commas and skips empty ones", () => {
    expect(encodeQuery({ "filter[platform]": ["IOS", "MAC_OS"], "fields[apps]": [], limit: 200, "exists[parent]": true })).toBe("filter[platform]=IOS,MAC_OS&limit=200&exists[parent]=true");
  });

  it("escapes commas inside a single value", () => {
    expect(encodeQuery({ "filter[name]": "a,b" })).toBe("filter[name]=a%2Cb");
  });
});

describe("resolveRoute and isTrustedApiUrl", () => {
  it("joins the base URL and appends to an existing query", () => {
    expect(resolveRoute("get /v1/apps?limit=5", "https://api.appstoreconnect.apple.com", { sort: ["name"] })).toEqual({
      method: "GET",
      url: "https://api.appstoreconnect.apple.com/v1/apps?limit=5&sort=name",
      display: "/v1/apps?limit=5&sort=name",
    });
  });

  it("trusts only Apple over https and the base URL's origin", () => {
    const base = "http://127.0.0.1:4010";
    expect(isTrustedApiUrl("https://api.appstoreconnect.apple.com/v1/apps", base)).toBe(true);
    expect(isTrustedApiUrl("http://127.0.0.1:4010/v1/apps", base)).toBe(true);
    expect(isTrustedApiUrl("http://127.0.0.1:4011/v1/apps", base)).toBe(false);
    expect(isTrustedApiUrl("https://user:pw@api.appstoreconnect.apple.com/v1/apps", base)).toBe(false);
    expect(isTrustedApiUrl("https://api.appstoreconnect.apple.com:8443/v1/apps", base)).toBe(false);
    expect(isTrustedApiUrl("not a url", base)).toBe(false);
  });
});

describe("formatLogLine", () => {
  it("prints the documented line and redacts anything token-like", () => {
    expect(formatLogLine({ method: "GET", path: "/v1/apps?limit=200", outcome: 200, ms: 41.4, retries: 0, rateLimit: { hourLimit: 3600, hourRemaining: 3598, raw: {} } })).toBe(
      "GET /v1/apps?limit=200 → 200 41ms retries=0 rate=3598/3600",
    );
    expect(formatLogLine({ method: "GET", path: "/v1/x?t=eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl", outcome: "network ECONNREFUSED", ms: 3, retries: 4 })).toBe(
      "GET /v1/x?t=[REDACTED JWT] → network ECONNREFUSED 3ms retries=4",
    );
  });
});

describe("createSemaphore", () => {
  it("admits at most max holders, in arrival order", async () => {
    const sem = createSemaphore(2);
    const order: number[] = [];
    await sem.acquire();
    await sem.acquire();
    const waiting = [1, 2].map((n) => sem.acquire().then(() => order.push(n)));
    expect(sem.active).toBe(2);
    sem.release();
    await waiting[0];
    expect(order).toEqual([1]);
    sem.release();
    await waiting[1];
    expect(order).toEqual([1, 2]);
    expect(() => createSemaphore(0)).toThrow(RangeError);
  });
});
