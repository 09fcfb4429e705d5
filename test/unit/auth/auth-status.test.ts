// `auth status` clock skew from the response's Date header (1-second resolution, truncated).
import { describe, expect, it } from "vitest";
import { createClient } from "../../../src/client/index.js";
import { checkAuth } from "../../../src/workflows/auth-status.js";
import { fakeTokens, json, scriptedFetch } from "../client/support/fakes.js";

const KEY = { keyId: "2X9R4HXF34", keyType: "team" as const, keySource: "env ASC_PRIVATE_KEY_PATH" };
const SERVER_T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

/** The server's clock reads `serverMs` while the request is handled; the local clock is `offsetMs` behind it. */
async function skewFor(serverMs: number, offsetMs: number, roundTripMs = 80): Promise<number | undefined> {
  let local = serverMs - offsetMs - roundTripMs / 2;
  const f = scriptedFetch([
    () => {
      local += roundTripMs;
      return json(200, { data: [{ type: "apps", id: "1", attributes: { bundleId: "com.example.app" } }] }, { date: new Date(serverMs).toUTCString() });
    },
  ]);
  const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch, now: () => local });
  return (await checkAuth(client, KEY, () => local)).clockSkewSeconds;
}

describe("checkAuth clock skew", () => {
  it("reads 0 for a correct clock wherever in the second the server answered", async () => {
    // The estimate is off by at most half a second; only the exact edges of a second are ambiguous.
    for (let ms = 50; ms < 1000; ms += 100) expect(await skewFor(SERVER_T0 + ms, 0), `server at +${ms} ms`).toBe(0);
  });

  it("reads the offset in whole seconds, both ways, without a one-second bias", async () => {
    for (const ms of [50, 450, 550, 950]) {
      expect(await skewFor(SERVER_T0 + ms, 90_000), `+${ms}`).toBe(90);
      expect(await skewFor(SERVER_T0 + ms, -90_000), `+${ms}`).toBe(-90);
      expect(await skewFor(SERVER_T0 + ms, 2_000), `+${ms}`).toBe(2);
    }
  });

  it("is undefined without a Date header", async () => {
    const f = scriptedFetch([json(200, { data: [] })]);
    const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch });
    expect((await checkAuth(client, KEY, Date.now)).clockSkewSeconds).toBeUndefined();
  });
});
