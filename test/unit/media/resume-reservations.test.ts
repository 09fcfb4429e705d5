// Re-running `screenshots|previews upload` after an interrupted run: the reservation the run left
// (AWAITING_UPLOAD, never committed) is continued — its parts sent again from the file, then
// committed — rather than deleted and made again; one that cannot be continued is replaced, one that
// no file matches is discarded, and none of them is ever reported as a deleted screenshot.
import { createHash } from "node:crypto";
import { readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MediaUploadError } from "../../../src/workflows/media/media-errors.js";
import { uploadPreviews, uploadScreenshots, type UploadMediaOptions } from "../../../src/workflows/media/upload-media.js";
import { writeIphoneShots, writeMp4 } from "../../support/media-files.js";
import { startMediaHarness, type MediaHarness } from "./media-harness.js";

let h: MediaHarness;
beforeEach(async () => {
  h = await startMediaHarness({ locales: ["de-DE"] });
});
afterEach(async () => {
  await h.close();
});

const md5 = (file: string) => createHash("md5").update(readFileSync(file)).digest("hex");
const root = () => path.join(h.dir, "media");
const opts = (extra: Partial<UploadMediaOptions> & { dryRun?: false } = {}): UploadMediaOptions & { dryRun?: false } => ({
  input: root(),
  target: { versionId: h.versionId },
  timeoutMs: 60_000,
  intervalMs: 1000,
  now: h.clock.now,
  sleep: h.sleep,
  concurrency: 1,
  ...extra,
});
/** API writes since `from` (storage PUTs go elsewhere), ids shortened. */
const writesSince = (from: number) =>
  h.exchanges
    .slice(from)
    .filter((e) => e.method !== "GET")
    .map((e) => `${e.method} ${new URL(e.url).pathname.replace(/\/[\w-]{36}/, "/ID")}`);
const storagePuts = () => h.served.filter((e) => e.method === "PUT" && e.path.startsWith("/storage/")).length;
/** The storage refuses the n-th PUT with an error that is neither retried nor a dead reservation: the run stops there. */
const storageStoppingAt = (n: number) => {
  let puts = 0;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    if (++puts === n) return new Response("<Error><Code>InvalidRequest</Code><Message>Simulated interruption</Message></Error>", { status: 400, headers: { "content-type": "application/xml" } });
    return fetch(input, init);
  }) as typeof fetch;
};
const setId = () => h.emulator.engine.store.list("appScreenshotSets")[0]!.id;
/** Reserves `fileName` the way an interrupted run would have, optionally sending bytes for it. */
async function reserve(fileName: string, fileSize: number, bytes?: Buffer): Promise<string> {
  const res = await h.client.request<{ data: { id: string; attributes: { uploadOperations: Array<{ url: string; method: string; requestHeaders: Array<{ name: string; value: string }> }> } } }>("POST /v1/appScreenshots", {
    body: { data: { type: "appScreenshots", attributes: { fileName, fileSize }, relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: setId() } } } } },
  });
  if (bytes) {
    const op = res.document.data.attributes.uploadOperations[0]!;
    const headers = Object.fromEntries(op.requestHeaders.map((x) => [x.name, x.value]));
    expect((await fetch(op.url, { method: op.method, headers, body: bytes })).status).toBe(200);
  }
  return res.document.data.id;
}

describe("re-running after an interrupted screenshots upload", () => {
  it("continues the reservation the interrupted run left: one screenshot per file, in folder order, no delete, one reservation fewer", async () => {
    const files = writeIphoneShots(root(), "de-DE", 4);
    // First run: 01 and 02 go in, 03 is reserved and its part refused; 04 is never reached.
    const stopped = await uploadScreenshots(h.client, opts({ fetch: storageStoppingAt(3) })).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(MediaUploadError);
    const left = h.stored("de-DE", "APP_IPHONE_67");
    expect(left.map((a) => `${a.fileName} ${a.state}`)).toEqual(["01.png UPLOAD_COMPLETE", "02.png UPLOAD_COMPLETE", "03.png AWAITING_UPLOAD"]);

    const from = h.exchanges.length;
    const putsBefore = storagePuts();
    const result = await uploadScreenshots(h.client, opts());
    // Writes: 03's commit, 04's reservation and commit. No DELETE, no second reservation for 03, no reorder.
    expect(writesSince(from)).toEqual(["PATCH /v1/appScreenshots/ID", "POST /v1/appScreenshots", "PATCH /v1/appScreenshots/ID"]);
    expect(storagePuts() - putsBefore).toBe(2);
    const after = h.stored("de-DE", "APP_IPHONE_67");
    expect(after.map((a) => `${a.fileName} ${a.state}`)).toEqual(["01.png COMPLETE", "02.png COMPLETE", "03.png COMPLETE", "04.png COMPLETE"]);
    expect(after.map((a) => a.checksum)).toEqual(files.map(md5));
    expect(after[2]!.id).toBe(left[2]!.id);
    expect(result).toMatchObject({ uploaded: 2, resumed: 1, kept: 2, deleted: 0, reservationsDiscarded: 0, failed: [], stuck: [] });
    expect(result.sets[0]!.files.map((f) => `${f.position} ${f.fileName} ${f.action} ${f.state}`)).toEqual([
      "1 01.png kept COMPLETE",
      "2 02.png kept COMPLETE",
      "3 03.png resumed an unfinished upload COMPLETE",
      "4 04.png uploaded COMPLETE",
    ]);
    expect(result.sets[0]!.files.some((f) => f.action === "deleted")).toBe(false);

    // A third run has nothing to do.
    const quiet = h.exchanges.length;
    const again = await uploadScreenshots(h.client, opts());
    expect(writesSince(quiet)).toEqual([]);
    expect(again).toMatchObject({ uploaded: 0, resumed: 0, kept: 4, deleted: 0, reservationsDiscarded: 0 });
  });

  it("stale bytes the interrupted run sent are overwritten: the part is sent again from the file as it is now", async () => {
    const [file] = writeIphoneShots(root(), "de-DE", 1);
    await expect(uploadScreenshots(h.client, opts({ fetch: storageStoppingAt(1) }))).rejects.toThrow(/Simulated interruption/);
    const [reservation] = h.stored("de-DE", "APP_IPHONE_67");
    // The earlier run's bytes, of the right size but not this file's (it was re-exported since).
    const size = readFileSync(file!).length;
    const ops = h.emulator.engine.store.get("appScreenshots", reservation!.id)!.attributes.uploadOperations as Array<{ url: string; requestHeaders: Array<{ name: string; value: string }> }>;
    await fetch(ops[0]!.url, { method: "PUT", headers: Object.fromEntries(ops[0]!.requestHeaders.map((x) => [x.name, x.value])), body: Buffer.alloc(size, 7) });

    const result = await uploadScreenshots(h.client, opts());
    expect(result.resumed).toBe(1);
    expect(h.stored("de-DE", "APP_IPHONE_67")).toEqual([{ id: reservation!.id, fileName: "01.png", state: "COMPLETE", checksum: md5(file!) }]);
  });

  it("an expired reservation cannot be continued: it is replaced, and the row says so instead of `deleted`", async () => {
    const files = writeIphoneShots(root(), "de-DE", 2);
    await expect(uploadScreenshots(h.client, opts({ fetch: storageStoppingAt(2) }))).rejects.toThrow(/Simulated interruption/);
    const stale = h.stored("de-DE", "APP_IPHONE_67")[1]!;
    expect(stale.state).toBe("AWAITING_UPLOAD");
    h.clock.advance(8 * 24 * 3600_000); // past the reservation's week

    const from = h.exchanges.length;
    const result = await uploadScreenshots(h.client, opts());
    expect(writesSince(from)).toEqual(["DELETE /v1/appScreenshots/ID", "POST /v1/appScreenshots", "PATCH /v1/appScreenshots/ID"]);
    expect(result).toMatchObject({ uploaded: 1, resumed: 0, kept: 1, deleted: 0, reservationsDiscarded: 1 });
    const row = result.sets[0]!.files[1]!;
    expect(row).toMatchObject({ fileName: "02.png", action: "replaced an unfinished reservation", reservationId: stale.id, position: 2, state: "COMPLETE" });
    expect(row.id).not.toBe(stale.id);
    expect(result.runNotes).toEqual([`de-DE/APP_IPHONE_67/02.png: an interrupted run's reservation (screenshot ${stale.id}) cannot be continued (its upload URLs have expired); replacing it.`]);
    expect(h.stored("de-DE", "APP_IPHONE_67").map((a) => a.checksum)).toEqual(files.map(md5));
  });

  it("a reservation that no file matches (renamed since) is discarded, and so is a second one for the same file", async () => {
    const files = writeIphoneShots(root(), "de-DE", 2);
    await expect(uploadScreenshots(h.client, opts({ fetch: storageStoppingAt(2) }))).rejects.toThrow(/Simulated interruption/);
    const [first, orphan] = h.stored("de-DE", "APP_IPHONE_67");
    // 02.png is now "second.png"; a doubled reservation of 01.png's size and name is there too.
    const renamed = path.join(path.dirname(files[1]!), "second.png");
    renameSync(files[1]!, renamed);
    const doubled = await reserve("second.png", readFileSync(renamed).length);
    const spare = await reserve("second.png", readFileSync(renamed).length);

    const from = h.exchanges.length;
    const result = await uploadScreenshots(h.client, opts());
    // 02.png's reservation and the spare one go; the first of second.png's is continued.
    expect(writesSince(from).sort()).toEqual(["DELETE /v1/appScreenshots/ID", "DELETE /v1/appScreenshots/ID", "PATCH /v1/appScreenshots/ID"]);
    expect(result).toMatchObject({ uploaded: 1, resumed: 1, kept: 1, deleted: 0, reservationsDiscarded: 2 });
    expect(result.sets[0]!.files.map((f) => `${f.fileName} ${f.action} ${f.id}`)).toEqual([
      `01.png kept ${first!.id}`,
      `second.png resumed an unfinished upload ${doubled}`,
      `02.png discarded an unfinished reservation ${orphan!.id}`,
      `second.png discarded an unfinished reservation ${spare}`,
    ]);
    expect(h.stored("de-DE", "APP_IPHONE_67").map((a) => `${a.fileName} ${a.state}`)).toEqual(["01.png COMPLETE", "second.png COMPLETE"]);
  });

  it("a reservation for the same name but another size is replaced, not continued", async () => {
    const [file] = writeIphoneShots(root(), "de-DE", 1);
    await expect(uploadScreenshots(h.client, opts({ fetch: storageStoppingAt(1) }))).rejects.toThrow(/Simulated interruption/);
    const [old] = h.stored("de-DE", "APP_IPHONE_67");
    writeIphoneShots(root(), "de-DE", 1, 40); // re-exported: other pixels, another size
    expect(readFileSync(file!).length).not.toBe(h.emulator.engine.store.get("appScreenshots", old!.id)!.attributes.fileSize);
    const result = await uploadScreenshots(h.client, opts());
    expect(result.sets[0]!.files).toEqual([expect.objectContaining({ action: "replaced an unfinished reservation", reservationId: old!.id, state: "COMPLETE", checksum: md5(file!) })]);
    expect(result.runNotes[0]).toMatch(/cannot be continued \(it was reserved for \d+ bytes and the file now has \d+\); replacing it\.$/);
  });

  it("a continued reservation keeps its place, so a file new to the folder that sorts before it is put back in folder order", async () => {
    const [first, second] = writeIphoneShots(root(), "de-DE", 2);
    const away = path.join(h.dir, "01.png");
    renameSync(first!, away); // the interrupted run saw only 02.png
    await expect(uploadScreenshots(h.client, opts({ fetch: storageStoppingAt(1) }))).rejects.toThrow(/Simulated interruption/);
    renameSync(away, first!);
    const [unfinished] = h.stored("de-DE", "APP_IPHONE_67");
    expect(unfinished).toMatchObject({ fileName: "02.png", state: "AWAITING_UPLOAD" });

    const plan = await uploadScreenshots(h.client, { ...opts(), dryRun: true as const });
    expect(plan.sets[0]).toMatchObject({ wouldReorder: true });
    expect(plan.sets[0]!.files.map((f) => `${f.position} ${f.fileName} ${f.action}`)).toEqual(["1 01.png would upload", "2 02.png would resume an unfinished upload"]);
    const from = h.exchanges.length;
    const result = await uploadScreenshots(h.client, opts());
    // 01 reserved and committed, 02 committed in its place, then one reorder.
    expect(writesSince(from)).toEqual(["POST /v1/appScreenshots", "PATCH /v1/appScreenshots/ID", "PATCH /v1/appScreenshots/ID", "PATCH /v1/appScreenshotSets/ID/relationships/appScreenshots"]);
    expect(result.sets[0]).toMatchObject({ reordered: true });
    expect(result.sets[0]!.files.map((f) => `${f.position} ${f.fileName} ${f.action}`)).toEqual(["1 01.png uploaded", "2 02.png resumed an unfinished upload"]);
    const after = h.stored("de-DE", "APP_IPHONE_67");
    expect(after.map((a) => a.checksum)).toEqual([md5(first!), md5(second!)]);
    expect(after[1]!.id).toBe(unfinished!.id);
  });

  it("a dry run says it would resume, and writes nothing", async () => {
    writeIphoneShots(root(), "de-DE", 3);
    await expect(uploadScreenshots(h.client, opts({ fetch: storageStoppingAt(2) }))).rejects.toThrow(/Simulated interruption/);
    const [, unfinished] = h.stored("de-DE", "APP_IPHONE_67");
    const from = h.exchanges.length;
    const plan = await uploadScreenshots(h.client, { ...opts(), dryRun: true as const });
    expect(writesSince(from)).toEqual([]);
    expect(plan).toMatchObject({ dryRun: true, wouldUpload: 2, wouldResume: 1, wouldKeep: 1, wouldDelete: 0, wouldDiscardReservations: 0 });
    expect(plan.sets[0]).toMatchObject({ wouldCreateSet: false, wouldReorder: false });
    expect(plan.sets[0]!.files.map((f) => `${f.position} ${f.fileName} ${f.action}`)).toEqual(["1 01.png would keep", "2 02.png would resume an unfinished upload", "3 03.png would upload"]);
    expect(plan.sets[0]!.files[1]).toMatchObject({ reservationId: unfinished!.id });
  });
});

describe("re-running after an interrupted previews upload", () => {
  it("continues a preview whose parts were half sent: every part again, one commit, no second preview", async () => {
    // Two parts (the emulator's parts are 5 MiB); the second is refused the first time.
    const file = writeMp4(root(), "de-DE/IPHONE_67/intro.mp4", { width: 886, height: 1920, durationSeconds: 20, frameBytes: 12_000 });
    await expect(uploadPreviews(h.client, opts({ fetch: storageStoppingAt(2) }))).rejects.toThrow(/Simulated interruption/);
    const [left] = h.stored("de-DE", "IPHONE_67", "previews");
    expect(left!.state).toBe("AWAITING_UPLOAD");

    const from = h.exchanges.length;
    const putsBefore = storagePuts();
    const result = await uploadPreviews(h.client, opts());
    expect(writesSince(from)).toEqual(["PATCH /v1/appPreviews/ID"]);
    expect(storagePuts() - putsBefore).toBe(2);
    expect(result).toMatchObject({ uploaded: 1, resumed: 1, deleted: 0, reservationsDiscarded: 0 });
    expect(h.stored("de-DE", "IPHONE_67", "previews")).toEqual([{ id: left!.id, fileName: "intro.mp4", state: "COMPLETE", checksum: md5(file) }]);
  });
});
