import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsckitError, FailedStateError, ValidationError } from "../../../src/errors/asckit-error.js";
import { BuildNumberTakenError, memoryUploadJournal, UploadInterruptedError, uploadBuild, type UploadBuildOptions, type UploadProgress } from "../../../src/workflows/builds/index.js";
import { DEMO_PLIST, makeIpa } from "./support/make-package.js";
import { startBuildEmulator, type BuildEmulator } from "./support/build-emulator.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-upload-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let emu: BuildEmulator;
beforeEach(async () => {
  emu = await startBuildEmulator();
});
afterEach(async () => {
  await emu.close();
});

async function ipa(name: string, buildNumber: string, fillerBytes = 600_000, plist = {}): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, await makeIpa({ plist: { ...DEMO_PLIST, CFBundleVersion: buildNumber, ...plist }, fillerBytes }));
  return file;
}

interface StoragePut {
  url: string;
  headers: Record<string, string>;
}

/** Records storage PUTs; `failAfter` answers the n+1-th and later PUTs with a non-retryable 403. */
function storageFetch(options: { failAfter?: number } = {}) {
  const puts: StoragePut[] = [];
  const impl = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    puts.push({ url: String(input), headers });
    if (options.failAfter !== undefined && puts.length > options.failAfter) {
      return new Response("<Error><Code>AccessDenied</Code><Message>Simulated</Message></Error>", { status: 403, headers: { "content-type": "application/xml" } });
    }
    return fetch(input, init);
  }) as typeof fetch;
  return { fetch: impl, puts };
}

const uploads = () => emu.emulator.engine.store.list("buildUploads");

const opts = (file: string, extra: Partial<UploadBuildOptions> = {}): UploadBuildOptions => ({ file, now: emu.clock.now, sleep: emu.clock.sleep, intervalMs: 500, ...extra });

describe("uploadBuild", () => {
  it("uploads in parallel parts without Authorization, commits the MD5, waits until the build is VALID", async () => {
    const file = await ipa("a.ipa", "7");
    const storage = storageFetch();
    const events: UploadProgress[] = [];
    const result = await uploadBuild(emu.client, opts(file, { wait: true, fetch: storage.fetch, onProgress: (e) => events.push(e) }));
    expect(result).toMatchObject({ action: "created", bundleId: "com.example.demo", uploadState: "COMPLETE", processingState: "VALID", partsSkipped: 0 });
    expect(result.partsTotal).toBeGreaterThanOrEqual(3);
    expect(result.partsSent).toBe(result.partsTotal);
    expect(storage.puts).toHaveLength(result.partsTotal);
    for (const put of storage.puts) {
      expect(put.headers.authorization).toBeUndefined();
      expect(put.headers["content-type"]).toBe("application/octet-stream");
    }
    const commit = emu.exchanges.find((e) => e.method === "PATCH" && e.url.includes("/v1/buildUploadFiles/"));
    expect(commit?.requestBody).toMatchObject({ data: { attributes: { uploaded: true, sourceFileChecksums: { file: { algorithm: "MD5", hash: expect.stringMatching(/^[0-9a-f]{32}$/) } } } } });
    expect(uploads()).toHaveLength(1);
    const build = emu.emulator.engine.store.get("builds", result.buildId!);
    expect(build?.attributes).toMatchObject({ version: "7", processingState: "VALID", usesNonExemptEncryption: false });
    const phases = new Set(events.map((e) => e.phase));
    expect([...phases]).toEqual(expect.arrayContaining(["checksum", "upload", "commit", "processing"]));
    const last = events.filter((e) => e.phase === "upload").at(-1) as Extract<UploadProgress, { phase: "upload" }>;
    expect(last.bytesDone).toBe(last.bytesTotal);
  });

  it("interrupted after some parts and re-run: continues the same buildUpload and sends only the missing parts", async () => {
    const file = await ipa("b.ipa", "8");
    const journal = memoryUploadJournal();
    const first = storageFetch({ failAfter: 3 });
    const error = await uploadBuild(emu.client, opts(file, { journal, concurrency: 1, fetch: first.fetch })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AsckitError);
    expect((error as AsckitError).message).toContain("3 of");
    expect((error as AsckitError).hint).toContain("Run the same command again");
    expect(uploads()).toHaveLength(1);
    const uploadId = uploads()[0]!.id;

    const second = storageFetch();
    const result = await uploadBuild(emu.client, opts(file, { journal, wait: true, fetch: second.fetch }));
    expect(result).toMatchObject({ action: "resumed", buildUploadId: uploadId, partsSkipped: 3, processingState: "VALID" });
    expect(second.puts).toHaveLength(result.partsTotal - 3);
    expect(uploads().map((u) => u.id)).toEqual([uploadId]);
    expect(journal.entries.size).toBe(0);
  });

  it("without a journal a resumed upload re-sends every part, still into the same buildUpload", async () => {
    const file = await ipa("c.ipa", "9");
    await uploadBuild(emu.client, opts(file, { concurrency: 1, fetch: storageFetch({ failAfter: 2 }).fetch })).catch(() => undefined);
    const second = storageFetch();
    const result = await uploadBuild(emu.client, opts(file, { fetch: second.fetch }));
    expect(result).toMatchObject({ action: "resumed", partsSkipped: 0, uploadState: "PROCESSING" });
    expect(second.puts).toHaveLength(result.partsTotal);
    expect(uploads()).toHaveLength(1);
  });

  it("re-run after the commit (same bytes) waits for the upload instead of creating another", async () => {
    const file = await ipa("d.ipa", "10");
    const first = await uploadBuild(emu.client, opts(file, { fetch: storageFetch().fetch }));
    expect(first.uploadState).toBe("PROCESSING");
    const storage = storageFetch();
    const again = await uploadBuild(emu.client, opts(file, { wait: true, fetch: storage.fetch }));
    expect(again).toMatchObject({ action: "uploaded", buildUploadId: first.buildUploadId, processingState: "VALID", partsSent: 0 });
    expect(storage.puts).toHaveLength(0);
    expect(uploads()).toHaveLength(1);
  });

  it("a number used by a build, or by another file in flight, is refused before any write, naming the next free number", async () => {
    const taken = await ipa("e.ipa", "2", 100, { CFBundleShortVersionString: "1.0.0" });
    const error = await uploadBuild(emu.client, opts(taken)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildNumberTakenError);
    expect((error as BuildNumberTakenError).nextBuildNumber).toBe("3");
    expect((error as AsckitError).category).toBe("conflict");
    expect((error as AsckitError).message).toMatch(/Version 1\.0\.0 build 2 of com\.example\.demo is already taken by build \S+ \(VALID\); the next free build number is 3\./);
    expect(emu.exchanges.filter((e) => e.method !== "GET")).toEqual([]);

    await uploadBuild(emu.client, opts(await ipa("f.ipa", "11"), { fetch: storageFetch().fetch }));
    const other = await ipa("g.ipa", "11", 1000);
    const inFlight = await uploadBuild(emu.client, opts(other)).catch((e: unknown) => e);
    expect(inFlight).toBeInstanceOf(BuildNumberTakenError);
    expect((inFlight as AsckitError).message).toContain("still in flight (PROCESSING); the next free build number is 12");
  });

  it("dry run reads and plans but writes nothing", async () => {
    const file = await ipa("h.ipa", "12");
    const result = await uploadBuild(emu.client, opts(file, { dryRun: true, wait: true }));
    expect(result.dryRun).toBe(true);
    expect(result.plan[0]).toBe("Create a buildUpload for com.example.demo 1.2.0 (12) (IOS).");
    expect(result.plan.join("\n")).toMatch(/Reserve \d+ bytes for h\.ipa/);
    expect(emu.exchanges.filter((e) => e.method !== "GET")).toEqual([]);
    expect(uploads()).toEqual([]);
  });

  it("refuses a package whose bundle id is not the app's", async () => {
    const file = await ipa("i.ipa", "13", 100);
    const error = await uploadBuild(emu.client, opts(file, { app: emu.emulator.demo!.secondAppId })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/is com\.example\.demo, but app \S+ is com\.example\.widgettools/);
  });

  it("a create whose response was lost is adopted from a re-read, not sent twice", async () => {
    const file = await ipa("j.ipa", "14", 1000);
    const lossy = (async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input, init);
      if (init?.method === "POST" && String(input).endsWith("/v1/buildUploads")) {
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      }
      return response;
    }) as typeof fetch;
    const result = await uploadBuild(emu.clientWith(lossy), opts(file, { fetch: storageFetch().fetch }));
    expect(result.uploadState).toBe("PROCESSING");
    expect(uploads()).toHaveLength(1);
  });

  it("an upload that processing FAILED is a failed_state error carrying Apple's reasons", async () => {
    const file = await ipa("k.ipa", "15", 1000);
    const first = await uploadBuild(emu.client, opts(file, { fetch: storageFetch().fetch }));
    // What Apple's processing would find wrong with the binary.
    emu.emulator.engine.store.update("buildUploads", first.buildUploadId!, { internal: { failures: [{ code: "INVALID_BINARY", description: "The binary is invalid" }] } });
    const error = await uploadBuild(emu.client, opts(file, { wait: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedStateError);
    expect((error as Error).message).toBe(`Upload ${first.buildUploadId} of 1.2.0 (15) failed: INVALID_BINARY: The binary is invalid.`);
    expect(emu.emulator.engine.store.list("builds").filter((b) => b.attributes.version === "15")).toEqual([]);
  });

  it("compares build numbers as Apple does: 2.0 is build 2, and a number below one in use is refused before any write", async () => {
    // The demo's 1.0.0 has builds 1 and 2.
    const same = await uploadBuild(emu.client, opts(await ipa("l.ipa", "2.0", 100, { CFBundleShortVersionString: "1.0.0" }))).catch((e: unknown) => e);
    expect(same).toBeInstanceOf(BuildNumberTakenError);
    expect((same as Error).message).toMatch(/^Version 1\.0\.0 build 2\.0 of com\.example\.demo is already taken by build \S+ \(VALID\); the next free build number is 3\.$/);
    const lower = await uploadBuild(emu.client, opts(await ipa("m.ipa", "1.5", 100, { CFBundleShortVersionString: "1.0.0" }))).catch((e: unknown) => e);
    expect(lower).toBeInstanceOf(BuildNumberTakenError);
    expect((lower as Error).message).toMatch(/^Version 1\.0\.0 build 1\.5 of com\.example\.demo is lower than build number 2 already used by build \S+ \(VALID\); App Store Connect only accepts a higher one, e\.g\. 3\.$/);
    expect((lower as BuildNumberTakenError).nextBuildNumber).toBe("3");
    expect(emu.exchanges.filter((e) => e.method !== "GET")).toEqual([]);
  });

  it("a dry run says what it would do: would create, then would resume", async () => {
    const file = await ipa("n.ipa", "16");
    expect((await uploadBuild(emu.client, opts(file, { dryRun: true }))).action).toBe("would create");
    await uploadBuild(emu.client, opts(file, { concurrency: 1, fetch: storageFetch({ failAfter: 1 }).fetch })).catch(() => undefined);
    const resume = await uploadBuild(emu.client, opts(file, { dryRun: true }));
    expect(resume).toMatchObject({ action: "would resume", buildUploadId: uploads()[0]!.id, uploadState: "AWAITING_UPLOAD" });
  });

  it("stopped by its signal: UploadInterruptedError says how many parts arrived and which buildUpload to resume", async () => {
    const file = await ipa("o.ipa", "17");
    const journal = memoryUploadJournal();
    const stop = new AbortController();
    const error = await uploadBuild(
      emu.client,
      opts(file, { journal, concurrency: 1, signal: stop.signal, fetch: storageFetch().fetch, onProgress: (p) => void (p.phase === "upload" && p.partsDone === 2 && stop.abort()) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadInterruptedError);
    const e = error as UploadInterruptedError;
    expect(e.partsDone).toBe(2);
    expect(e.message).toBe(`2 of ${e.partsTotal} parts delivered; run the same command again to resume buildUpload ${uploads()[0]!.id}`);
    expect([...journal.entries.values()][0]!.partsDone).toHaveLength(2);
  });

  describe("a reservation that died with an earlier run", () => {
    /** First run: stop after 2 parts, leaving an AWAITING_UPLOAD buildUpload and a journal. */
    async function interrupted(name: string, buildNumber: string) {
      const file = await ipa(name, buildNumber);
      const journal = memoryUploadJournal();
      await uploadBuild(emu.client, opts(file, { journal, concurrency: 1, fetch: storageFetch({ failAfter: 2 }).fetch })).catch(() => undefined);
      const [old] = uploads();
      expect(old?.attributes.state).toMatchObject({ state: "AWAITING_UPLOAD" });
      const oldFile = emu.emulator.engine.store.edges.targets(old!, "buildUploadFiles")[0]!;
      const oldOps = emu.emulator.engine.store.get(oldFile.type, oldFile.id)!.attributes.uploadOperations as Array<{ url: string }>;
      const oldToken = new URL(oldOps[0]!.url).pathname.split("/")[3]!;
      return { file, journal, old: old!, oldToken };
    }
    /** Storage that no longer knows the old reservation, answering the way its host does. */
    const deadFor = (token: string, reply: () => Response | Error) => {
      const dead = storageFetch();
      const impl = (async (input: string | URL | Request, init?: RequestInit) => {
        if (String(input).includes(`/${token}/`)) {
          const r = reply();
          if (r instanceof Error) throw r;
          return r;
        }
        return dead.fetch(input, init);
      }) as typeof fetch;
      return { fetch: impl, puts: dead.puts };
    };
    const refused = () => new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4010"), { code: "ECONNREFUSED" }) });

    for (const [what, reply] of [
      ["404 NoSuchUpload", () => new Response("<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>", { status: 404, headers: { "content-type": "application/xml" } })],
      ["403 Request has expired", () => new Response("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", { status: 403, headers: { "content-type": "application/xml" } })],
      ["an unreachable storage host", refused],
    ] as const) {
      it(`${what}: deletes that buildUpload, reserves again, tells the user, and finishes`, async () => {
        const { file, journal, old, oldToken } = await interrupted(`dead-${what.length}.ipa`, String(20 + what.length));
        const events: UploadProgress[] = [];
        const result = await uploadBuild(emu.client, opts(file, { journal, fetch: deadFor(oldToken, reply).fetch, onProgress: (e) => events.push(e) }));
        expect(result).toMatchObject({ action: "created", uploadState: "PROCESSING", partsSkipped: 0 });
        expect(result.buildUploadId).not.toBe(old.id);
        expect(result.partsSent).toBe(result.partsTotal);
        expect(emu.emulator.engine.store.get("buildUploads", old.id)).toBeUndefined();
        expect(uploads().map((u) => u.id)).toEqual([result.buildUploadId]);
        const notes = events.filter((e) => e.phase === "note").map((e) => (e as { message: string }).message);
        expect(notes).toContainEqual(expect.stringMatching(new RegExp(`^The reservation of buildUpload ${old.id} is no longer valid \\(.+\\); deleting it and reserving again\\.$`)));
      });
    }

    it("a refused connection to a reservation made in this run is a network error, not a reason to start over", async () => {
      const file = await ipa("p.ipa", "30", 1000);
      const down = (async () => {
        throw refused();
      }) as typeof fetch;
      const error = await uploadBuild(emu.client, opts(file, { fetch: down })).catch((e: unknown) => e);
      expect(error).toMatchObject({ category: "network", message: expect.stringMatching(/^The upload stopped with 0 of \d+ parts delivered: /) });
      expect(uploads()).toHaveLength(1);
    });
  });
});

