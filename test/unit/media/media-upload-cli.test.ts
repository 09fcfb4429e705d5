// What `screenshots upload` and `previews upload` print, in-process against the media emulator: a dry
// run's JSON and summary say what would happen (nothing claims it happened), and a re-run after an
// interruption tells a continued reservation apart from a deleted screenshot.
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { uploadScreenshots } from "../../../src/workflows/media/upload-media.js";
import { writeIphoneShots, writeMp4 } from "../../support/media-files.js";
import { runMain } from "../../support/in-process-cli.js";
import { startMediaHarness, type MediaHarness } from "./media-harness.js";

let h: MediaHarness;
let env: Record<string, string>;
beforeEach(async () => {
  h = await startMediaHarness({ locales: ["de-DE"] });
  const key = await h.emulator.createApiKey();
  env = { ASC_BASE_URL: h.emulator.url, ASC_KEY_ID: key.keyId, ASC_ISSUER_ID: key.issuerId!, ASC_PRIVATE_KEY: key.privateKeyPem };
});
afterEach(async () => {
  await h.close();
});

const run = (argv: string[]) => runMain(argv, { env, now: h.clock.now, sleep: h.sleep });
const FAST = ["--interval", "1s", "--timeout", "1m"];
const writes = () => h.exchanges.filter((e) => e.method !== "GET").length;

describe("a dry run says what would happen", () => {
  it("screenshots: `wouldUpload`, never `uploaded`, in the JSON; `would upload 6 screenshots` on stderr", async () => {
    const dir = path.join(h.dir, "shots");
    writeIphoneShots(dir, "de-DE", 6);
    const r = await run(["screenshots", "upload", dir, "--version-id", h.versionId, "--dry-run", ...FAST]);
    expect(r.code).toBe(0);
    expect(writes()).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { sets: Array<Record<string, unknown> & { files: Array<{ action: string }> }> };
    expect(out).toMatchObject({ kind: "screenshots", dryRun: true, wouldUpload: 6, wouldResume: 0, wouldKeep: 0, wouldDelete: 0, wouldDiscardReservations: 0 });
    for (const claim of ["uploaded", "kept", "deleted", "resumed", "reservationsDiscarded"]) expect(out).not.toHaveProperty(claim);
    expect(out.sets[0]).toMatchObject({ wouldCreateSet: true, wouldReorder: false });
    expect(out.sets[0]).not.toHaveProperty("createdSet");
    expect(out.sets[0]!.files.map((f) => f.action)).toEqual(Array(6).fill("would upload"));
    expect(r.stderr).toContain(`\ndry run (nothing changed): would upload 6 screenshots, keep 0 already there, delete 0, create 1 set (version ${h.versionId})\n`);
    expect(r.stderr).not.toMatch(/\d+ uploaded/);
  });

  it("previews: the same words", async () => {
    const dir = path.join(h.dir, "previews");
    writeMp4(dir, "de-DE/IPHONE_67/intro.mp4", { width: 886, height: 1920, durationSeconds: 20 });
    const r = await run(["previews", "upload", dir, "--version-id", h.versionId, "--dry-run", ...FAST]);
    expect(r.code).toBe(0);
    expect(writes()).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ kind: "previews", dryRun: true, wouldUpload: 1, wouldKeep: 0, wouldDelete: 0 });
    expect(out).not.toHaveProperty("uploaded");
    expect(r.stderr).toContain(`\ndry run (nothing changed): would upload 1 preview, keep 0 already there, delete 0, create 1 set (version ${h.versionId})\n`);
  });

  it("a real run still counts what it did", async () => {
    const dir = path.join(h.dir, "shots");
    writeIphoneShots(dir, "de-DE", 2);
    const r = await run(["screenshots", "upload", dir, "--version-id", h.versionId, ...FAST]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: false, uploaded: 2, resumed: 0, kept: 0, deleted: 0, reservationsDiscarded: 0 });
    expect(r.stderr).toContain(`\nscreenshots: 2 uploaded, 0 already there, 0 deleted, 1 set created (version ${h.versionId})\n`);
  });
});

describe("a re-run after an interruption", () => {
  it("shows the unfinished reservation as resumed, not as a deleted screenshot", async () => {
    const dir = path.join(h.dir, "shots");
    writeIphoneShots(dir, "de-DE", 2);
    // The interrupted run: 01 is in, 02 is reserved and its part never arrived.
    let puts = 0;
    const stopping = (async (input: string | URL | Request, init?: RequestInit) =>
      ++puts === 2 ? new Response("<Error><Code>InvalidRequest</Code><Message>Simulated interruption</Message></Error>", { status: 400, headers: { "content-type": "application/xml" } }) : fetch(input, init)) as typeof fetch;
    await expect(uploadScreenshots(h.client, { input: dir, target: { versionId: h.versionId }, concurrency: 1, timeoutMs: 60_000, intervalMs: 1000, now: h.clock.now, sleep: h.sleep, fetch: stopping })).rejects.toThrow(/Simulated interruption/);

    const plan = await run(["screenshots", "upload", dir, "--version-id", h.versionId, "--dry-run", "--output", "table", ...FAST]);
    expect(plan.stdout).toMatch(/de-DE\s+APP_IPHONE_67\s+2\s+02\.png\s+would resume an unfinished upload\s+AWAITING_UPLOAD\s/);
    expect(plan.stderr).toContain("would upload 1 screenshot (1 continuing an interrupted upload), keep 1 already there, delete 0 (version");

    const r = await run(["screenshots", "upload", dir, "--version-id", h.versionId, "--output", "table", ...FAST]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/de-DE\s+APP_IPHONE_67\s+2\s+02\.png\s+resumed an unfinished upload\s+COMPLETE/);
    expect(r.stdout).not.toContain("deleted");
    expect(r.stderr).toContain(`\nscreenshots: 1 uploaded (1 continuing an interrupted upload), 1 already there, 0 deleted (version ${h.versionId})\n`);
    expect(h.stored("de-DE", "APP_IPHONE_67").map((a) => `${a.fileName} ${a.state}`)).toEqual(["01.png COMPLETE", "02.png COMPLETE"]);
  });
});
