// The emulator's media rules, driven over HTTP the way a client (or curl) would.
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AscApiError } from "../../../src/client/index.js";
import { createMp4 } from "../../../src/workflows/media/mp4-writer.js";
import { createPng } from "../../../src/workflows/media/png-writer.js";
import { createJpegHeader } from "../../support/media-files.js";
import { PROCESSING_MS, startMediaHarness, type MediaHarness } from "./media-harness.js";

let h: MediaHarness;
beforeEach(async () => {
  h = await startMediaHarness();
});
afterEach(async () => {
  await h.close();
});

type Doc = { data: { id: string; attributes: Record<string, any> } }; // eslint-disable-line @typescript-eslint/no-explicit-any
const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");
const png = (w: number, hgt: number, shade = 10) => createPng({ width: w, height: hgt, top: [shade, 20, 30] });

async function createSet(kind: "appScreenshotSets" | "appPreviewSets", type: string, locale = "en-US"): Promise<string> {
  const attr = kind === "appScreenshotSets" ? "screenshotDisplayType" : "previewType";
  const res = await h.client.request<Doc>(`POST /v1/${kind}`, {
    body: { data: { type: kind, attributes: { [attr]: type }, relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: h.localizationIds[locale] } } } } },
  });
  return res.document.data.id;
}

async function reserve(kind: "appScreenshots" | "appPreviews", setId: string, fileName: string, fileSize: number) {
  const setRel = kind === "appScreenshots" ? "appScreenshotSet" : "appPreviewSet";
  const res = await h.client.request<Doc>(`POST /v1/${kind}`, {
    body: { data: { type: kind, attributes: { fileName, fileSize }, relationships: { [setRel]: { data: { type: `${setRel}s`, id: setId } } } } },
  });
  return res.document.data;
}

async function put(operations: Array<{ url: string; offset: number; length: number; method: string; requestHeaders: Array<{ name: string; value: string }> }>, bytes: Buffer) {
  for (const op of operations) {
    const res = await fetch(op.url, { method: op.method, headers: Object.fromEntries(op.requestHeaders.map((x) => [x.name, x.value])), body: bytes.subarray(op.offset, op.offset + op.length) });
    expect(res.status).toBe(200);
  }
}

const commit = (kind: string, id: string, checksum: string) =>
  h.client.request<Doc>(`PATCH /v1/${kind}/${id}`, { body: { data: { type: kind, id, attributes: { uploaded: true, sourceFileChecksum: checksum } } } });
const read = async (kind: string, id: string) => (await h.client.request<Doc>(`GET /v1/${kind}/${id}`)).document.data.attributes;
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as AscApiError);

describe("emulated screenshot protocol", () => {
  it("reserve answers Apple's shape: upload operations, AWAITING_UPLOAD, no checksum or image yet", async () => {
    const set = await createSet("appScreenshotSets", "APP_IPHONE_67");
    const bytes = png(1290, 2796);
    const asset = await reserve("appScreenshots", set, "01.png", bytes.length);
    expect(asset.attributes).toEqual({
      fileSize: bytes.length,
      fileName: "01.png",
      sourceFileChecksum: null,
      imageAsset: null,
      assetToken: expect.stringMatching(/01\.png$/),
      assetType: "SCREENSHOT",
      uploadOperations: [
        // Apple's UploadOperation schema exactly: no partNumber or expiration (those are the build upload's DeliveryFileUploadOperation).
        { method: "PUT", url: expect.stringMatching(/\/storage\/uploads\/[0-9a-f]+\/1\?Expires=\d+&Signature=/), length: bytes.length, offset: 0, requestHeaders: [{ name: "Content-Type", value: "image/png" }] },
      ],
      assetDeliveryState: { state: "AWAITING_UPLOAD", errors: [], warnings: [] },
    });
  });

  it("commit verifies the MD5 and the size (409), then processes: UPLOAD_COMPLETE → COMPLETE with imageAsset", async () => {
    const set = await createSet("appScreenshotSets", "APP_IPHONE_67");
    const bytes = png(1290, 2796);
    const asset = await reserve("appScreenshots", set, "01.png", bytes.length);

    const early = await failure(commit("appScreenshots", asset.id, md5(bytes)));
    expect(early).toMatchObject({ status: 409, code: "ENTITY_ERROR.ATTRIBUTE.INVALID.FILE_SIZE_MISMATCH" });
    await put(asset.attributes.uploadOperations, bytes);
    const wrong = await failure(commit("appScreenshots", asset.id, "0".repeat(32)));
    expect(wrong).toMatchObject({ status: 409, code: "ENTITY_ERROR.ATTRIBUTE.INVALID.CHECKSUM_MISMATCH", source: { pointer: "/data/attributes/sourceFileChecksum" } });
    expect((await read("appScreenshots", asset.id)).assetDeliveryState.state).toBe("AWAITING_UPLOAD");

    const done = await commit("appScreenshots", asset.id, md5(bytes));
    expect(done.document.data.attributes).toMatchObject({ sourceFileChecksum: md5(bytes), uploadOperations: null, assetDeliveryState: { state: "UPLOAD_COMPLETE" } });
    expect(done.document.data.attributes).not.toHaveProperty("uploaded");
    const again = await failure(commit("appScreenshots", asset.id, md5(bytes)));
    expect(again).toMatchObject({ status: 409, code: "STATE_ERROR.ENTITY_STATE_INVALID" });

    h.clock.advance(PROCESSING_MS / 2 - 1);
    expect((await read("appScreenshots", asset.id)).assetDeliveryState.state).toBe("UPLOAD_COMPLETE");
    h.clock.advance(1);
    expect(await read("appScreenshots", asset.id)).toMatchObject({
      assetDeliveryState: { state: "COMPLETE", errors: [] },
      imageAsset: { templateUrl: expect.stringContaining("{w}x{h}bb.{f}"), width: 1290, height: 2796 },
    });
  });

  it("fails processing with IMAGE_INCORRECT_DIMENSIONS when the pixels do not fit the display type", async () => {
    const set = await createSet("appScreenshotSets", "APP_IPHONE_65");
    const bytes = png(1290, 2796); // a 6.9" size in a 6.5" set
    const asset = await reserve("appScreenshots", set, "wrong.png", bytes.length);
    await put(asset.attributes.uploadOperations, bytes);
    await commit("appScreenshots", asset.id, md5(bytes));
    h.clock.advance(PROCESSING_MS);
    expect(await read("appScreenshots", asset.id)).toMatchObject({
      assetDeliveryState: { state: "FAILED", errors: [{ code: "IMAGE_INCORRECT_DIMENSIONS", description: expect.stringContaining("1290x2796") }] },
      imageAsset: null,
    });
  });

  it("accepts a JPEG and landscape, and refuses an 11th screenshot in a set with a 409", async () => {
    const set = await createSet("appScreenshotSets", "APP_IPHONE_67");
    const jpeg = createJpegHeader(2796, 1290);
    const asset = await reserve("appScreenshots", set, "land.jpg", jpeg.length);
    expect(asset.attributes.uploadOperations[0].requestHeaders).toEqual([{ name: "Content-Type", value: "image/jpeg" }]);
    await put(asset.attributes.uploadOperations, jpeg);
    await commit("appScreenshots", asset.id, md5(jpeg));
    h.clock.advance(PROCESSING_MS);
    expect((await read("appScreenshots", asset.id)).assetDeliveryState.state).toBe("COMPLETE");
    for (let i = 0; i < 9; i++) await reserve("appScreenshots", set, `${i}.png`, 100);
    const eleventh = await failure(reserve("appScreenshots", set, "11.png", 100));
    expect(eleventh).toMatchObject({ status: 409, code: "ENTITY_ERROR.RELATIONSHIP.INVALID", detail: expect.stringContaining("maximum is 10") });
  });

  it("one set per display type per localization; deleting a set deletes its screenshots", async () => {
    const set = await createSet("appScreenshotSets", "APP_IPHONE_67");
    const dup = await failure(createSet("appScreenshotSets", "APP_IPHONE_67"));
    expect(dup).toMatchObject({ status: 409, source: { pointer: "/data/attributes/screenshotDisplayType" } });
    await createSet("appScreenshotSets", "APP_IPHONE_67", "de-DE"); // another localization is fine
    const shot = await reserve("appScreenshots", set, "a.png", 10);
    await h.client.request(`DELETE /v1/appScreenshotSets/${set}`);
    expect(h.emulator.engine.store.get("appScreenshots", shot.id)).toBeUndefined();
  });

  it("reorders through the relationship PATCH, which must list every screenshot exactly once", async () => {
    const set = await createSet("appScreenshotSets", "APP_IPHONE_67");
    const ids = [];
    for (const name of ["a.png", "b.png", "c.png"]) ids.push((await reserve("appScreenshots", set, name, 10)).id);
    const path = `/v1/appScreenshotSets/${set}/relationships/appScreenshots`;
    const linkage = (list: string[]) => ({ data: list.map((id) => ({ type: "appScreenshots", id })) });
    const partial = await failure(h.client.request(`PATCH ${path}`, { body: linkage([ids[2]!, ids[0]!]) }));
    expect(partial).toMatchObject({ status: 409, code: "ENTITY_ERROR.RELATIONSHIP.INVALID" });
    const res = await h.client.request(`PATCH ${path}`, { body: linkage([ids[2]!, ids[0]!, ids[1]!]) });
    expect(res.status).toBe(204);
    const order = await h.client.request<{ data: Array<{ id: string }> }>(`GET ${path}`);
    expect(order.document.data.map((d) => d.id)).toEqual([ids[2], ids[0], ids[1]]);
  });

  it("refuses media changes once the version is in review", async () => {
    const set = await createSet("appScreenshotSets", "APP_IPHONE_67");
    const shot = await reserve("appScreenshots", set, "a.png", 10);
    h.emulator.engine.store.update("appStoreVersions", h.versionId, { attributes: { appVersionState: "WAITING_FOR_REVIEW" } });
    for (const attempt of [reserve("appScreenshots", set, "b.png", 10), h.client.request(`DELETE /v1/appScreenshots/${shot.id}`), createSet("appScreenshotSets", "APP_IPHONE_65")]) {
      expect(await failure(attempt)).toMatchObject({ status: 409, code: "STATE_ERROR.ENTITY_STATE_INVALID", detail: expect.stringContaining("WAITING_FOR_REVIEW") });
    }
  });
});

describe("emulated preview protocol", () => {
  it("goes AWAITING_UPLOAD → UPLOAD_COMPLETE → PROCESSING → COMPLETE, with the deprecated assetDeliveryState alongside", async () => {
    const set = await createSet("appPreviewSets", "IPHONE_67");
    const video = createMp4({ width: 886, height: 1920, durationSeconds: 20 });
    const asset = await reserve("appPreviews", set, "p.mp4", video.length);
    expect(asset.attributes).toMatchObject({ mimeType: "video/mp4", videoDeliveryState: { state: "AWAITING_UPLOAD" }, assetDeliveryState: { state: "AWAITING_UPLOAD" }, videoUrl: null, previewFrameImage: null });
    expect(asset.attributes.uploadOperations).toEqual([{ method: "PUT", url: expect.stringContaining("/storage/uploads/"), length: video.length, offset: 0, requestHeaders: [{ name: "Content-Type", value: "video/mp4" }] }]);
    await put(asset.attributes.uploadOperations, video);
    await commit("appPreviews", asset.id, md5(video));
    const states = [];
    for (const step of [0, PROCESSING_MS / 4, PROCESSING_MS * 3 / 4]) {
      h.clock.advance(step);
      const a = await read("appPreviews", asset.id);
      states.push(`${a.videoDeliveryState.state}/${a.assetDeliveryState.state}`);
    }
    expect(states).toEqual(["UPLOAD_COMPLETE/UPLOAD_COMPLETE", "PROCESSING/UPLOAD_COMPLETE", "COMPLETE/COMPLETE"]);
    expect(await read("appPreviews", asset.id)).toMatchObject({ videoUrl: expect.stringContaining("https://"), previewFrameImage: { image: { width: 886, height: 1920 }, state: { state: "COMPLETE" } } });
  });

  it("fails a 31-second preview (VIDEO_DURATION_TOO_LONG) and a wrong resolution, and refuses a 4th preview", async () => {
    const set = await createSet("appPreviewSets", "IPHONE_67");
    const cases = [
      [createMp4({ width: 886, height: 1920, durationSeconds: 31 }), "VIDEO_DURATION_TOO_LONG"],
      [createMp4({ width: 886, height: 1920, durationSeconds: 14.5 }), "VIDEO_DURATION_TOO_SHORT"],
      [createMp4({ width: 1200, height: 1600, durationSeconds: 20 }), "VIDEO_INCORRECT_DIMENSIONS"],
    ] as const;
    const ids = [];
    for (const [video, _code] of cases) {
      const asset = await reserve("appPreviews", set, "p.mp4", video.length);
      await put(asset.attributes.uploadOperations, video);
      await commit("appPreviews", asset.id, md5(video));
      ids.push(asset.id);
    }
    h.clock.advance(PROCESSING_MS);
    for (const [i, [, code]] of cases.entries()) expect((await read("appPreviews", ids[i]!)).videoDeliveryState).toMatchObject({ state: "FAILED", errors: [{ code }] });
    const fourth = await failure(reserve("appPreviews", set, "4.mp4", 100));
    expect(fourth).toMatchObject({ status: 409, detail: expect.stringContaining("maximum is 3") });
  });
});
