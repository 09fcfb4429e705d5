import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../../src/auth/index.js";
import { createClient } from "../../../src/client/index.js";
import { scriptMediaOutcome } from "../../../src/emulator/media/index.js";
import { MediaAssetError, MediaUploadError, MediaValidationError } from "../../../src/workflows/media/media-errors.js";
import { assertMediaSettled, uploadPreviews, uploadScreenshots, type UploadMediaOptions } from "../../../src/workflows/media/upload-media.js";
import { writeIphoneShots, writeJpeg, writeMp4, writePng } from "../../support/media-files.js";
import { PROCESSING_MS, startMediaHarness, type MediaHarness } from "./media-harness.js";

let h: MediaHarness;
beforeEach(async () => {
  h = await startMediaHarness();
});
afterEach(async () => {
  await h.close();
});

const md5 = (file: string) => createHash("md5").update(readFileSync(file)).digest("hex");
// A real run's options (a dry run's result is another type: `{ ...opts(), dryRun: true }`).
const opts = (extra: Partial<UploadMediaOptions> & { dryRun?: false } = {}): UploadMediaOptions & { dryRun?: false } => ({
  input: path.join(h.dir, "shots"),
  target: { versionId: h.versionId },
  timeoutMs: 60_000,
  intervalMs: 1000,
  now: h.clock.now,
  sleep: h.sleep,
  ...extra,
});
const writes = () => h.exchanges.filter((e) => e.method !== "GET");

describe("screenshots upload", () => {
  it("reserves, uploads, commits with the MD5 and waits for COMPLETE, in folder order, per locale", async () => {
    const en = writeIphoneShots(path.join(h.dir, "shots"), "en-US", 3);
    const de = writeIphoneShots(path.join(h.dir, "shots"), "de-DE", 2, 10);
    const progress: string[] = [];
    const result = await uploadScreenshots(h.client, opts({ onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`) }));
    assertMediaSettled(result);
    expect(result).toMatchObject({ kind: "screenshots", versionId: h.versionId, uploaded: 5, kept: 0, deleted: 0, failed: [], stuck: [] });
    expect(h.stored("en-US", "APP_IPHONE_67")).toEqual(en.map((f) => ({ id: expect.any(String), fileName: path.basename(f), state: "COMPLETE", checksum: md5(f) })));
    expect(h.stored("de-DE", "APP_IPHONE_67").map((a) => a.checksum)).toEqual(de.map(md5));
    // The commit carries Apple's attributes and nothing else.
    const commits = h.requests("PATCH", /^\/v1\/appScreenshots\//);
    expect(commits).toHaveLength(5);
    expect(commits[0]!.requestBody).toEqual({ data: { type: "appScreenshots", id: expect.any(String), attributes: { uploaded: true, sourceFileChecksum: expect.stringMatching(/^[0-9a-f]{32}$/) } } });
    // 1 read of localizations (sets included), 2 set creates, 5 × (reserve, PUT, commit), then polls.
    expect(h.requests("GET", /appStoreVersionLocalizations$/)).toHaveLength(1);
    expect(h.requests("POST", /^\/v1\/appScreenshotSets$/)).toHaveLength(2);
    // The parts went to the storage host (which refuses an Authorization header) and were accepted.
    expect(h.served.filter((e) => e.method === "PUT").map((e) => `${e.path.split("/")[1]} ${e.status}`)).toEqual(Array(5).fill("storage 200"));
    expect(progress.at(-1)).toBe("process 5/5");
    expect(result.sets.map((s) => [s.locale, s.files.map((f) => `${f.position}:${f.fileName}:${f.state}`)])).toEqual([
      ["de-DE", ["1:01.png:COMPLETE", "2:02.png:COMPLETE"]],
      ["en-US", ["1:01.png:COMPLETE", "2:02.png:COMPLETE", "3:03.png:COMPLETE"]],
    ]);
  });

  it("skips files whose checksum is already in the set: a second run sends no writes", async () => {
    writeIphoneShots(path.join(h.dir, "shots"), "en-US", 3);
    await uploadScreenshots(h.client, opts());
    const before = writes().length;
    const again = await uploadScreenshots(h.client, opts());
    expect(again).toMatchObject({ uploaded: 0, kept: 3, deleted: 0 });
    expect(writes().length).toBe(before);
    expect(h.stored("en-US", "APP_IPHONE_67")).toHaveLength(3);
  });

  it("progress counts the folder's files, those already there included, and reaches 100% only when the last file is committed", async () => {
    const root = path.join(h.dir, "shots");
    const first = writeIphoneShots(root, "en-US", 2);
    await uploadScreenshots(h.client, opts());
    // Four more files; the first two are already in the set.
    writeIphoneShots(root, "en-US", 6);
    const events: Array<{ done: number; total: number; status: string }> = [];
    const result = await uploadScreenshots(h.client, opts({ concurrency: 4, onProgress: (p) => void (p.phase === "upload" && events.push(p)) }));
    expect(result).toMatchObject({ uploaded: 4, kept: 2 });
    const keptBytes = first.reduce((a, f) => a + readFileSync(f).length, 0);
    expect(events[0]).toMatchObject({ done: keptBytes, status: "2/6 screenshots: 0 uploaded, 2 already there" });
    expect(events.at(-1)).toMatchObject({ done: events[0]!.total, total: events[0]!.total, status: "6/6 screenshots: 4 uploaded, 2 already there" });
    // The fraction and the text never disagree: full only with every file in, and never going back.
    for (const [i, e] of events.entries()) {
      expect(e.done === e.total).toBe(e.status.startsWith("6/6 "));
      if (i) expect(e.done).toBeGreaterThanOrEqual(events[i - 1]!.done);
    }
  });

  it("--replace makes the set match the folder exactly, order included", async () => {
    const root = path.join(h.dir, "shots");
    const [a, b, c] = writeIphoneShots(root, "en-US", 3);
    await uploadScreenshots(h.client, opts());
    const first = h.stored("en-US", "APP_IPHONE_67");
    // New folder: c, a, then a new file d; b is gone.
    rmSync(b!);
    const cBytes = readFileSync(c!);
    const aBytes = readFileSync(a!);
    writeFileSync(path.join(root, "en-US/APP_IPHONE_67/01.png"), cBytes);
    writeFileSync(path.join(root, "en-US/APP_IPHONE_67/02.png"), aBytes);
    rmSync(c!);
    const d = writePng(root, "en-US/APP_IPHONE_67/03.png", 1290, 2796, 42);
    const result = await uploadScreenshots(h.client, opts({ replace: true }));
    expect(result).toMatchObject({ uploaded: 1, kept: 2, deleted: 1 });
    const after = h.stored("en-US", "APP_IPHONE_67");
    expect(after.map((x) => x.checksum)).toEqual([md5(path.join(root, "en-US/APP_IPHONE_67/01.png")), md5(path.join(root, "en-US/APP_IPHONE_67/02.png")), md5(d)]);
    expect(after[0]!.id).toBe(first[2]!.id); // kept, not re-uploaded
    expect(after[1]!.id).toBe(first[0]!.id);
    expect(h.requests("DELETE", /^\/v1\/appScreenshots\//).map((e) => e.url)).toEqual([expect.stringContaining(first[1]!.id)]);
    const reorder = h.requests("PATCH", /relationships\/appScreenshots$/);
    expect(reorder).toHaveLength(1);
    expect(reorder[0]!.requestBody).toEqual({ data: after.map((x) => ({ type: "appScreenshots", id: x.id })) });
    // Already in order: no reorder request.
    await uploadScreenshots(h.client, opts({ replace: true }));
    expect(h.requests("PATCH", /relationships\/appScreenshots$/)).toHaveLength(1);
  });

  it("reports every local problem at once and sends nothing: wrong size, an 11th screenshot, a PNG that is a JPEG", async () => {
    const root = path.join(h.dir, "shots");
    writeIphoneShots(root, "en-US", 11);
    writePng(root, "de-DE/APP_IPHONE_67/01.png", 1290, 2795, 1);
    writeJpeg(root, "de-DE/APP_IPHONE_67/02.png", 1290, 2796);
    writePng(root, "de-DE/APP_IPAD_PRO_3GEN_129/01.png", 2732, 2048, 2); // landscape is fine
    writePng(root, "de-DE/APP_WATCH_ULTRA/01.png", 514, 422, 3); // watches have no landscape
    const error = await uploadScreenshots(h.client, opts()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaValidationError);
    const v = error as MediaValidationError;
    expect(v.category).toBe("validation");
    expect(v.message).toBe("4 problems with the screenshots; nothing was uploaded");
    expect(v.associatedErrors).toEqual([
      "de-DE/APP_IPHONE_67/01.png: 1290×2795 is not a size for APP_IPHONE_67 (accepted: 1320×2868, 1290×2796, 1260×2736 (or landscape))",
      "de-DE/APP_IPHONE_67/02.png: the file is really a JPEG, not a PNG; rename it to .jpg or export it again",
      "de-DE/APP_WATCH_ULTRA/01.png: 514×422 is not a size for APP_WATCH_ULTRA (accepted: 422×514, 410×502)",
      "en-US/APP_IPHONE_67: 11 screenshots; Apple allows at most 10 per set",
    ]);
    expect(h.exchanges).toHaveLength(0);
  });

  it("refuses before any write when existing screenshots plus new ones would pass 10", async () => {
    const root = path.join(h.dir, "shots");
    writeIphoneShots(root, "en-US", 8);
    await uploadScreenshots(h.client, opts());
    rmSync(path.join(root, "en-US"), { recursive: true });
    writeIphoneShots(root, "en-US", 3, 50);
    const before = writes().length;
    const error = (await uploadScreenshots(h.client, opts()).catch((e: unknown) => e)) as MediaValidationError;
    expect(error).toBeInstanceOf(MediaValidationError);
    expect(error.associatedErrors).toEqual(["en-US/APP_IPHONE_67: the set would hold 11 screenshots (8 already there, 3 new); Apple allows 10"]);
    expect(error.hint).toContain("--replace");
    expect(writes().length).toBe(before);
    // --replace deletes the 8 first, so it fits.
    const replaced = await uploadScreenshots(h.client, opts({ replace: true }));
    expect(replaced).toMatchObject({ uploaded: 3, deleted: 8 });
    expect(h.stored("en-US", "APP_IPHONE_67")).toHaveLength(3);
  });

  it("names missing localizations instead of creating them", async () => {
    writeIphoneShots(path.join(h.dir, "shots"), "fr-FR", 1);
    const error = (await uploadScreenshots(h.client, opts()).catch((e: unknown) => e)) as MediaAssetError;
    expect(error.message).toBe("The version has no localization for fr-FR.");
    expect(error.category).toBe("not_found");
    expect(error.hint).toContain("it has en-US, de-DE");
    expect(writes()).toHaveLength(0);
  });

  it("dry run plans from the real state and writes nothing", async () => {
    const root = path.join(h.dir, "shots");
    writeIphoneShots(root, "en-US", 2);
    await uploadScreenshots(h.client, opts());
    writeIphoneShots(root, "en-US", 3, 70); // 01..03 replaced by new content
    const before = writes().length;
    const plan = await uploadScreenshots(h.client, { ...opts({ replace: true }), dryRun: true as const });
    expect(writes().length).toBe(before);
    // Counts under names that say nothing happened: no `uploaded` or `deleted` in a plan.
    expect(plan).toMatchObject({ dryRun: true, wouldUpload: 3, wouldResume: 0, wouldKeep: 0, wouldDelete: 2, wouldDiscardReservations: 0 });
    for (const key of ["uploaded", "kept", "deleted", "resumed"]) expect(plan).not.toHaveProperty(key);
    expect(plan.sets[0]).toMatchObject({ wouldCreateSet: false, wouldReorder: false });
    expect(plan.sets[0]).not.toHaveProperty("createdSet");
    expect(plan.sets[0]!.files.map((f) => `${f.action} ${f.fileName}`)).toEqual(["would upload 01.png", "would upload 02.png", "would upload 03.png", "would delete 01.png", "would delete 02.png"]);
  });
});

describe("interrupted runs, failures and stuck assets", () => {
  it("a re-run after an interruption continues the half-reserved asset in its place and finishes without duplicates", async () => {
    const root = path.join(h.dir, "shots");
    const files = writeIphoneShots(root, "en-US", 4);
    // What a killed run leaves: two committed screenshots and one reservation without its bytes.
    const partial = path.join(h.dir, "partial");
    for (const f of files.slice(0, 2)) writePng(partial, `en-US/APP_IPHONE_67/${path.basename(f)}`, 1290, 2796, files.indexOf(f));
    await uploadScreenshots(h.client, opts({ input: partial }));
    const set = h.emulator.engine.data().relatedResources({ type: "appStoreVersionLocalizations", id: h.localizationIds["en-US"]! }, "appScreenshotSets")[0]!;
    await h.client.request("POST /v1/appScreenshots", {
      body: { data: { type: "appScreenshots", attributes: { fileName: "03.png", fileSize: readFileSync(files[2]!).length }, relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: set.id } } } } },
    });
    expect(h.stored("en-US", "APP_IPHONE_67").map((a) => a.state)).toEqual(["COMPLETE", "COMPLETE", "AWAITING_UPLOAD"]);
    const orphan = h.stored("en-US", "APP_IPHONE_67")[2]!.id;

    const before = writes().length;
    const result = await uploadScreenshots(h.client, opts());
    expect(result).toMatchObject({ uploaded: 2, resumed: 1, kept: 2, deleted: 0, reservationsDiscarded: 0 });
    const after = h.stored("en-US", "APP_IPHONE_67");
    expect(after.map((a) => a.checksum)).toEqual(files.map(md5));
    expect(after.every((a) => a.state === "COMPLETE")).toBe(true);
    // The reservation is the third screenshot now: no delete, one new reservation (04), two commits.
    expect(after[2]!.id).toBe(orphan);
    expect(writes().slice(before).map((e) => `${e.method} ${new URL(e.url).pathname.replace(/[\w-]{36}/, "ID")}`)).toEqual(["POST /v1/appScreenshots", "PATCH /v1/appScreenshots/ID", "PATCH /v1/appScreenshots/ID"]);
    expect(result.sets[0]!.files.map((f) => `${f.position}:${f.fileName}:${f.action}`)).toEqual(["1:01.png:kept", "2:02.png:kept", "3:03.png:resumed an unfinished upload", "4:04.png:uploaded"]);
    expect(result.sets[0]!.files[2]).toMatchObject({ id: orphan, reservationId: orphan });
  });

  it("reports a FAILED asset with Apple's code and does not upload it again unless asked", async () => {
    writeIphoneShots(path.join(h.dir, "shots"), "en-US", 2);
    scriptMediaOutcome(h.emulator.engine, { fileName: "02.png", state: "FAILED", code: "IMAGE_TOOL_FAILURE", description: "The image could not be processed." });
    const result = await uploadScreenshots(h.client, opts());
    expect(result.failed).toEqual([expect.objectContaining({ fileName: "02.png", state: "FAILED", errors: [{ code: "IMAGE_TOOL_FAILURE", description: "The image could not be processed." }] })]);
    const error = (() => {
      try {
        assertMediaSettled(result);
      } catch (e) {
        return e as MediaAssetError;
      }
    })();
    expect(error).toBeInstanceOf(MediaAssetError);
    expect(error!.category).toBe("failed_state");
    expect(error!.associatedErrors).toEqual([`en-US/APP_IPHONE_67/02.png (${result.failed[0]!.id}): IMAGE_TOOL_FAILURE — The image could not be processed.`]);

    const reserves = () => h.requests("POST", /^\/v1\/appScreenshots$/).length;
    const before = reserves();
    const again = await uploadScreenshots(h.client, opts());
    expect(reserves()).toBe(before);
    expect(again.failed.map((f) => f.fileName)).toEqual(["02.png"]);

    const retried = await uploadScreenshots(h.client, opts({ retryFailed: true }));
    expect(retried).toMatchObject({ uploaded: 1, deleted: 1, failed: [] });
    expect(h.stored("en-US", "APP_IPHONE_67").map((a) => a.state)).toEqual(["COMPLETE", "COMPLETE"]);
  });

  it("reports an asset stuck in UPLOAD_COMPLETE at the timeout, and a re-run waits instead of re-uploading", async () => {
    writeIphoneShots(path.join(h.dir, "shots"), "en-US", 2);
    scriptMediaOutcome(h.emulator.engine, { fileName: "01.png", state: "STUCK" });
    const started = h.clock.now();
    const result = await uploadScreenshots(h.client, opts({ timeoutMs: 10_000, intervalMs: 2000 }));
    expect(h.clock.now() - started).toBe(10_000);
    expect(result.stuck).toEqual([expect.objectContaining({ fileName: "01.png", state: "UPLOAD_COMPLETE" })]);
    expect(() => assertMediaSettled(result)).toThrow(expect.objectContaining({ category: "timeout", associatedErrors: [`en-US/APP_IPHONE_67/01.png (${result.stuck[0]!.id}): stuck in UPLOAD_COMPLETE`] }));
    const reserves = h.requests("POST", /^\/v1\/appScreenshots$/).length;
    const again = await uploadScreenshots(h.client, opts({ timeoutMs: 2000 }));
    expect(h.requests("POST", /^\/v1\/appScreenshots$/).length).toBe(reserves);
    expect(again.stuck.map((f) => f.fileName)).toEqual(["01.png"]);
  });

  it("reports a FAILED asset and a stuck one together in one error: the code for one, stuck for the other, neither re-uploaded", async () => {
    writeIphoneShots(path.join(h.dir, "shots"), "en-US", 3);
    scriptMediaOutcome(h.emulator.engine, { fileName: "01.png", state: "FAILED", code: "IMAGE_INCORRECT_DIMENSIONS", description: "The dimensions of one or more screenshots are wrong." });
    scriptMediaOutcome(h.emulator.engine, { fileName: "03.png", state: "STUCK" });
    const result = await uploadScreenshots(h.client, opts({ timeoutMs: 10_000, intervalMs: 2000 }));
    const [failed, stuck] = [result.failed[0]!, result.stuck[0]!];
    expect([failed.fileName, stuck.fileName, stuck.state]).toEqual(["01.png", "03.png", "UPLOAD_COMPLETE"]);
    let error: MediaAssetError | undefined;
    try {
      assertMediaSettled(result);
    } catch (e) {
      error = e as MediaAssetError;
    }
    expect(error).toBeInstanceOf(MediaAssetError);
    expect(error!.message).toBe("1 screenshot FAILED processing at App Store Connect; 1 screenshot still processing when the wait ended (stuck)");
    expect(error!.category).toBe("failed_state");
    expect(error!.associatedErrors).toEqual([
      `en-US/APP_IPHONE_67/01.png (${failed.id}): IMAGE_INCORRECT_DIMENSIONS — The dimensions of one or more screenshots are wrong.`,
      `en-US/APP_IPHONE_67/03.png (${stuck.id}): stuck in UPLOAD_COMPLETE`,
    ]);
    expect(error!.hint).toContain("--retry-failed");
    expect(error!.hint).toContain("Stuck ones were not uploaded again");
    const reserves = h.requests("POST", /^\/v1\/appScreenshots$/).length;
    const again = await uploadScreenshots(h.client, opts({ timeoutMs: 2000 }));
    expect(h.requests("POST", /^\/v1\/appScreenshots$/).length).toBe(reserves);
    expect([again.failed.map((f) => f.fileName), again.stuck.map((f) => f.fileName)]).toEqual([["01.png"], ["03.png"]]);
  });

  it("when a reservation's response is lost, it removes the orphan it may have made and reserves once more", async () => {
    writeIphoneShots(path.join(h.dir, "shots"), "en-US", 2);
    let dropped = false;
    const key = await h.emulator.createApiKey();
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!dropped && init?.method === "POST" && String(input).endsWith("/v1/appScreenshots")) {
        dropped = true;
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      }
      return response;
    };
    const client = createClient({
      baseUrl: h.emulator.url,
      tokenProvider: createTokenProvider({ keyId: key.keyId, issuerId: key.issuerId, privateKey: key.privateKeyPem, now: h.clock.now }),
      now: h.clock.now,
      sleep: h.sleep,
      fetch: lossy,
    });
    const result = await uploadScreenshots(client, opts());
    expect(dropped).toBe(true);
    expect(result.uploaded).toBe(2);
    const stored = h.stored("en-US", "APP_IPHONE_67");
    expect(stored.map((a) => `${a.fileName} ${a.state}`)).toEqual(["01.png COMPLETE", "02.png COMPLETE"]);
  });
});

describe("failed requests during the upload", () => {
  it("a commit answered with a 500 is checked, not blindly replayed: re-read, then sent once more", async () => {
    writeIphoneShots(path.join(h.dir, "shots"), "en-US", 1);
    h.emulator.failNext({ status: 500, method: "PATCH", path: /^\/v1\/appScreenshots\// });
    const result = await uploadScreenshots(h.client, opts());
    expect(result.uploaded).toBe(1);
    const id = result.sets[0]!.files[0]!.id!;
    expect(h.exchanges.filter((e) => e.url.includes(`/v1/appScreenshots/${id}`)).map((e) => `${e.method} ${e.status}`)).toEqual(["PATCH 500", "GET 200", "PATCH 200"]);
    expect(h.stored("en-US", "APP_IPHONE_67").map((a) => a.state)).toEqual(["COMPLETE"]);
  });

  it("a refused request stops the run with Apple's error and says a re-run is safe", async () => {
    writeIphoneShots(path.join(h.dir, "shots"), "en-US", 3);
    h.emulator.failNext({ status: 409, method: "POST", path: /^\/v1\/appScreenshots$/ });
    const error = (await uploadScreenshots(h.client, opts({ concurrency: 1 })).catch((e: unknown) => e)) as MediaUploadError;
    expect(error).toBeInstanceOf(MediaUploadError);
    expect(error.category).toBe("conflict");
    expect(error.hint).toBe("Run the same command again: finished files are skipped and half-uploaded ones are continued.");
    const again = await uploadScreenshots(h.client, opts());
    expect(again.uploaded + again.kept).toBe(3);
    expect(h.stored("en-US", "APP_IPHONE_67")).toHaveLength(3);
  });
});

describe("previews upload", () => {
  it("uploads a 20 s preview: videoDeliveryState goes to COMPLETE with a poster frame", async () => {
    const root = path.join(h.dir, "previews");
    const file = writeMp4(root, "en-US/IPHONE_67/preview.mp4", { width: 886, height: 1920, durationSeconds: 20 });
    writeIphoneShots(root, "en-US", 1); // a shared media folder: screenshot folders are skipped
    const result = await uploadPreviews(h.client, opts({ input: root }));
    assertMediaSettled(result);
    expect(result.notes).toEqual(["en-US/APP_IPHONE_67/ skipped: it holds screenshots (use `asckit screenshots upload`)"]);
    expect(result).toMatchObject({ kind: "previews", uploaded: 1 });
    expect(h.stored("en-US", "IPHONE_67", "previews")).toEqual([{ id: expect.any(String), fileName: "preview.mp4", state: "COMPLETE", checksum: md5(file) }]);
    const reserve = h.requests("POST", /^\/v1\/appPreviews$/)[0]!;
    expect(reserve.requestBody).toMatchObject({ data: { attributes: { fileName: "preview.mp4", fileSize: readFileSync(file).length, mimeType: "video/mp4" } } });
    const res = await h.client.request(`GET /v1/appPreviews/${result.sets[0]!.files[0]!.id}`);
    expect((res.document as { data: { attributes: Record<string, unknown> } }).data.attributes).toMatchObject({
      previewFrameImage: { image: { width: 886, height: 1920 }, state: { state: "COMPLETE" } },
      videoDeliveryState: { state: "COMPLETE", errors: [] },
    });
  });

  it("rejects a 31-second preview, a 12-second one and a PNG named .mp4 before any request", async () => {
    const root = path.join(h.dir, "previews");
    writeMp4(root, "en-US/IPHONE_67/long.mp4", { width: 886, height: 1920, durationSeconds: 31 });
    writeMp4(root, "en-US/IPHONE_67/short.mov", { width: 886, height: 1920, durationSeconds: 12 });
    writePng(root, "de-DE/IPHONE_67/fake.mp4", 886, 1920);
    writeMp4(root, "de-DE/IPAD_PRO_3GEN_129/wrong-size.mp4", { width: 886, height: 1920, durationSeconds: 20 });
    for (let i = 0; i < 4; i++) writeMp4(root, `de-DE/IPHONE_65/${i}.mp4`, { width: 886, height: 1920, durationSeconds: 16, seed: i });
    const error = (await uploadPreviews(h.client, opts({ input: root })).catch((e: unknown) => e)) as MediaValidationError;
    expect(error).toBeInstanceOf(MediaValidationError);
    expect(error.associatedErrors).toEqual([
      "de-DE/IPAD_PRO_3GEN_129/wrong-size.mp4: 886×1920 is not the IPAD_PRO_3GEN_129 preview resolution (1200×1600 (or landscape))",
      "de-DE/IPHONE_65: 4 previews; Apple allows at most 3 per set",
      "de-DE/IPHONE_67/fake.mp4: not an MP4/MOV video (it is a PNG image)",
      "en-US/IPHONE_67/long.mp4: the video is 31 s long; previews must be 15 to 30 seconds",
      "en-US/IPHONE_67/short.mov: the video is 12 s long; previews must be 15 to 30 seconds",
    ]);
    expect(h.exchanges).toHaveLength(0);
  });

  it("sends a preview bigger than one part as parallel parts, then commits once", async () => {
    const file = writeMp4(path.join(h.dir, "previews"), "en-US/IPHONE_65/big.mp4", { width: 886, height: 1920, durationSeconds: 20, frameBytes: 12_000 });
    expect(readFileSync(file).length).toBeGreaterThan(5 * 1024 * 1024);
    const result = await uploadPreviews(h.client, opts({ input: path.join(h.dir, "previews") }));
    expect(result.sets[0]!.files[0]).toMatchObject({ action: "uploaded", state: "COMPLETE" });
    expect(h.served.filter((e) => e.method === "PUT").map((e) => e.path.split("/").at(-1))).toEqual(expect.arrayContaining(["1", "2"]));
    expect(h.requests("PATCH", /^\/v1\/appPreviews\//)).toHaveLength(1);
    expect(h.stored("en-US", "IPHONE_65", "previews")[0]!.checksum).toBe(md5(file));
  });

  it("waits through UPLOAD_COMPLETE and PROCESSING", async () => {
    writeMp4(path.join(h.dir, "previews"), "en-US/IPHONE_67/a.mp4", { width: 1920, height: 886, durationSeconds: 29 });
    const seen: string[] = [];
    const result = await uploadPreviews(h.client, opts({ input: path.join(h.dir, "previews"), intervalMs: PROCESSING_MS / 3, onProgress: (p) => seen.push(p.status) }));
    expect(result.sets[0]!.files[0]!.state).toBe("COMPLETE");
    expect(seen.filter((s) => s.includes("processed"))).toEqual(["0/1 processed", "0/1 processed", "0/1 processed", "0/1 processed", "1/1 processed"]);
  });
});
