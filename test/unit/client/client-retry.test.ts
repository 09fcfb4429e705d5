import { describe, expect, it } from "vitest";
import { createClient, NetworkError, RateLimitError, ServerError, type ClientOptions } from "../../../src/client/index.js";
import { fakeClock, fakeTokens, fetchFailed, json, scriptedFetch, text, type Reply } from "./support/fakes.js";

const APP = { data: { type: "apps", id: "1234567890", attributes: { name: "Example", bundleId: "com.example.app" } }, links: { self: "https://api.appstoreconnect.apple.com/v1/apps/1234567890" } };
const RATE_LIMITED = { errors: [{ status: "429", code: "RATE_LIMIT_EXCEEDED", title: "The request rate limit has been reached.", detail: "We've received too many requests for this API. Please wait and try again or slow down your request rate." }] };
const SERVER_ERROR = { errors: [{ status: "500", code: "UNEXPECTED_ERROR", title: "An unexpected error occurred.", detail: "An unexpected error occurred on the server side. If this issue continues, contact us at https://developer.apple.com/contact/." }] };

function setup(replies: Reply[], extra: Partial<ClientOptions> = {}) {
  const clock = fakeClock();
  const f = scriptedFetch(replies);
  const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch, now: clock.now, sleep: clock.sleep, random: () => 0.5, ...extra });
  return { client, f, clock };
}

const BETA_GROUP_BODY = { data: { type: "betaGroups", attributes: { name: "QA" }, relationships: { app: { data: { type: "apps", id: "1234567890" } } } } };

describe("retry stage", () => {
  it("retries a GET after 503 and succeeds, sleeping with jittered backoff", async () => {
    const { client, f, clock } = setup([text(503, "<html><title>503 Service Unavailable</title></html>", "text/html"), json(200, APP)]);
    const res = await client.request("GET /v1/apps/1234567890");
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(2);
    expect(f.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([250]); // random 0.5 × base 500
    expect(client.stats).toEqual({ requests: 2, retries: 1, reauths: 0, byStatus: { "200": 1, "503": 1 } });
  });

  it("retries a GET after a network error (reset) and counts it under network", async () => {
    const { client, f } = setup([fetchFailed("ECONNRESET", "read ECONNRESET"), json(200, APP)]);
    const res = await client.request("GET /v1/apps/1234567890");
    expect(res.document).toEqual(APP);
    expect(f.requests).toHaveLength(2);
    expect(client.stats.byStatus).toEqual({ network: 1, "200": 1 });
  });

  it("backs off exponentially and gives up after maxRetries with the last error", async () => {
    const { client, f, clock } = setup(Array.from({ length: 5 }, () => json(429, RATE_LIMITED)));
    const err = await client.request("GET /v1/apps").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).category).toBe("rate_limited");
    expect(f.requests).toHaveLength(5);
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000]);
  });

  it("honours Retry-After in seconds and as an HTTP date", async () => {
    const { client, clock } = setup([
      json(429, RATE_LIMITED, { "retry-after": "3" }),
      json(503, SERVER_ERROR, { "retry-after": "Thu, 15 Jan 2026 12:00:10 GMT" }),
      json(200, APP),
    ]);
    await client.request("GET /v1/apps/1234567890");
    // The clock starts at 12:00:00 and the first sleep moved it to 12:00:03.
    expect(clock.sleeps).toEqual([3000, 7000]);
  });

  it("does not replay a POST after a 500 (Apple may have applied it)", async () => {
    const { client, f } = setup([json(500, SERVER_ERROR)]);
    const err = await client.request("POST /v1/betaGroups", { body: BETA_GROUP_BODY }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).message).toBe("500 UNEXPECTED_ERROR: An unexpected error occurred on the server side. If this issue continues, contact us at https://developer.apple.com/contact/.");
    expect(f.requests).toHaveLength(1);
  });

  it("does not replay a PATCH after a reset mid-request", async () => {
    const { client, f } = setup([fetchFailed("ECONNRESET", "socket hang up")]);
    const err = await client.request("PATCH /v1/builds/b1", { body: { data: { type: "builds", id: "b1", attributes: { expired: true } } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).connectFailed).toBe(false);
    expect(f.requests).toHaveLength(1);
  });

  it("replays a POST after 429 with the same body", async () => {
    const created = { data: { type: "betaGroups", id: "g1", attributes: { name: "QA" } } };
    const { client, f } = setup([json(429, RATE_LIMITED), json(201, created)]);
    const res = await client.request("POST /v1/betaGroups", { body: BETA_GROUP_BODY });
    expect(res.status).toBe(201);
    expect(f.requests).toHaveLength(2);
    expect(JSON.parse(f.requests[1]!.body!.toString())).toEqual(BETA_GROUP_BODY);
  });

  it("replays a POST whose connection was refused before it was sent", async () => {
    const { client, f } = setup([fetchFailed("ECONNREFUSED"), fetchFailed("ENOTFOUND", "getaddrinfo ENOTFOUND api.appstoreconnect.apple.com"), json(201, { data: { type: "betaGroups", id: "g1" } })]);
    const res = await client.request("POST /v1/betaGroups", { body: BETA_GROUP_BODY });
    expect(res.status).toBe(201);
    expect(res.attempts).toBe(3);
    expect(f.requests.map((r) => r.method)).toEqual(["POST", "POST", "POST"]);
  });

  it("applies per-call retry overrides", async () => {
    const { client, f } = setup([json(503, SERVER_ERROR)]);
    await expect(client.request("GET /v1/apps", {}, { retry: { maxRetries: 0 } })).rejects.toBeInstanceOf(ServerError);
    expect(f.requests).toHaveLength(1);
  });

  it("stops retrying when the caller aborts", async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    const f = scriptedFetch([json(503, SERVER_ERROR)]);
    const client = createClient({
      tokenProvider: fakeTokens(),
      fetch: f.fetch,
      now: clock.now,
      random: () => 0.5,
      sleep: async () => controller.abort(),
    });
    await expect(client.request("GET /v1/apps", {}, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(f.requests).toHaveLength(1);
  });
});
