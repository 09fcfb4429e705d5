// A new version starts with the previous version's listing and media (as on App Store Connect), and
// the client's workflows treat that as content already there: metadata plan/apply change it in
// place, `screenshots upload` of the same files sends nothing, `review check` counts the screenshots.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configureReview } from "../../../src/emulator/release/index.js";
import { runMain } from "../../support/in-process-cli.js";
import { writeIphoneShots } from "../../support/media-files.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";

/** One emulator per test, on a clock the test moves: the CLI's sleeps and App Review's delays pass in no real time. */
async function setup() {
  let t = Date.now();
  const clock = { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
  const seen: Array<{ method: string; path: string }> = [];
  const emu = await startTestEmulator({ now: clock.now, processingDelayMs: 0, onRequest: (e) => void seen.push({ method: e.method, path: e.path }) });
  configureReview(emu.emulator.engine, { waitingForReviewMs: 0, inReviewMs: 0 });
  const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-carry-over-"));
  opened.push({ emu, dir });
  const run = async (...argv: string[]) => {
    const r = await runMain(argv, { cwd: dir, env: emu.env, now: clock.now, sleep: clock.sleep });
    return { ...r, json: () => JSON.parse(r.stdout) };
  };
  const writesSince = (mark: number) => seen.slice(mark).filter((s) => s.method !== "GET").map((s) => `${s.method} ${s.path.replace(/\/[0-9a-f-]{36}$/, "/{id}").replace(/\?.*$/, "")}`);
  return { emu, dir, clock, seen, run, writesSince };
}
type Setup = Awaited<ReturnType<typeof setup>>;

const opened: Array<{ emu: TestEmulator; dir: string }> = [];
afterEach(async () => {
  for (const { emu, dir } of opened.splice(0)) {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const APP = ["--app", "com.example.demo"];

/** 1.2.0 with a build, its listing and two screenshots uploaded by the CLI, through App Review and released. */
async function release120(h: Setup) {
  const media = path.join(h.dir, "media");
  writeIphoneShots(media, "en-US", 2);
  h.emu.emulator.engine.scenario.addBuild({ appId: h.emu.emulator.demo!.appId, version: "4", marketingVersion: "1.2.0", usesNonExemptEncryption: false, processingDelayMs: 0 });
  for (const args of [
    ["versions", "update", "1.2.0", ...APP, "--build", "4", "--release-type", "MANUAL"],
    ["metadata", "set", ...APP, "--version", "1.2.0", "--whats-new", "Widgets.", "--privacy-policy-url", "https://example.com/privacy"],
    ["review", "details", ...APP, "--version", "1.2.0", "--first-name", "Ada", "--last-name", "Lovelace", "--phone", "+1 408 555 0100", "--email", "ada@example.com"],
    ["screenshots", "upload", media, ...APP, "--version", "1.2.0", "--interval", "100ms"],
    ["review", "submit", ...APP, "--version", "1.2.0", "--offline"],
  ]) {
    const r = await h.run(...args);
    expect(r.code, `${args.join(" ")}\n${r.stderr}`).toBe(0);
  }
  // App Review decides once its (zero) delays have passed on the emulator's clock.
  h.clock.advance(1000);
  const released = await h.run("versions", "release", "1.2.0", ...APP, "--yes");
  expect(released.code, released.stderr).toBe(0);
  return media;
}

/** The next version, which App Store Connect starts from the released one's listing and media. */
async function create130(h: Setup) {
  const created = await h.run("versions", "create", "1.3.0", ...APP, "--copyright", "2026 Example Inc.");
  expect(created.code, created.stderr).toBe(0);
}

describe("after 1.2.0 is released, version 1.3.0", () => {
  it("1.2.0 is released with screenshots uploaded by the CLI", async () => {
    const h = await setup();
    await release120(h);
    expect((await h.run("versions", "get", "1.2.0", ...APP)).json().appVersionState).toBe("READY_FOR_DISTRIBUTION");
  });

  it("starts with that listing and its screenshots: review check finds only What's New and the build missing", async () => {
    const h = await setup();
    await release120(h);
    await create130(h);
    const check = await h.run("review", "check", ...APP, "--version", "1.3.0", "--offline", "--json");
    expect(check.code).toBe(8);
    const items = check.json().items as Array<{ id: string; status: string }>;
    expect(items.filter((i) => i.status === "fail").map((i) => i.id).sort()).toEqual(["build.attached", "build.export-compliance", "localization.en-US.whatsNew", "review.contact"]);
    expect(items.find((i) => i.id.startsWith("screenshots.en-US"))?.status).toBe("pass");
  });

  it("metadata pull → apply changes the carried-over localization in place (one PATCH, no new locale)", async () => {
    const h = await setup();
    await release120(h);
    await create130(h);
    const folder = path.join(h.dir, "meta-1.3.0");
    expect((await h.run("metadata", "pull", folder, ...APP, "--version", "1.3.0")).code).toBe(0);
    const file = path.join(folder, "en-US.json");
    const en = JSON.parse(readFileSync(file, "utf8"));
    expect(en).toMatchObject({ description: "Demo App keeps your lists, notes and reminders together.", whatsNew: null });
    expect((await h.run("metadata", "plan", folder, ...APP, "--version", "1.3.0")).stderr).toContain("App Store Connect already matches the files");
    writeFileSync(file, JSON.stringify({ ...en, whatsNew: "Faster sync." }));
    const mark = h.seen.length;
    const applied = await h.run("metadata", "apply", folder, ...APP, "--version", "1.3.0");
    expect(applied.code, applied.stderr).toBe(0);
    expect(h.writesSince(mark)).toEqual(["PATCH /v1/appStoreVersionLocalizations/{id}"]);
  });

  it("screenshots upload of the same files finds them there and sends nothing", async () => {
    const h = await setup();
    const media = await release120(h);
    await create130(h);
    const mark = h.seen.length;
    const again = await h.run("screenshots", "upload", media, ...APP, "--version", "1.3.0", "--interval", "100ms");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("2 already there");
    expect(h.writesSince(mark)).toEqual([]);
  });
});
