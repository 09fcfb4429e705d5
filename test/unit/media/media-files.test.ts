// Local media: the generators, reading folders and manifests, and the checks made before any request.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { imageSize } from "image-size";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeSizes, screenshotSizes, SCREENSHOT_DISPLAY_TYPES } from "../../../src/workflows/media/display-types.js";
import { inspectImage } from "../../../src/workflows/media/inspect-image.js";
import { bytesReader, inspectVideo } from "../../../src/workflows/media/inspect-video.js";
import { MediaValidationError } from "../../../src/workflows/media/media-errors.js";
import { PREVIEWS, SCREENSHOTS } from "../../../src/workflows/media/media-kind.js";
import { readMediaLayout } from "../../../src/workflows/media/media-layout.js";
import { createMp4 } from "../../../src/workflows/media/mp4-writer.js";
import { createPng } from "../../../src/workflows/media/png-writer.js";
import { validateLocalMedia } from "../../../src/workflows/media/validate-media.js";
import { createJpegHeader, writeMp4, writePng } from "../../support/media-files.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "asckit-media-files-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const problems = async (input: string, kind = SCREENSHOTS) => {
  const error = await validateLocalMedia(input, kind).catch((e: unknown) => e);
  if (!(error instanceof MediaValidationError)) throw new Error(`expected a MediaValidationError, got ${String(error)}`);
  return error.associatedErrors;
};

describe("generated media", () => {
  it("PNGs have exactly the requested size, decode as RGB or RGBA, and stay small", () => {
    const png = createPng({ width: 1290, height: 2796, top: [200, 30, 30], bottom: [20, 20, 90] });
    expect(imageSize(png)).toMatchObject({ width: 1290, height: 2796, type: "png" });
    expect(inspectImage(png)).toEqual({ format: "png", width: 1290, height: 2796, hasAlpha: false });
    expect(png.length).toBeLessThan(64 * 1024);
    expect(inspectImage(createPng({ width: 8, height: 8, top: [0, 0, 0], alpha: true })).hasAlpha).toBe(true);
  });

  it("a tiny JPEG header is read as a JPEG of its stated size", () => {
    expect(inspectImage(createJpegHeader(1290, 2796))).toEqual({ format: "jpeg", width: 1290, height: 2796, hasAlpha: false });
    expect(inspectImage(Buffer.from("GIF89a......"))).toMatchObject({ format: undefined });
  });

  it("MP4s carry the requested duration, resolution and frame rate; a fractional duration survives", async () => {
    expect(await inspectVideo(bytesReader(createMp4({ width: 886, height: 1920, durationSeconds: 29.6 })))).toEqual({
      container: true,
      durationSeconds: 29.6,
      width: 886,
      height: 1920,
      fps: 30,
      codec: "avc1.640028",
    });
    expect((await inspectVideo(bytesReader(createMp4({ width: 1920, height: 886, durationSeconds: 15, fps: 24 })))).fps).toBe(24);
    expect(await inspectVideo(bytesReader(createPng({ width: 4, height: 4, top: [1, 2, 3] })))).toMatchObject({ container: false });
  });

  it("reads a multi-megabyte MP4 in a few small reads", async () => {
    const big = createMp4({ width: 886, height: 1920, durationSeconds: 20, frameBytes: 20_000 });
    const source = bytesReader(big);
    const reads: number[] = [];
    const facts = await inspectVideo({ size: source.size, read: (offset, length) => (reads.push(length), source.read(offset, length)) });
    expect(big.length).toBeGreaterThan(10_000_000);
    expect(facts.durationSeconds).toBe(20);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1024 * 1024 + 16);
  });
});

describe("display types", () => {
  it("every spec display type has sizes, and landscape is folded in descriptions", () => {
    expect(SCREENSHOT_DISPLAY_TYPES).toHaveLength(33);
    for (const type of SCREENSHOT_DISPLAY_TYPES) expect(screenshotSizes(type).length).toBeGreaterThan(0);
    expect(describeSizes(screenshotSizes("APP_IPAD_PRO_3GEN_129"))).toBe("2064×2752, 2048×2732 (or landscape)");
    expect(describeSizes(screenshotSizes("APP_DESKTOP"))).toBe("1280×800, 1440×900, 2560×1600, 2880×1800");
  });
});

describe("folder and manifest layouts", () => {
  it("orders files numerically, ignores hidden files, skips the other kind's folders and names wrong folders", async () => {
    for (const name of ["10.png", "2.png", "1.png"]) writePng(dir, `en-US/APP_IPHONE_67/${name}`, 1290, 2796, Number.parseInt(name));
    writeFileSync(path.join(dir, "en-US/APP_IPHONE_67/.DS_Store"), "x");
    writeMp4(dir, "en-US/IPHONE_67/p.mp4", { width: 886, height: 1920, durationSeconds: 20 });
    mkdirSync(path.join(dir, "en-US/IPHONE_69"), { recursive: true });
    mkdirSync(path.join(dir, "English/APP_IPHONE_67"), { recursive: true });
    writePng(dir, "stray.png", 10, 10);
    const layout = await readMediaLayout(dir, SCREENSHOTS);
    expect(layout.sets.map((s) => [s.locale, s.type, s.files.map((f) => f.fileName)])).toEqual([["en-US", "APP_IPHONE_67", ["1.png", "2.png", "10.png"]]]);
    expect(layout.notes).toEqual(["en-US/IPHONE_67/ skipped: it holds previews (use `asckit previews upload`)"]);
    expect(layout.problems).toEqual([
      'en-US/IPHONE_69/: "IPHONE_69" is not a screenshot display type (e.g. APP_IPHONE_67, APP_IPAD_PRO_3GEN_129)',
      "English/: not a locale code (expected folders like en-US, de-DE, zh-Hans)",
      "stray.png: media files go in <locale>/<type>/ folders, e.g. en-US/APP_IPHONE_67/stray.png",
    ]);
  });

  it("reads a manifest with paths relative to it, keeping its order and preview poster frames", async () => {
    writePng(dir, "art/b.png", 1290, 2796, 1);
    writePng(dir, "art/a.png", 1290, 2796, 2);
    writeMp4(dir, "art/p.mp4", { width: 886, height: 1920, durationSeconds: 20 });
    writeFileSync(
      path.join(dir, "media.json"),
      JSON.stringify({
        screenshots: { "en-US": { APP_IPHONE_67: ["art/b.png", "art/a.png"] } },
        previews: { "en-US": { IPHONE_67: [{ file: "art/p.mp4", previewFrameTimeCode: "00:00:05:00" }] } },
      }),
    );
    const shots = await validateLocalMedia(path.join(dir, "media.json"), SCREENSHOTS);
    expect(shots.sets[0]!.files.map((f) => [f.label, f.path, f.width])).toEqual([
      ["en-US/APP_IPHONE_67/art/b.png", path.join(dir, "art/b.png"), 1290],
      ["en-US/APP_IPHONE_67/art/a.png", path.join(dir, "art/a.png"), 1290],
    ]);
    const previews = await validateLocalMedia(path.join(dir, "media.json"), PREVIEWS);
    expect(previews.sets[0]!.files[0]).toMatchObject({ fileName: "p.mp4", previewFrameTimeCode: "00:00:05:00", durationSeconds: 20, mimeType: "video/mp4" });
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ screenshots: { "en-US": { APP_IPHONE_99: ["x.png"] } } }));
    expect(await problems(path.join(dir, "bad.json"))).toEqual(['bad.json: en-US/APP_IPHONE_99: "APP_IPHONE_99" is not a screenshot display type']);
    expect(await problems(path.join(dir, "art/a.png"))).toEqual(["a.png: expected a folder or a .json manifest"]);
    expect(await problems(path.join(dir, "missing"))).toEqual([`${path.join(dir, "missing")}: no such file or folder`]);
  });
});

describe("checks before any request", () => {
  it("names unsupported types, empty files, duplicates within a set, and warns about alpha", async () => {
    writePng(dir, "en-US/APP_IPHONE_67/01.png", 1290, 2796, 1);
    writePng(dir, "en-US/APP_IPHONE_67/02.png", 1290, 2796, 1); // same bytes as 01
    writeFileSync(path.join(dir, "en-US/APP_IPHONE_67/03.gif"), "GIF89a");
    writeFileSync(path.join(dir, "en-US/APP_IPHONE_67/04.jpg"), "");
    writePng(dir, "en-US/APP_IPHONE_67/05.jpeg", 1290, 2796, 5);
    expect(await problems(dir)).toEqual([
      "en-US/APP_IPHONE_67/02.png: same content as en-US/APP_IPHONE_67/01.png; a set cannot hold the same screenshot twice",
      'en-US/APP_IPHONE_67/03.gif: unsupported file type ".gif"; screenshots are .png, .jpg or .jpeg',
      "en-US/APP_IPHONE_67/04.jpg: the file is empty",
      "en-US/APP_IPHONE_67/05.jpeg: the file is really a PNG, not a JPEG; rename it to .png or export it again",
    ]);
    const clean = path.join(dir, "clean");
    writePng(clean, "en-US/APP_IPHONE_67/01.png", 1290, 2796, 1, { alpha: true });
    const ok = await validateLocalMedia(clean, SCREENSHOTS);
    expect(ok.warnings).toEqual(["en-US/APP_IPHONE_67/01.png: has an alpha channel; Apple asks for RGB screenshots without transparency"]);
    expect(ok.sets[0]!.files[0]).toMatchObject({ md5: expect.stringMatching(/^[0-9a-f]{32}$/), mimeType: "image/png", width: 1290, height: 2796 });
  });

  it("previews: warns close to 30 s and for unconfirmed resolutions; refuses more than 30 fps", async () => {
    writeMp4(dir, "en-US/IPHONE_67/a.mp4", { width: 886, height: 1920, durationSeconds: 29.8 });
    writeMp4(dir, "en-US/IPHONE_47/b.m4v", { width: 640, height: 1136, durationSeconds: 20 });
    const ok = await validateLocalMedia(dir, PREVIEWS);
    expect(ok.warnings).toEqual([
      "en-US/IPHONE_47/b.m4v: 640×1136 is not the IPHONE_47 preview resolution (750×1334 (or landscape)); this resolution is not confirmed against Apple's page, so it is not enforced",
      "en-US/IPHONE_67/a.mp4: 29.80 s is close to the 30 s limit; Apple's rounding can push it over (keep it under 29.5 s)",
    ]);
    expect(ok.sets.find((s) => s.type === "IPHONE_47")!.files[0]!.mimeType).toBe("video/x-m4v");
    writeMp4(dir, "en-US/IPHONE_65/fast.mov", { width: 886, height: 1920, durationSeconds: 20, fps: 60 });
    expect(await problems(dir, PREVIEWS)).toEqual(["en-US/IPHONE_65/fast.mov: 60.0 frames per second; previews are at most 30 fps"]);
  });
});
