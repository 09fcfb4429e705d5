// What a user sees when the rate limit bites: a note for long pacing pauses, and a prompt exit 6
// (not minutes of silence) once the hourly budget is spent.
import { afterEach, describe, expect, it } from "vitest";
import { runMain } from "../../support/in-process-cli.js";
import { startRecordingServer, type RecordingServer, type ServerReply } from "../../support/recording-server.js";
import { p256Key } from "../auth/test-keys.js";

const key = p256Key();
let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(argv: string[], reply: (n: number, url: string) => ServerReply) {
  let n = 0;
  server = await startRecordingServer((req) => reply(n++, req.url));
  const sleeps: number[] = [];
  let t = Date.now();
  const r = await runMain(argv, {
    env: { ASC_BASE_URL: server.url, ASC_KEY_ID: "2X9R4HXF34", ASC_ISSUER_ID: "57246542-96fe-1a63-e053-0824d011072a", ASC_PRIVATE_KEY: key.pkcs8Pem },
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  });
  return { ...r, sleeps, requests: server.requests.length };
}

const RATE_LIMITED = { errors: [{ status: "429", code: "RATE_LIMIT_EXCEEDED", title: "The request rate limit has been reached.", detail: "We've received too many requests for this API. Please wait and try again or slow down your request rate." }] };

describe("rate limit in the CLI", () => {
  it("a spent hourly budget exits 6 within the retry policy's cap, saying so and when it frees", async () => {
    const r = await run(["apps", "list", "--verbose"], () => ({ status: 429, body: RATE_LIMITED, headers: { "x-rate-limit": "user-hour-lim:3;user-hour-rem:0;" } }));
    expect(r.code).toBe(6);
    expect(r.requests).toBe(5);
    // Backoff only (jittered, each under the 20 s cap): no 60 s pacing pause per retry.
    expect(r.sleeps).toHaveLength(4);
    expect(r.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(4 * 20_000);
    expect(r.sleeps.every((ms) => ms < 20_000)).toBe(true);
    expect(r.stderr).toMatch(/^GET \/v1\/apps\S* → 429 \d+ms retries=4 rate=0\/3$/m);
    expect(r.stderr).toMatch(/^error: 429 RATE_LIMIT_EXCEEDED: the hourly request budget of this API key is used up \(0 of 3 left\)/m);
    expect(r.stderr).toMatch(/^hint: .*rolling hour.*within 60 min at the latest/m);
    expect(r.stderr).not.toMatch(/^note: /m);
  });

  it("a pacing pause longer than 2 s is announced on stderr as one note", async () => {
    const page = (n: number, url: string): ServerReply => ({
      status: 200,
      headers: { "x-rate-limit": `user-hour-lim:3600;user-hour-rem:${3 - n};` },
      body: { data: [{ type: "apps", id: `a${n}`, attributes: { name: `App ${n}`, bundleId: `com.example.a${n}` } }], links: { self: url, ...(n === 0 ? { next: `${server!.url}/v1/apps?cursor=Mg&limit=200` } : {}) } },
    });
    const r = await run(["apps", "list"], page);
    expect(r.code).toBe(0);
    expect(r.requests).toBe(2);
    expect(r.sleeps).toEqual([60_000]);
    expect(r.stderr).toBe("note: the API rate limit is nearly used up (3 of 3600 requests left this hour); pausing 60 s before the next request\n");
  });
});
