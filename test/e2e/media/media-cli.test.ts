// `asckit screenshots|previews upload|list`, spawned as a user runs them, against an emulator on port 0.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptMediaOutcome } from "../../../src/emulator/media/index.js";
import type { RequestLogEntry } from "../../../src/emulator/index.js";
import { writeIphoneShots, writeJpeg, writeMp4, writePng } from "../../support/media-files.js";
import { BIN, json, runCli } from "../../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";

let emu: TestEmulator;
let versionId = "";
const localizations: Record<string, string> = {};
const served: RequestLogEntry[] = [];
let onServed: ((e: RequestLogEntry) => void) | undefined;

beforeAll(async () => {
  emu = await startTestEmulator({
    processingDelayMs: 600,
    onRequest: (e) => {
      served.push(e);
      onServed?.(e);
    },
  });
  const data = emu.emulator.engine.data();
  const version = data.create({ type: "appStoreVersions", attributes: { platform: "IOS", versionString: "4.0.0" }, relationships: { app: { type: "apps", id: emu.emulator.demo!.secondAppId } } });
  versionId = version.id;
  for (const locale of ["en-US", "de-DE", "ja"]) {
    localizations[locale] = data.create({ type: "appStoreVersionLocalizations", attributes: { locale }, relationships: { appStoreVersion: version } }).id;
  }
});
afterAll(async () => {
  await emu?.close();
});

const run = (args: string[]) => runCli(args, { env: emu.env });
const fresh = (name: string) => mkdtempSync(path.join(emu.dir, `${name}-`));
const md5 = (file: string) => createHash("md5").update(readFileSync(file)).digest("hex");
const FAST = ["--interval", "100ms", "--timeout", "20s"];

function stored(locale: string, type: string, kind: "screenshots" | "previews" = "screenshots") {
  const [setRel, attr, assetsRel, stateAttr] =
    kind === "screenshots" ? ["appScreenshotSets", "screenshotDisplayType", "appScreenshots", "assetDeliveryState"] : ["appPreviewSets", "previewType", "appPreviews", "videoDeliveryState"];
  const d = emu.emulator.engine.data();
  const set = d.relatedResources({ type: "appStoreVersionLocalizations", id: localizations[locale]! }, setRel).find((s) => s.attributes[attr] === type);
  return set ? d.relatedResources(set, assetsRel).map((a) => ({ id: a.id, state: (a.attributes[stateAttr] as { state: string }).state, checksum: a.attributes.sourceFileChecksum })) : [];
}
const since = (start: number, pred: (e: RequestLogEntry) => boolean) => served.slice(start).filter(pred);

describe("screenshots upload", () => {
  it("uploads a folder per locale, waits for COMPLETE, and a second run changes nothing", async () => {
    const dir = fresh("shots");
    const en = writeIphoneShots(dir, "en-US", 3);
    const de = writeIphoneShots(dir, "de-DE", 2, 20);
    const r = await run(["screenshots", "upload", dir, "--version-id", versionId, ...FAST]);
    expect(r.stderr).toContain("5 screenshots in 2 sets checked");
    expect(r.code).toBe(0);
    const result = json<{ uploaded: number; sets: Array<{ locale: string; files: Array<{ fileName: string; state: string; action: string }> }> }>(r);
    expect(result.uploaded).toBe(5);
    expect(result.sets.flatMap((s) => s.files.map((f) => `${s.locale} ${f.fileName} ${f.action} ${f.state}`))).toEqual([
      "de-DE 01.png uploaded COMPLETE",
      "de-DE 02.png uploaded COMPLETE",
      "en-US 01.png uploaded COMPLETE",
      "en-US 02.png uploaded COMPLETE",
      "en-US 03.png uploaded COMPLETE",
    ]);
    expect(stored("en-US", "APP_IPHONE_67").map((a) => a.checksum)).toEqual(en.map(md5));
    expect(stored("de-DE", "APP_IPHONE_67").map((a) => a.checksum)).toEqual(de.map(md5));

    const start = served.length;
    const again = await run(["screenshots", "upload", dir, "--version-id", versionId, ...FAST]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("0 uploaded, 5 already there, 0 deleted");
    expect(since(start, (e) => e.method !== "GET")).toEqual([]);

    const list = await run(["screenshots", "list", "--version-id", versionId, "--locale", "en-US"]);
    expect(list.code).toBe(0);
    expect(json<Array<{ position: number; fileName: string; state: string; width: number }>>(list).map((x) => `${x.position} ${x.fileName} ${x.state} ${x.width}`)).toEqual([
      "1 01.png COMPLETE 1290",
      "2 02.png COMPLETE 1290",
      "3 03.png COMPLETE 1290",
    ]);
  });

  it("the progress line counts the files already there, and says 100% only with every file in", async () => {
    const dir = fresh("progress");
    const shot = (n: number) => writePng(dir, `de-DE/APP_IPHONE_65/0${n}.png`, 1242, 2688, 40 + n);
    shot(1);
    shot(2);
    expect((await run(["screenshots", "upload", dir, "--version-id", versionId, ...FAST])).code).toBe(0);
    shot(3);
    shot(4);
    const r = await run(["screenshots", "upload", dir, "--version-id", versionId, ...FAST]);
    expect(r.code).toBe(0);
    // Off a terminal, a line per change of phase: the last upload line is the finished one.
    const lines = r.stderr.split("\n").filter((l) => /^screenshots \[.*already there$/.test(l));
    expect(lines[0]).toMatch(/^screenshots \[[#-]{24}\] \d+% 2\/4 screenshots: 0 uploaded, 2 already there$/);
    expect(lines.at(-1)).toBe(`screenshots [${"#".repeat(24)}] 100% 4/4 screenshots: 2 uploaded, 2 already there`);
    for (const line of lines) expect(line.includes(" 100% ")).toBe(line.includes(" 4/4 "));
    expect(r.stderr).toContain("screenshots: 2 uploaded, 2 already there, 0 deleted");
  });

  it("finds the version by app bundle id and version string, and --replace --dry-run shows the plan without writing", async () => {
    const dir = fresh("replace");
    writeIphoneShots(dir, "en-US", 1, 90);
    const start = served.length;
    const r = await run(["screenshots", "upload", dir, "--app", "com.example.widgettools", "--version", "4.0.0", "--replace", "--dry-run", "--output", "table"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/en-US\s+APP_IPHONE_67\s+1\s+01\.png\s+would upload/);
    expect(r.stdout.match(/would delete/g)).toHaveLength(3);
    expect(r.stderr).toContain(`dry run (nothing changed): would upload 1 screenshot, keep 0 already there, delete 3 (version ${versionId})`);
    expect(since(start, (e) => e.method !== "GET")).toEqual([]);
  });

  it("rejects wrong dimensions, an 11th screenshot and a PNG that is really a JPEG with exit 8, before any request", async () => {
    const dir = fresh("bad");
    writeIphoneShots(dir, "en-US", 11);
    writePng(dir, "de-DE/APP_IPHONE_65/01.png", 1290, 2796, 3);
    writeJpeg(dir, "de-DE/APP_IPHONE_65/02.png", 1242, 2688);
    const start = served.length;
    const r = await run(["screenshots", "upload", dir, "--version-id", versionId]);
    expect(r.code).toBe(8);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toEqual([
      "error: 3 problems with the screenshots; nothing was uploaded",
      "  - de-DE/APP_IPHONE_65/01.png: 1290×2796 is not a size for APP_IPHONE_65 (accepted: 1284×2778, 1242×2688 (or landscape))",
      "  - de-DE/APP_IPHONE_65/02.png: the file is really a JPEG, not a PNG; rename it to .jpg or export it again",
      "  - en-US/APP_IPHONE_67: 11 screenshots; Apple allows at most 10 per set",
      "hint: Fix the files listed above and run the same command again.",
      "",
    ]);
    expect(served.length).toBe(start);
  });

  it("exits 2 without a version, 4 for a locale the version lacks", async () => {
    const dir = fresh("usage");
    writeIphoneShots(dir, "fr-FR", 1);
    const noTarget = await run(["screenshots", "upload", dir]);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain("--version-id");
    const missing = await run(["screenshots", "upload", dir, "--version-id", versionId]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain("error: The version has no localization for fr-FR.");
  });

  it("reports a FAILED screenshot with Apple's code (exit 9) and a stuck one (exit 7)", async () => {
    const dir = fresh("fail");
    writeIphoneShots(dir, "ja", 2, 30);
    scriptMediaOutcome(emu.emulator.engine, { fileName: "02.png", state: "FAILED", code: "IMAGE_INCORRECT_DIMENSIONS", description: "The dimensions of one or more screenshots are wrong." });
    const failed = await run(["screenshots", "upload", dir, "--version-id", versionId, ...FAST]);
    expect(failed.code).toBe(9);
    expect(failed.stderr).toContain("error: 1 screenshot FAILED processing at App Store Connect");
    expect(failed.stderr).toMatch(/ - ja\/APP_IPHONE_67\/02\.png \([\w-]+\): IMAGE_INCORRECT_DIMENSIONS — The dimensions of one or more screenshots are wrong\./);
    expect(failed.stderr).toContain("--retry-failed");

    const stuckDir = fresh("stuck");
    writePng(stuckDir, "ja/APP_IPHONE_65/slow.png", 1242, 2688, 31);
    scriptMediaOutcome(emu.emulator.engine, { fileName: "slow.png", state: "STUCK" });
    const stuck = await run(["screenshots", "upload", stuckDir, "--version-id", versionId, "--interval", "100ms", "--timeout", "1s"]);
    expect(stuck.code).toBe(7);
    expect(stuck.stderr).toMatch(/ - ja\/APP_IPHONE_65\/slow\.png \([\w-]+\): stuck in UPLOAD_COMPLETE/);
    const start = served.length;
    const rerun = await run(["screenshots", "upload", stuckDir, "--version-id", versionId, "--interval", "100ms", "--timeout", "300ms"]);
    expect(rerun.code).toBe(7);
    expect(since(start, (e) => e.method === "POST" || e.method === "PUT")).toEqual([]);
  });

  it("a run killed mid-way and run again continues its reservation: no duplicates, no delete", async () => {
    const dir = fresh("killed");
    // A set of its own (6.1"), so earlier tests' screenshots do not count.
    const shots = Array.from({ length: 6 }, (_, i) => writePng(dir, `en-US/APP_IPHONE_61/${String(i + 1).padStart(2, "0")}.png`, 1179, 2556, 60 + i));
    emu.emulator.setFaults({ latencyMs: 80 });
    const child = spawn(process.execPath, [BIN, "screenshots", "upload", dir, "--version-id", versionId, "--concurrency", "1", ...FAST], {
      env: { PATH: process.env.PATH ?? "", ...emu.env },
      stdio: "ignore",
    });
    let reserved = 0;
    const killed = new Promise<void>((resolve) => {
      onServed = (e) => {
        if (e.method === "POST" && e.path === "/v1/appScreenshots" && e.status === 201 && ++reserved === 5) {
          child.kill("SIGKILL"); // after its 5th reservation, before that file's bytes and commit
          onServed = undefined;
        }
      };
      child.on("exit", () => resolve());
    });
    await killed;
    emu.emulator.setFaults({});
    const left = stored("en-US", "APP_IPHONE_61");
    expect(left.map((a) => a.state === "AWAITING_UPLOAD")).toEqual([false, false, false, false, true]);

    const start = served.length;
    const r = await run(["screenshots", "upload", dir, "--version-id", versionId, "--output", "table", ...FAST]);
    expect(r.code).toBe(0);
    // 05's reservation is continued and committed; only 06 is reserved. Nothing deleted, no reorder.
    const writes = since(start, (e) => e.method !== "GET" && !e.path.startsWith("/storage/")).map((e) => `${e.method} ${e.path.replace(/\/[\w-]{36}/, "/ID")}`);
    expect(writes.sort()).toEqual(["PATCH /v1/appScreenshots/ID", "PATCH /v1/appScreenshots/ID", "POST /v1/appScreenshots"]);
    expect(since(start, (e) => e.method === "PUT" && e.path.startsWith("/storage/"))).toHaveLength(2);
    const after = stored("en-US", "APP_IPHONE_61");
    expect(after.map((a) => a.checksum)).toEqual(shots.map(md5));
    expect(after.every((a) => a.state === "COMPLETE")).toBe(true);
    expect(after[4]!.id).toBe(left[4]!.id);
    expect(r.stdout).toMatch(/en-US\s+APP_IPHONE_61\s+5\s+05\.png\s+resumed an unfinished upload\s+COMPLETE/);
    expect(r.stdout).not.toContain("deleted");
    expect(r.stderr).toContain("screenshots: 2 uploaded (1 continuing an interrupted upload), 4 already there, 0 deleted");
  });
});

describe("previews upload", () => {
  it("uploads a preview and lists it; a 31-second one is refused with exit 8", async () => {
    const dir = fresh("previews");
    const file = writeMp4(dir, "en-US/IPHONE_67/intro.mp4", { width: 886, height: 1920, durationSeconds: 20 });
    const r = await run(["previews", "upload", dir, "--version-id", versionId, ...FAST]);
    expect(r.code).toBe(0);
    expect(json<{ uploaded: number }>(r).uploaded).toBe(1);
    expect(stored("en-US", "IPHONE_67", "previews")).toEqual([{ id: expect.any(String), state: "COMPLETE", checksum: md5(file) }]);
    const list = await run(["previews", "list", "--version-id", versionId]);
    expect(json<Array<{ fileName: string; state: string; width: number; height: number }>>(list)).toEqual([
      expect.objectContaining({ locale: "en-US", type: "IPHONE_67", fileName: "intro.mp4", state: "COMPLETE", width: 886, height: 1920 }),
    ]);

    const long = fresh("long");
    writeMp4(long, "en-US/IPHONE_67/long.mp4", { width: 886, height: 1920, durationSeconds: 31 });
    const start = served.length;
    const refused = await run(["previews", "upload", long, "--version-id", versionId]);
    expect(refused.code).toBe(8);
    expect(refused.stderr).toContain("  - en-US/IPHONE_67/long.mp4: the video is 31 s long; previews must be 15 to 30 seconds");
    expect(served.length).toBe(start);
  });
});
