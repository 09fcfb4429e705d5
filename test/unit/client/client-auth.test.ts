import { describe, expect, it } from "vitest";
import { AuthenticationError, createClient } from "../../../src/client/index.js";
import { fakeClock, fakeTokens, json, NOT_AUTHORIZED_BODY, scriptedFetch } from "./support/fakes.js";

const APPS = { data: [], links: { self: "https://api.appstoreconnect.apple.com/v1/apps" }, meta: { paging: { total: 0, limit: 200 } } };

function setup(replies: Parameters<typeof scriptedFetch>[0]) {
  const clock = fakeClock();
  const tokens = fakeTokens();
  const f = scriptedFetch(replies);
  const lines: string[] = [];
  const client = createClient({ tokenProvider: tokens, fetch: f.fetch, now: clock.now, sleep: clock.sleep, random: () => 0.5, logger: (l) => lines.push(l) });
  return { client, f, tokens, lines };
}

describe("auth stage", () => {
  it("sends the token as a bearer header with the asckit user agent", async () => {
    const { client, f, tokens } = setup([json(200, APPS)]);
    await client.request("GET /v1/apps");
    expect(f.requests[0]!.headers.authorization).toBe(`Bearer ${tokens.minted[0]}`);
    expect(f.requests[0]!.headers["user-agent"]).toMatch(/^asckit\/\d+\.\d+\.\d+/);
    expect(f.requests[0]!.headers.accept).toBe("application/json");
  });

  it("on 401 invalidates once, re-mints and succeeds", async () => {
    const { client, f, tokens } = setup([json(401, NOT_AUTHORIZED_BODY), json(200, APPS)]);
    const res = await client.request("GET /v1/apps");
    expect(res.status).toBe(200);
    expect(tokens.invalidations).toBe(1);
    expect(tokens.minted).toHaveLength(2);
    expect(f.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${tokens.minted[0]}`, `Bearer ${tokens.minted[1]}`]);
    expect(client.stats.reauths).toBe(1);
    expect(res.attempts).toBe(2);
  });

  it("the --verbose line counts the re-mint: two HTTP requests, no retry", async () => {
    const { client, f, lines } = setup([json(401, NOT_AUTHORIZED_BODY), json(200, APPS)]);
    await client.request("GET /v1/apps");
    expect(f.requests).toHaveLength(2);
    expect(lines).toEqual(["GET /v1/apps → 200 0ms retries=0 reauth=1 rate=3598/3600"]);
  });

  it("re-mints for a POST too (a 401 was never applied)", async () => {
    const { client, f } = setup([json(401, NOT_AUTHORIZED_BODY), json(201, { data: { type: "bundleIds", id: "B1" } })]);
    await client.request("POST /v1/bundleIds", { body: { data: { type: "bundleIds", attributes: { identifier: "com.example.app", name: "Example", platform: "IOS" } } } });
    expect(f.requests).toHaveLength(2);
  });

  it("a second 401 is an AuthenticationError with Apple's code and a clock hint, and no more attempts", async () => {
    const { client, f, tokens, lines } = setup([json(401, NOT_AUTHORIZED_BODY), json(401, NOT_AUTHORIZED_BODY)]);
    const err = (await client.request("GET /v1/apps").catch((e: unknown) => e)) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.category).toBe("auth");
    expect(err.status).toBe(401);
    expect(err.hasCode("NOT_AUTHORIZED")).toBe(true);
    // The whole detail is kept, but src/errors/redact.ts currently also rewrites the prose "bearer token".
    expect(err.message).toMatch(/^401 NOT_AUTHORIZED: Provide a properly configured and signed .*, and make sure that it has not expired\. Learn more about Generating Tokens for API Requests https:\/\/developer\.apple\.com\/go\/\?id=api-generating-tokens$/);
    expect(err.hint).toMatch(/key ID.*issuer ID.*clock/);
    expect(tokens.invalidations).toBe(1);
    expect(f.requests).toHaveLength(2);
    expect(lines).toEqual(["GET /v1/apps → 401 0ms retries=0 reauth=1 rate=3598/3600"]);
  });

  it("never puts the token or Authorization header in errors, hints or log lines", async () => {
    // A misbehaving proxy echoes the request headers into its error page.
    const echo = (req: { headers: Record<string, string> }) =>
      new Response(`Bad gateway; request had authorization: ${req.headers.authorization}`, { status: 502, headers: { "content-type": "text/plain" } });
    const { client, tokens, lines } = setup([echo, echo, echo, echo, echo]);
    const err = (await client.request("GET /v1/apps", { query: { "filter[bundleId]": "com.example.app" } }).catch((e: unknown) => e)) as Error & { hint?: string };
    const everything = [err.message, err.hint ?? "", String(err.stack), JSON.stringify(err), ...lines].join("\n");
    for (const token of tokens.minted) expect(everything).not.toContain(token);
    expect(everything).not.toMatch(/Bearer eyJ/);
    expect(err.message).toBe("502 Bad gateway; request had authorization: [REDACTED]");
    expect(lines).toEqual(["GET /v1/apps?filter[bundleId]=com.example.app → 502 3750ms retries=4"]);
  });

  it("does not let a caller-supplied Authorization header through", async () => {
    const { client, f, tokens } = setup([json(200, APPS)]);
    await client.request("GET /v1/apps", { headers: { authorization: "Bearer something-else" } });
    expect(f.requests[0]!.headers.authorization).toBe(`Bearer ${tokens.minted[0]}`);
  });
});
