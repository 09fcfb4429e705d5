import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AuthenticationError, bufferSource, fileSource, ServerError, uploadOperations, type UploadOperation } from "../../../src/client/index.js";
import { fakeClock, fetchFailed, handlerFetch, text } from "./support/fakes.js";

const FILE = Buffer.from(Array.from({ length: 10 }, (_, i) => 0x41 + i)); // "ABCDEFGHIJ"
const url = (part: number) =>
  `https://store-037.blobstore.apple.com/itmspod11-assets-massilia-037001/PurpleSource211/v4/a1/b2/c3/a1b2c3.png?uploadId=a1b2c3d4&partNumber=${part}&Expires=1768478400&signature=c2VjcmV0LXNpZ25hdHVyZQ`;
const op = (part: number, offset: number, length: number): UploadOperation => ({
  method: "PUT",
  url: url(part),
  offset,
  length,
  requestHeaders: [
    { name: "Content-Type", value: "image/png" },
    { name: "x-apple-part", value: String(part) },
  ],
});
const OPS = [op(1, 0, 4), op(2, 4, 4), op(3, 8, 2)];

const ok = () => new Response(null, { status: 200 });
const partOf = (u: string) => Number(new URL(u).searchParams.get("partNumber"));

describe("uploadOperations", () => {
  it("sends each byte range with exactly the operation's method, URL and headers, and no Authorization", async () => {
    const f = handlerFetch(ok);
    const progress: Array<[number, number]> = [];
    await uploadOperations(OPS, bufferSource(FILE), { fetch: f.fetch, onProgress: (d, t) => progress.push([d, t]) });
    const byPart = [...f.requests].sort((a, b) => partOf(a.url) - partOf(b.url));
    expect(byPart.map((r) => [r.method, r.url, r.body?.toString()])).toEqual([
      ["PUT", url(1), "ABCD"],
      ["PUT", url(2), "EFGH"],
      ["PUT", url(3), "IJ"],
    ]);
    for (const [i, r] of byPart.entries()) {
      expect(r.headers).toEqual({ "content-type": "image/png", "x-apple-part": String(i + 1) });
      expect(r.headers.authorization).toBeUndefined();
    }
    expect(progress.at(-1)).toEqual([10, 10]);
    expect(progress.map(([d]) => d).sort((a, b) => a - b)).toEqual(progress.map(([d]) => d));
  });

  it("keeps at most `concurrency` parts in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const f = handlerFetch(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return ok();
    });
    const ops = Array.from({ length: 10 }, (_, i) => op(i + 1, i, 1));
    await uploadOperations(ops, bufferSource(FILE), { fetch: f.fetch, concurrency: 3 });
    expect(f.requests).toHaveLength(10);
    expect(peak).toBe(3);
  });

  it("retries a failing part on its own (5xx, network error, 429) without resending the others", async () => {
    const failures = [text(503, "<Error><Code>ServiceUnavailable</Code><Message>Slow down</Message></Error>", "application/xml"), fetchFailed("ECONNRESET", "socket hang up"), text(429, "", "text/plain")];
    const f = handlerFetch((req) => (partOf(req.url) === 2 && failures.length ? failures.shift()! : ok()));
    const clock = fakeClock();
    await uploadOperations(OPS, bufferSource(FILE), { fetch: f.fetch, sleep: clock.sleep, random: () => 0.5, now: clock.now });
    expect(f.requests.map((r) => partOf(r.url)).sort()).toEqual([1, 2, 2, 2, 2, 3]);
    expect(f.requests.filter((r) => partOf(r.url) === 2).every((r) => r.body?.toString() === "EFGH")).toBe(true);
    expect(clock.sleeps).toEqual([250, 500, 1000]);
  });

  it("turns an XML storage error into a readable error without the URL's signature", async () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';
    const f = handlerFetch((req) => (partOf(req.url) === 3 ? text(403, xml, "application/xml") : ok()));
    const err = (await uploadOperations(OPS, bufferSource(FILE), { fetch: f.fetch }).catch((e: unknown) => e)) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toBe("403 AccessDenied: Request has expired");
    expect(err.path).toBe("https://store-037.blobstore.apple.com/itmspod11-assets-massilia-037001/PurpleSource211/v4/a1/b2/c3/a1b2c3.png");
    expect(`${err.message} ${err.path} ${err.hint}`).not.toContain("signature=");
    expect(f.requests.filter((r) => partOf(r.url) === 3)).toHaveLength(1); // 403 is not retried
  });

  it("gives up on a part after maxRetries and reports the last error", async () => {
    const f = handlerFetch((req) => (partOf(req.url) === 1 ? text(500, "", "") : ok()));
    const clock = fakeClock();
    const err = await uploadOperations(OPS, bufferSource(FILE), { fetch: f.fetch, sleep: clock.sleep, retry: { maxRetries: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(f.requests.filter((r) => partOf(r.url) === 1)).toHaveLength(3);
  });

  it("refuses a reservation larger than the file", async () => {
    const f = handlerFetch(ok);
    await expect(uploadOperations([op(1, 8, 4)], bufferSource(FILE), { fetch: f.fetch })).rejects.toThrow(/shorter than the reservation/);
    expect(f.requests).toHaveLength(0);
  });
});

describe("fileSource", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "asckit-upload-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads exact byte ranges from disk", async () => {
    const file = path.join(dir, "shot.png");
    writeFileSync(file, FILE);
    const source = fileSource(file);
    expect((await source.read(0, 4)).toString()).toBe("ABCD");
    expect((await source.read(8, 2)).toString()).toBe("IJ");
    expect((await source.read(8, 5)).toString()).toBe("IJ");
  });
});
