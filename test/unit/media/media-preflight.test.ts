import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scriptMediaOutcome } from "../../../src/emulator/media/index.js";
import { localMediaChecks } from "../../../src/workflows/media/local-media-checks.js";
import { mediaChecks } from "../../../src/workflows/media/media-preflight.js";
import { uploadPreviews, uploadScreenshots, type UploadMediaOptions } from "../../../src/workflows/media/upload-media.js";
import { writeIphoneShots, writeMp4, writePng } from "../../support/media-files.js";
import { runMain } from "../../support/in-process-cli.js";
import { startMediaHarness, type MediaHarness } from "./media-harness.js";

let h: MediaHarness;
beforeEach(async () => {
  h = await startMediaHarness();
});
afterEach(async () => {
  await h.close();
});

const upload = (input: string, extra: Partial<UploadMediaOptions> = {}) =>
  ({ input: path.join(h.dir, input), target: { versionId: h.versionId }, timeoutMs: 60_000, intervalMs: 1000, now: h.clock.now, sleep: h.sleep, ...extra }) satisfies UploadMediaOptions;
const summary = (items: Awaited<ReturnType<typeof mediaChecks>>) => items.map((i) => `${i.status} ${i.id}`);

describe("mediaChecks", () => {
  it("fails each localization without iPhone screenshots and warns that iPad support is unknown", async () => {
    const items = await mediaChecks(h.client, { versionId: h.versionId, platform: "IOS" });
    expect(summary(items)).toEqual(["fail screenshots.de-DE.iphone", "fail screenshots.en-US.iphone", "warn screenshots.ipad"]);
    expect(items[0]).toMatchObject({ message: 'de-DE: no iPhone 6.9" (APP_IPHONE_67) or 6.5" (APP_IPHONE_65) screenshots', fix: expect.stringContaining(`DIR/de-DE/APP_IPHONE_67/`) });
    // One request for the localizations, then one per localization and media kind.
    expect(h.exchanges).toHaveLength(5);
  });

  it("passes complete sets; the 6.5-inch set is an accepted fallback; iPad is required once the app has iPad screenshots", async () => {
    writeIphoneShots(path.join(h.dir, "m"), "en-US", 2);
    writePng(path.join(h.dir, "m"), "de-DE/APP_IPHONE_65/1.png", 1242, 2688, 5);
    writePng(path.join(h.dir, "m"), "en-US/APP_IPAD_PRO_3GEN_129/1.png", 2048, 2732, 6);
    writeMp4(path.join(h.dir, "m"), "en-US/IPHONE_67/p.mp4", { width: 886, height: 1920, durationSeconds: 20 });
    await uploadScreenshots(h.client, upload("m"));
    await uploadPreviews(h.client, upload("m"));
    const items = await mediaChecks(h.client, { versionId: h.versionId, platform: "IOS" });
    expect(summary(items)).toEqual([
      "pass screenshots.de-DE.iphone",
      "fail screenshots.de-DE.ipad",
      "pass screenshots.de-DE.APP_IPHONE_65",
      "pass screenshots.en-US.iphone",
      "pass screenshots.en-US.ipad",
      "pass screenshots.en-US.APP_IPAD_PRO_3GEN_129",
      "pass screenshots.en-US.APP_IPHONE_67",
      "pass previews.en-US.IPHONE_67",
    ]);
    expect(items.find((i) => i.id === "screenshots.de-DE.iphone")?.message).toBe('de-DE: 1 iPhone 6.5" screenshot (APP_IPHONE_65)');
    expect(items.find((i) => i.id === "screenshots.en-US.APP_IPHONE_67")?.message).toBe("en-US/APP_IPHONE_67: 2 screenshots, all COMPLETE, exact sizes");
    // The caller can say the app is iPhone-only.
    expect(summary(await mediaChecks(h.client, { versionId: h.versionId, platform: "IOS", supportsIpad: false }))).not.toContain("fail screenshots.de-DE.ipad");
  });

  it("fails a set with a FAILED asset (naming the code) and warns about one still processing", async () => {
    writeIphoneShots(path.join(h.dir, "m"), "en-US", 2);
    writePng(path.join(h.dir, "m"), "de-DE/APP_IPHONE_67/hallo.png", 1290, 2796, 9);
    scriptMediaOutcome(h.emulator.engine, { fileName: "02.png", state: "FAILED", code: "IMAGE_INCORRECT_DIMENSIONS", description: "The dimensions of one or more screenshots are wrong." });
    scriptMediaOutcome(h.emulator.engine, { fileName: "hallo.png", state: "STUCK" });
    await uploadScreenshots(h.client, upload("m", { timeoutMs: 0 }));
    h.clock.advance(60_000);
    const items = await mediaChecks(h.client, { versionId: h.versionId, platform: "IOS", supportsIpad: false });
    expect(items.find((i) => i.id === "screenshots.en-US.APP_IPHONE_67")).toEqual({
      id: "screenshots.en-US.APP_IPHONE_67",
      status: "fail",
      message: "en-US/APP_IPHONE_67: 02.png FAILED (IMAGE_INCORRECT_DIMENSIONS — The dimensions of one or more screenshots are wrong.)",
      fix: `Fix the files and run \`asckit screenshots upload DIR --version-id ${h.versionId} --replace --retry-failed\`.`,
    });
    expect(items.find((i) => i.id === "screenshots.de-DE.APP_IPHONE_67")).toMatchObject({ status: "warn", message: "de-DE/APP_IPHONE_67: hallo.png is UPLOAD_COMPLETE" });
    // A stuck screenshot does not count as present yet.
    expect(items.find((i) => i.id === "screenshots.de-DE.iphone")).toMatchObject({ status: "pass" });
  });

  it("fails a preview whose processing FAILED on its duration with Apple's code, and says what the API cannot tell", async () => {
    writeMp4(path.join(h.dir, "m"), "en-US/IPHONE_67/long.mp4", { width: 886, height: 1920, durationSeconds: 20 });
    writeMp4(path.join(h.dir, "m"), "de-DE/IPHONE_67/ok.mp4", { width: 886, height: 1920, durationSeconds: 21 });
    // Apple measures the uploaded video itself: here it refuses one the local check let through.
    scriptMediaOutcome(h.emulator.engine, { fileName: "long.mp4", state: "FAILED", code: "VIDEO_DURATION_TOO_LONG", description: "The app preview is 30.04 seconds long; previews must be at most 30 seconds." });
    await uploadPreviews(h.client, upload("m"));
    const items = await mediaChecks(h.client, { versionId: h.versionId, platform: "IOS", supportsIpad: false });
    expect(items.find((i) => i.id === "previews.en-US.IPHONE_67")).toEqual({
      id: "previews.en-US.IPHONE_67",
      status: "fail",
      message: "en-US/IPHONE_67: long.mp4 FAILED (VIDEO_DURATION_TOO_LONG — The app preview is 30.04 seconds long; previews must be at most 30 seconds.)",
      fix: `Trim the video to 15–30 s (under 29.5 s to be safe), then run \`asckit previews upload DIR --version-id ${h.versionId} --replace --retry-failed\`.`,
    });
    expect(items.find((i) => i.id === "previews.de-DE.IPHONE_67")).toMatchObject({
      status: "pass",
      message: "de-DE/IPHONE_67: 1 preview, all COMPLETE (the API does not report durations; none FAILED processing, which is where Apple refuses one outside 15–30 s; check the files with `asckit review check --media DIR`)",
    });
    const withFiles = await mediaChecks(h.client, { versionId: h.versionId, platform: "IOS", supportsIpad: false, localFilesChecked: true });
    expect(withFiles.find((i) => i.id === "previews.de-DE.IPHONE_67")?.message).not.toContain("--media");
  });

  it("gives a version without localizations a fix whose commands run as printed", async () => {
    // Apple keeps the primary language's localization, so this takes going round the rules: the store itself.
    for (const id of Object.values(h.localizationIds)) h.emulator.engine.store.delete("appStoreVersionLocalizations", id);
    const bare = { id: h.versionId };
    const [item] = await mediaChecks(h.client, { versionId: bare.id, platform: "IOS" });
    expect(item).toMatchObject({ id: "media.localizations", status: "fail" });
    expect(item!.fix).toBe(
      `Add a localization: write DIR/<locale>.json (e.g. DIR/en-US.json; \`asckit metadata pull DIR --version ${bare.id}\` writes the layout) and run \`asckit metadata apply DIR --version ${bare.id}\`; then put screenshots in MEDIA/<locale>/<display type>/ and run \`asckit screenshots upload MEDIA --version-id ${bare.id}\`.`,
    );
    // The preflight passes the app, version and platform flags (versionFlags): those are used as given.
    const [named] = await mediaChecks(h.client, { versionId: bare.id, platform: "IOS", versionFlag: "--app com.example.widgettools --version 3.0.0" });
    expect(named!.fix).toContain("`asckit metadata apply DIR --app com.example.widgettools --version 3.0.0`");

    // Pasted as printed (DIR filled in): pull writes the layout, a locale file is added, apply creates the localization.
    const key = await h.emulator.createApiKey();
    const env = { ASC_BASE_URL: h.emulator.url, ASC_KEY_ID: key.keyId, ASC_ISSUER_ID: key.issuerId!, ASC_PRIVATE_KEY: key.privateKeyPem };
    const commands = [...item!.fix!.matchAll(/`asckit ([^`]+)`/g)].map((m) => m[1]!.split(" ").map((w) => (w === "DIR" ? path.join(h.dir, "meta") : w)));
    expect(commands.map((c) => c.slice(0, 2).join(" "))).toEqual(["metadata pull", "metadata apply", "screenshots upload"]);
    const pull = await runMain(commands[0]!, { env, now: h.clock.now, sleep: h.sleep });
    expect(pull.code, pull.stderr).toBe(0);
    writeFileSync(path.join(h.dir, "meta", "en-US.json"), JSON.stringify({ description: "A description.", keywords: "one,two" }));
    const apply = await runMain(commands[1]!, { env, now: h.clock.now, sleep: h.sleep });
    expect(apply.code, apply.stderr).toBe(0);
    expect((await mediaChecks(h.client, { versionId: bare.id, platform: "IOS" })).map((i) => i.id)).toContain("screenshots.en-US.iphone");
  });

  it("asks Mac apps for APP_DESKTOP screenshots", async () => {
    const items = await mediaChecks(h.client, { versionId: h.versionId, platform: "MAC_OS" });
    expect(summary(items)).toEqual(["fail screenshots.de-DE.APP_DESKTOP", "fail screenshots.en-US.APP_DESKTOP"]);
  });
});

describe("localMediaChecks (review check --media DIR)", () => {
  it("checks local preview durations and screenshot sizes with the upload's validators, one item per set", async () => {
    const root = path.join(h.dir, "local");
    writeIphoneShots(root, "en-US", 2);
    writePng(root, "de-DE/APP_IPHONE_67/small.png", 1170, 2532, 3);
    writeMp4(root, "en-US/IPHONE_67/p.mp4", { width: 886, height: 1920, durationSeconds: 20 });
    writeMp4(root, "de-DE/IPHONE_67/long.mp4", { width: 886, height: 1920, durationSeconds: 31 });
    const items = await localMediaChecks(root);
    expect(items).toEqual([
      {
        id: "local.screenshots.de-DE.APP_IPHONE_67",
        status: "fail",
        message: "de-DE/APP_IPHONE_67/small.png: 1170×2532 is not a size for APP_IPHONE_67 (accepted: 1320×2868, 1290×2796, 1260×2736 (or landscape)) (local file)",
        fix: "Export the screenshot again at an accepted size for its display type, then `asckit screenshots upload DIR … --replace`.",
      },
      {
        id: "local.previews.de-DE.IPHONE_67",
        status: "fail",
        message: "de-DE/IPHONE_67/long.mp4: the video is 31 s long; previews must be 15 to 30 seconds (local file)",
        fix: "Fix the video (15–30 s, under 29.5 s to be safe; the preview type's resolution), then `asckit previews upload DIR … --replace`.",
      },
    ]);
    // Nothing was asked of App Store Connect.
    expect(h.exchanges).toHaveLength(0);

    rmSync(path.join(root, "de-DE"), { recursive: true });
    expect(await localMediaChecks(root)).toEqual([
      { id: "local.screenshots.en-US.APP_IPHONE_67", status: "pass", message: "en-US/APP_IPHONE_67: 2 local screenshots, 1290×2796, an accepted APP_IPHONE_67 size." },
      { id: "local.previews.en-US.IPHONE_67", status: "pass", message: "en-US/IPHONE_67: 1 local preview, 20.0 s long (15–30 s), 886×1920." },
    ]);
  });

  it("fails a folder without media", async () => {
    expect(await localMediaChecks(h.dir)).toEqual([expect.objectContaining({ id: "local.media", status: "fail", message: `${h.dir} holds no screenshots or previews.` })]);
  });
});
