import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsckitError, FailedStateError, ValidationError } from "../../../src/errors/asckit-error.js";
import { BuildNumberTakenError, memoryUploadJournal, UploadInterruptedError, uploadBuild, type UploadBuildOptions, type UploadProgress } from "../../../src/workflows/builds/index.js";
import { VersionTrainClosedError } from "../../../src/workflows/builds/version-train.js";
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

  describe("re-run after the upload became a build", () => {
    const notesOf = (events: UploadProgress[]) => events.filter((e) => e.phase === "note").map((e) => (e as { message: string }).message);

    it("the same file: reports the build it became and sends nothing; with wait it waits for that build", async () => {
      const file = await ipa("done.ipa", "40");
      const first = await uploadBuild(emu.client, opts(file, { fetch: storageFetch().fetch }));
      // Upload processing is over (the build exists) but the build is still PROCESSING.
      emu.clock.advance(1500);
      emu.emulator.engine.data(emu.clock.now()).get("buildUploads", first.buildUploadId!); // a read settles it, as Apple's side would have by now
      const build = emu.emulator.engine.store.list("builds").find((b) => b.attributes.version === "40");
      expect(build?.attributes.processingState).toBe("PROCESSING");
      const writesBefore = emu.exchanges.filter((e) => e.method !== "GET").length;

      const events: UploadProgress[] = [];
      const storage = storageFetch();
      const again = await uploadBuild(emu.client, opts(file, { fetch: storage.fetch, onProgress: (e) => events.push(e) }));
      expect(again).toMatchObject({ action: "uploaded", buildUploadId: first.buildUploadId, buildId: build!.id, uploadState: "COMPLETE", processingState: "PROCESSING", partsSent: 0 });
      expect(notesOf(events)).toEqual([`1.2.0 (40) already uploaded as build ${build!.id} (PROCESSING); nothing to send.`]);

      const waited = await uploadBuild(emu.client, opts(file, { wait: true, fetch: storage.fetch, onProgress: (e) => events.push(e) }));
      expect(waited).toMatchObject({ action: "uploaded", buildUploadId: first.buildUploadId, buildId: build!.id, uploadState: "COMPLETE", processingState: "VALID" });
      expect(notesOf(events).at(-1)).toBe(`1.2.0 (40) already uploaded as build ${build!.id} (PROCESSING); nothing to send, waiting for it.`);
      expect(emu.emulator.engine.store.get("builds", build!.id)?.attributes.processingState).toBe("VALID");

      const dry = await uploadBuild(emu.client, opts(file, { dryRun: true }));
      expect(dry).toMatchObject({ action: "uploaded", dryRun: true, buildId: build!.id });
      expect(dry.plan[0]).toBe(`1.2.0 (40) is already uploaded as build ${build!.id} (VALID) from these bytes (buildUpload ${first.buildUploadId}); nothing to send.`);

      expect(storage.puts).toHaveLength(0);
      expect(emu.exchanges.filter((e) => e.method !== "GET")).toHaveLength(writesBefore);
      expect(uploads()).toHaveLength(1);
    });

    it("a different file with that number is still taken by the build, named with the next free number, before any write", async () => {
      const first = await ipa("first.ipa", "41");
      await uploadBuild(emu.client, opts(first, { wait: true, fetch: storageFetch().fetch }));
      const build = emu.emulator.engine.store.list("builds").find((b) => b.attributes.version === "41")!;
      const writesBefore = emu.exchanges.filter((e) => e.method !== "GET").length;
      // Same size, other (random) filler bytes: only the checksum tells them apart.
      const other = await ipa("other.ipa", "41");
      expect(readFileSync(other).length).toBe(readFileSync(first).length);
      const error = await uploadBuild(emu.client, opts(other)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BuildNumberTakenError);
      expect((error as Error).message).toBe(`Version 1.2.0 build 41 of com.example.demo is already taken by build ${build.id} (VALID); the next free build number is 42.`);
      expect(emu.exchanges.filter((e) => e.method !== "GET")).toHaveLength(writesBefore);
    });

    it("a commit recorded with SHA_256 (another tool's upload) is compared with the file's SHA-256", async () => {
      const file = await ipa("sha.ipa", "43");
      const first = await uploadBuild(emu.client, opts(file, { wait: true, fetch: storageFetch().fetch }));
      const [asset] = emu.emulator.engine.store.list("buildUploadFiles").filter((f) => emu.emulator.engine.store.edges.targets(f, "buildUpload")[0]?.id === first.buildUploadId);
      const sha256 = createHash("sha256").update(readFileSync(file)).digest("hex");
      emu.emulator.engine.store.update("buildUploadFiles", asset!.id, { attributes: { sourceFileChecksums: { file: { hash: sha256.toUpperCase(), algorithm: "SHA_256" } } } });
      expect(await uploadBuild(emu.client, opts(file))).toMatchObject({ action: "uploaded", buildId: first.buildId });
      emu.emulator.engine.store.update("buildUploadFiles", asset!.id, { attributes: { sourceFileChecksums: { file: { hash: "0".repeat(64), algorithm: "SHA_256" } } } });
      expect(await uploadBuild(emu.client, opts(file)).catch((e: unknown) => e)).toBeInstanceOf(BuildNumberTakenError);
    });
  });

  it("a number used by a build, or by another file in flight, is refused before any write, naming the next free number", async () => {
    // The demo's 1.1.0 (TestFlight only, so its train is open) has build 3, VALID once processed.
    emu.clock.advance(2000);
    const taken = await ipa("e.ipa", "3", 100, { CFBundleShortVersionString: "1.1.0" });
    const error = await uploadBuild(emu.client, opts(taken)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildNumberTakenError);
    expect((error as BuildNumberTakenError).nextBuildNumber).toBe("4");
    expect((error as AsckitError).category).toBe("conflict");
    expect((error as AsckitError).message).toMatch(/Version 1\.1\.0 build 3 of com\.example\.demo is already taken by build \S+ \(VALID\); the next free build number is 4\./);
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

  it("compares build numbers as Apple does: 3.0 is build 3, and a number below one in use is refused before any write", async () => {
    // The demo's 1.1.0 has build 3, VALID once processed.
    emu.clock.advance(2000);
    const same = await uploadBuild(emu.client, opts(await ipa("l.ipa", "3.0", 100, { CFBundleShortVersionString: "1.1.0" }))).catch((e: unknown) => e);
    expect(same).toBeInstanceOf(BuildNumberTakenError);
    expect((same as Error).message).toMatch(/^Version 1\.1\.0 build 3\.0 of com\.example\.demo is already taken by build \S+ \(VALID\); the next free build number is 4\.$/);
    const lower = await uploadBuild(emu.client, opts(await ipa("m.ipa", "2.5", 100, { CFBundleShortVersionString: "1.1.0" }))).catch((e: unknown) => e);
    expect(lower).toBeInstanceOf(BuildNumberTakenError);
    expect((lower as Error).message).toMatch(/^Version 1\.1\.0 build 2\.5 of com\.example\.demo is lower than build number 3 already used by build \S+ \(VALID\); App Store Connect only accepts a higher one, e\.g\. 4\.$/);
    expect((lower as BuildNumberTakenError).nextBuildNumber).toBe("4");
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

  it("a signal that fires during the lookups stops them (the request is cut off) and nothing is written", async () => {
    const file = await ipa("q.ipa", "18");
    const stop = new AbortController();
    // Ctrl-C arrives while the build numbers are being read.
    const client = emu.clientWith((async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes("/v1/builds?")) stop.abort(new Error("interrupted"));
      return fetch(input, init);
    }) as typeof fetch);
    const error = await uploadBuild(client, opts(file, { signal: stop.signal, fetch: storageFetch().fetch })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadInterruptedError);
    expect((error as Error).message).toBe("before anything was uploaded; nothing was sent");
    // The app was read; the builds request was cut off (no answer) and nothing came after it.
    expect(emu.exchanges.filter((e) => e.url.includes("/v1/builds?")).map((e) => e.status)).toEqual([undefined]);
    expect(emu.exchanges.filter((e) => e.url.includes("/buildUploadFiles"))).toEqual([]);
    expect(emu.exchanges.filter((e) => e.method !== "GET")).toEqual([]);
    expect(uploads()).toEqual([]);
  });

  it("a signal that fires while hashing stops the checksum part-way", async () => {
    const file = await ipa("r.ipa", "19", 3_500_000); // four 1 MiB chunks
    const stop = new AbortController();
    const checksums: number[] = [];
    const error = await uploadBuild(
      emu.client,
      opts(file, { signal: stop.signal, fetch: storageFetch().fetch, onProgress: (p) => void (p.phase === "checksum" && (checksums.push(p.bytesDone), stop.abort(new Error("interrupted")))) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadInterruptedError);
    expect(checksums).toEqual([1024 * 1024]);
    expect(uploads()).toEqual([]);
  });

  it("a dry run honours its signal too: stopped at its last step (the checksum), it gives no plan and sends nothing", async () => {
    const file = await ipa("s.ipa", "20");
    const stop = new AbortController();
    const onProgress = (p: { phase: string; bytesDone?: number; bytesTotal?: number }) => void (p.phase === "checksum" && p.bytesDone === p.bytesTotal && stop.abort(new Error("interrupted")));
    const error = await uploadBuild(emu.client, opts(file, { dryRun: true, signal: stop.signal, onProgress })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadInterruptedError);
    expect((error as Error).message).toBe("before anything was uploaded; nothing was sent");
    expect(emu.exchanges.filter((e) => e.method !== "GET")).toEqual([]);
  });

  describe("version trains: an approved App Store version closes its own and every lower version", () => {
    const store = () => emu.emulator.engine.store;
    /** The demo app's App Store versions: 1.0.0 live and 1.2.0 in preparation (seeded on the app's first read). */
    function versionNamed(versionString: string) {
      emu.emulator.engine.data(emu.clock.now()).get("apps", emu.emulator.demo!.appId);
      return store().list("appStoreVersions").find((v) => v.attributes.versionString === versionString)!;
    }
    const approve = (versionString: string, to: string, state = "READY_FOR_DISTRIBUTION", appStoreState = "READY_FOR_SALE") =>
      store().update("appStoreVersions", versionNamed(versionString).id, { attributes: { versionString: to, appVersionState: state, appStoreState } });
    const writes = () => emu.exchanges.filter((e) => e.method !== "GET");

    it("the live version's own train: refused before any write or storage PUT, dry run too, naming the live version and the one to use", async () => {
      const file = await ipa("t1.ipa", "5", 1000, { CFBundleShortVersionString: "1.0.0" });
      const storage = storageFetch();
      for (const dryRun of [false, true]) {
        const error = await uploadBuild(emu.client, opts(file, { dryRun, fetch: storage.fetch })).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VersionTrainClosedError);
        expect((error as AsckitError).category).toBe("conflict");
        expect((error as Error).message).toBe(
          "Version 1.0.0 of com.example.demo is closed for new builds: App Store version 1.0.0 is READY_FOR_DISTRIBUTION, and App Store Connect fails every later build of an approved version (ITMS-90186).",
        );
        expect((error as AsckitError).hint).toBe("Set CFBundleShortVersionString to a higher version, e.g. 1.0.1 (`agvtool new-marketing-version 1.0.1`), then build and upload that.");
      }
      expect(writes()).toEqual([]);
      expect(storage.puts).toEqual([]);
      // Read per platform, with only the fields needed.
      const read = emu.exchanges.find((e) => e.url.includes("/appStoreVersions"));
      expect(new URL(read!.url).searchParams.get("filter[platform]")).toBe("IOS");
    });

    it("2.0.0 READY_FOR_SALE: 1.9.0 is lower (ITMS-90062), 2.0.9 too, 2.0.10 is higher; approved-but-unreleased closes it as well", async () => {
      approve("1.0.0", "2.0.9");
      approve("1.2.0", "2.0.0", "PENDING_DEVELOPER_RELEASE", "PENDING_DEVELOPER_RELEASE");
      const lower = await uploadBuild(emu.client, opts(await ipa("t2.ipa", "1", 100, { CFBundleShortVersionString: "1.9.0" }), { dryRun: true })).catch((e: unknown) => e);
      expect(lower).toBeInstanceOf(VersionTrainClosedError);
      expect((lower as Error).message).toBe(
        "Version 1.9.0 of com.example.demo is lower than App Store version 2.0.9 (READY_FOR_DISTRIBUTION); App Store Connect only takes builds of a version higher than the approved one (ITMS-90062).",
      );
      expect((lower as VersionTrainClosedError).suggestedVersion).toBe("2.0.10");
      const pending = await uploadBuild(emu.client, opts(await ipa("t3.ipa", "1", 100, { CFBundleShortVersionString: "2.0.0" }), { dryRun: true })).catch((e: unknown) => e);
      expect((pending as Error).message).toMatch(/^Version 2\.0\.0 of com\.example\.demo is closed for new builds: App Store version 2\.0\.0 is PENDING_DEVELOPER_RELEASE,/);
      const higher = await uploadBuild(emu.client, opts(await ipa("t4.ipa", "1", 100, { CFBundleShortVersionString: "2.0.10" }), { dryRun: true }));
      expect(higher.action).toBe("would create");
      expect(writes()).toEqual([]);
    });

    it("a version never approved (TestFlight only, or in review) uploads; another platform's approved version does not count", async () => {
      store().update("appStoreVersions", versionNamed("1.2.0").id, { attributes: { appVersionState: "IN_REVIEW", appStoreState: "IN_REVIEW" } });
      store().update("appStoreVersions", versionNamed("1.0.0").id, { attributes: { versionString: "5.0.0", platform: "MAC_OS" } });
      for (const [name, version] of [["t5.ipa", "1.1.0"], ["t6.ipa", "1.2.0"], ["t7.ipa", "1.0.0"]] as const) {
        const result = await uploadBuild(emu.client, opts(await ipa(name, "40", 100, { CFBundleShortVersionString: version }), { dryRun: true }));
        expect(result.action).toBe("would create");
      }
    });

    it("closed after an upload: a re-run with the same bytes reports it, a different file is told to bump the version, not the build number", async () => {
      const file = await ipa("t8.ipa", "41", 1000);
      const first = await uploadBuild(emu.client, opts(file, { wait: true, fetch: storageFetch().fetch }));
      expect(first.processingState).toBe("VALID");
      approve("1.2.0", "1.2.0");
      expect(await uploadBuild(emu.client, opts(file))).toMatchObject({ action: "uploaded", buildId: first.buildId });
      const other = await uploadBuild(emu.client, opts(await ipa("t9.ipa", "41", 2000))).catch((e: unknown) => e);
      expect(other).toBeInstanceOf(VersionTrainClosedError);
      expect((other as AsckitError).hint).toContain("e.g. 1.2.1");
    });
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

    it("a reservation made in this run that the storage no longer knows (404) is also made again, once", async () => {
      const file = await ipa("dead-fresh.ipa", "31");
      let first: string | undefined;
      // The first reservation's storage answers 404 NoSuchUpload to every part; the second works.
      const storage = storageFetch();
      const impl = (async (input: string | URL | Request, init?: RequestInit) => {
        const token = new URL(String(input)).pathname.split("/")[3]!;
        first ??= token;
        if (token === first) return new Response("<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>", { status: 404, headers: { "content-type": "application/xml" } });
        return storage.fetch(input, init);
      }) as typeof fetch;
      const events: UploadProgress[] = [];
      const result = await uploadBuild(emu.client, opts(file, { fetch: impl, onProgress: (e) => events.push(e) }));
      expect(result).toMatchObject({ action: "created", uploadState: "PROCESSING", partsSkipped: 0 });
      expect(result.partsSent).toBe(result.partsTotal);
      expect(uploads().map((u) => u.id)).toEqual([result.buildUploadId]);
      expect(emu.exchanges.filter((e) => e.method === "DELETE").map((e) => e.status)).toEqual([204]);
      const notes = events.filter((e) => e.phase === "note").map((e) => (e as { message: string }).message);
      expect(notes).toContainEqual(expect.stringMatching(/^The reservation of buildUpload \S+ is no longer valid \(the storage answered 404 NoSuchUpload\); deleting it and reserving again\.$/));
    });

    it("a failure while starting over (the new create refused) is reported as it is, not as a part failure to resume", async () => {
      const file = await ipa("dead-create.ipa", "33", 1000);
      const gone = (async () => new Response("<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>", { status: 404, headers: { "content-type": "application/xml" } })) as typeof fetch;
      let creates = 0;
      const api = emu.clientWith((async (input: string | URL | Request, init?: RequestInit) => {
        const isCreate = init?.method === "POST" && new URL(String(input)).pathname === "/v1/buildUploads";
        if (isCreate && ++creates === 2) {
          const body = { errors: [{ id: "c0ffee00-0000-4000-8000-000000000002", status: "403", code: "FORBIDDEN_ERROR", title: "This request is forbidden for security reasons", detail: "The API key in use does not allow this request" }] };
          return new Response(JSON.stringify(body), { status: 403, headers: { "content-type": "application/json" } });
        }
        return fetch(input, init);
      }) as typeof fetch);
      const error = await uploadBuild(api, opts(file, { fetch: gone })).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 403, code: "FORBIDDEN_ERROR" });
      expect((error as Error).message).not.toMatch(/^The upload stopped/);
      expect(creates).toBe(2);
      expect(uploads()).toEqual([]);
    });

    it("a reservation that dies twice is not made a third time: the second failure is reported", async () => {
      const file = await ipa("dead-twice.ipa", "32", 1000);
      const gone = (async () => new Response("<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>", { status: 404, headers: { "content-type": "application/xml" } })) as typeof fetch;
      const error = await uploadBuild(emu.client, opts(file, { fetch: gone })).catch((e: unknown) => e);
      expect(error).toMatchObject({ message: expect.stringMatching(/^The upload stopped with 0 of \d+ parts delivered: /) });
      expect(emu.exchanges.filter((e) => e.method === "DELETE")).toHaveLength(1);
      expect(emu.exchanges.filter((e) => e.method === "POST" && e.url.endsWith("/v1/buildUploads"))).toHaveLength(2);
    });

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

