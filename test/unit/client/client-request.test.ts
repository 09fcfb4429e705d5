import { gzipSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors/index.js";
import { createClient, ServerError, type ExchangeRecord } from "../../../src/client/index.js";
import { fakeClock, fakeTokens, json, noContent, scriptedFetch, text, type Reply } from "./support/fakes.js";

function setup(replies: Reply[], baseUrl?: string) {
  const clock = fakeClock();
  const f = scriptedFetch(replies);
  const lines: string[] = [];
  const exchanges: ExchangeRecord[] = [];
  const client = createClient({
    baseUrl,
    tokenProvider: fakeTokens(),
    fetch: f.fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    logger: (l) => lines.push(l),
    onExchange: (e) => exchanges.push(e),
  });
  return { client, f, clock, lines, exchanges };
}

describe("client.request", () => {
  it("encodes Apple-style queries: arrays comma-joined, brackets literal, undefined dropped", async () => {
    const { client, f } = setup([json(200, { data: [], links: { self: "x" } })]);
    await client.request("GET /v1/builds", {
      query: {
        "filter[app]": ["1234567890"],
        "filter[processingState]": ["PROCESSING", "VALID"],
        sort: ["-uploadedDate"],
        "fields[builds]": ["version", "uploadedDate"],
        "exists[usesNonExemptEncryption]": false,
        limit: 10,
        include: undefined,
        "filter[version]": "1 2&3",
      },
    });
    expect(f.requests[0]!.url).toBe(
      "https://api.appstoreconnect.apple.com/v1/builds?filter[app]=1234567890&filter[processingState]=PROCESSING,VALID&sort=-uploadedDate&fields[builds]=version,uploadedDate&exists[usesNonExemptEncryption]=false&limit=10&filter[version]=1%202%263",
    );
  });

  it("JSON-encodes the body with Content-Type application/json and returns the parsed document", async () => {
    const body = { data: { type: "bundleIds", attributes: { identifier: "com.example.app", name: "Example", platform: "IOS" } } };
    const created = { data: { type: "bundleIds", id: "ABCDE12345", attributes: { identifier: "com.example.app", name: "Example", platform: "IOS", seedId: "TEAMID1234" } }, links: { self: "https://api.appstoreconnect.apple.com/v1/bundleIds/ABCDE12345" } };
    const { client, f } = setup([json(201, created, { "x-request-id": "req-123" })]);
    const res = await client.request("post /v1/bundleIds", { body });
    expect(f.requests[0]!.method).toBe("POST");
    expect(f.requests[0]!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(f.requests[0]!.body!.toString())).toEqual(body);
    expect(res).toMatchObject({ status: 201, document: created, requestId: "req-123", attempts: 1, rateLimit: { hourLimit: 3600, hourRemaining: 3598 } });
    expect(client.rateLimit?.hourRemaining).toBe(3598);
  });

  it("returns an undefined document for 204", async () => {
    const { client, f } = setup([noContent()]);
    const res = await client.request("DELETE /v1/betaTesters/T1");
    expect(res.status).toBe(204);
    expect(res.document).toBeUndefined();
    expect(f.requests[0]!.headers["content-type"]).toBeUndefined();
  });

  it("returns the text for raw requests and refuses non-JSON success bodies otherwise", async () => {
    const { client } = setup([text(200, "not json", "text/plain"), text(200, "<html>proxy login</html>", "text/html")]);
    expect((await client.request("GET /v1/apps", {}, { raw: true })).document).toBe("not json");
    const err = await client.request("GET /v1/apps").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).message).toBe("200 response to GET /v1/apps is not JSON (text/html)");
  });

  it("logs one redacted line per request with path, status, time, retries and budget", async () => {
    const { client, clock, lines } = setup([
      () => {
        clock.advance(41);
        return json(200, { data: [] }, { "x-rate-limit": "user-hour-lim:3600;user-hour-rem:3598;" });
      },
    ]);
    await client.request("GET /v1/apps", { query: { limit: 200 } });
    expect(lines).toEqual(["GET /v1/apps?limit=200 → 200 41ms retries=0 rate=3598/3600"]);
  });

  it("reports every HTTP attempt to onExchange without headers", async () => {
    const body = { data: { type: "builds", id: "b1", attributes: { expired: true } } };
    const { client, exchanges } = setup([json(503, { errors: [] }), json(200, { data: { type: "builds", id: "b1" } }), json(200, { data: { type: "builds", id: "b1" } })]);
    await client.request("GET /v1/builds/b1");
    await client.request("PATCH /v1/builds/b1", { body });
    expect(exchanges.map(({ method, url, status, attempt }) => ({ method, url, status, attempt }))).toEqual([
      { method: "GET", url: "https://api.appstoreconnect.apple.com/v1/builds/b1", status: 503, attempt: 1 },
      { method: "GET", url: "https://api.appstoreconnect.apple.com/v1/builds/b1", status: 200, attempt: 2 },
      { method: "PATCH", url: "https://api.appstoreconnect.apple.com/v1/builds/b1", status: 200, attempt: 1 },
    ]);
    expect(exchanges[0]!.requestBody).toBeUndefined();
    expect(exchanges[2]!.requestBody).toEqual(body);
    expect(JSON.stringify(exchanges)).not.toMatch(/authorization|Bearer/i);
  });

  it("works against an emulator base URL and keeps full URLs on it", async () => {
    const { client, f } = setup([json(200, { data: [] }), json(200, { data: [] })], "http://127.0.0.1:4010/");
    expect(client.baseUrl).toBe("http://127.0.0.1:4010");
    await client.request("GET /v1/apps");
    await client.request("GET http://127.0.0.1:4010/v1/apps?cursor=Mg&limit=200");
    expect(f.requests.map((r) => r.url)).toEqual(["http://127.0.0.1:4010/v1/apps", "http://127.0.0.1:4010/v1/apps?cursor=Mg&limit=200"]);
  });

  it("refuses to send the token to a foreign full URL", async () => {
    const { client, f } = setup([]);
    await expect(client.request("GET https://evil.example.com/v1/apps")).rejects.toBeInstanceOf(ValidationError);
    await expect(client.request("GET http://api.appstoreconnect.apple.com/v1/apps")).rejects.toBeInstanceOf(ValidationError);
    await expect(client.request("/v1/apps")).rejects.toThrow(/expected "METHOD \/path"/);
    expect(f.requests).toHaveLength(0);
  });

  it("validates its options", () => {
    const base = { tokenProvider: fakeTokens() };
    expect(() => createClient({ ...base, userAgent: "curl/8" })).toThrow(/must start with "asckit\/"/);
    expect(() => createClient({ ...base, baseUrl: "ftp://x" })).toThrow(ValidationError);
    expect(() => createClient({ ...base, maxConcurrent: 0 })).toThrow(ValidationError);
    expect(createClient({ ...base, userAgent: "asckit/9.9.9 ci" }).baseUrl).toBe("https://api.appstoreconnect.apple.com");
  });
});

describe("client.download", () => {
  const tsv = "Provider\tProvider Country\tSKU\nAPPLE\tUS\tcom.example.app\n";

  it("returns the gzip body as a Buffer, asking for the spec's content type", async () => {
    const { client, f } = setup([new Response(gzipSync(tsv), { status: 200, headers: { "content-type": "application/a-gzip", "x-rate-limit": "user-hour-lim:3600;user-hour-rem:3000;" } })]);
    const res = await client.download("GET /v1/salesReports", {
      query: { "filter[vendorNumber]": "85012345", "filter[reportType]": "SALES", "filter[reportSubType]": "SUMMARY", "filter[frequency]": "DAILY" },
    });
    expect(f.requests[0]!.headers.accept).toBe("application/a-gzip");
    expect(gunzipSync(res.body).toString()).toBe(tsv);
    expect(res.rateLimit?.hourRemaining).toBe(3000);
  });

  it("can stream the body, and still retries and maps errors", async () => {
    const notFound = { errors: [{ status: "404", code: "NOT_FOUND", title: "The specified resource does not exist", detail: "There were no sales for the date specified." }] };
    const { client, f } = setup([
      json(503, { errors: [] }),
      new Response(gzipSync(tsv), { status: 200, headers: { "content-type": "application/a-gzip" } }),
      json(404, notFound),
    ]);
    const res = await client.download("GET /v1/salesReports", {}, { stream: true });
    const chunks: Buffer[] = [];
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
    expect(gunzipSync(Buffer.concat(chunks)).toString()).toBe(tsv);
    expect(res.attempts).toBe(2);
    await expect(client.download("GET /v1/salesReports")).rejects.toMatchObject({ category: "not_found", code: "NOT_FOUND", message: "404 NOT_FOUND: There were no sales for the date specified." });
    expect(f.requests).toHaveLength(3);
  });
});
