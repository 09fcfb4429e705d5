// The release commands, spawned as a user runs them, against an emulator on port 0.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { configureReview } from "../../../src/emulator/release/index.js";
import { BIN, json, runCli } from "../../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";
import { startUrlServer, type UrlServer } from "../../unit/release/url-server.js";

interface Seen {
  method: string;
  path: string;
  status: number;
}

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "asckit-e2e-release-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function emulator() {
  const seen: Seen[] = [];
  const emu = await startTestEmulator({ onRequest: (e) => seen.push({ method: e.method, path: e.path, status: e.status }) });
  configureReview(emu.emulator.engine, { waitingForReviewMs: 400, inReviewMs: 400, cancelingMs: 200 });
  const run = (args: string[]) => runCli(args, { env: emu.env });
  const writes = (from: number) => seen.slice(from).filter((s) => s.method !== "GET");
  return { emu, seen, run, writes };
}

const APP = ["--app", "com.example.demo"];
const V = [...APP, "--version", "1.2.0"];

/** A VALID 1.2.0 build and processed screenshots, as Xcode and `asckit screenshots upload` would leave them. */
function deliverBuildAndScreenshots(emu: TestEmulator, buildNumber = "4") {
  const engine = emu.emulator.engine;
  const { buildId } = engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: buildNumber, marketingVersion: "1.2.0", usesNonExemptEncryption: false, processingDelayMs: 0 });
  const data = engine.data();
  const version = data.relatedResources({ type: "apps", id: emu.emulator.demo!.appId }, "appStoreVersions").find((v) => v.attributes.versionString === "1.2.0")!;
  for (const loc of data.relatedResources(version, "appStoreVersionLocalizations")) {
    const set = data.create({ type: "appScreenshotSets", attributes: { screenshotDisplayType: "APP_IPHONE_67" }, relationships: { appStoreVersionLocalization: loc } });
    const shot = data.create({ type: "appScreenshots", attributes: { fileName: "1.png", fileSize: 100 }, relationships: { appScreenshotSet: set } });
    engine.store.update("appScreenshots", shot.id, { attributes: { uploadOperations: null, imageAsset: { templateUrl: "https://example.com/{w}x{h}bb.{f}", width: 1320, height: 2868 }, assetDeliveryState: { state: "COMPLETE", errors: [], warnings: [] } } });
  }
  return { buildId, versionId: version.id };
}

function versionLocales(emu: TestEmulator, versionString: string, appId = emu.emulator.demo!.appId): string[] {
  const data = emu.emulator.engine.data();
  const version = data.relatedResources({ type: "apps", id: appId }, "appStoreVersions").find((v) => v.attributes.versionString === versionString)!;
  return data.relatedResources(version, "appStoreVersionLocalizations").map((l) => String(l.attributes.locale)).sort();
}

/** The locales of the app info being prepared (the one `metadata apply` writes), duplicates included. */
function infoLocales(emu: TestEmulator, appId: string): string[] {
  const data = emu.emulator.engine.data();
  const infos = data.relatedResources({ type: "apps", id: appId }, "appInfos").filter((i) => i.attributes.state !== "READY_FOR_DISTRIBUTION");
  return infos.flatMap((i) => data.relatedResources(i, "appInfoLocalizations").map((l) => String(l.attributes.locale))).sort();
}

describe("versions", () => {
  let ctx: Awaited<ReturnType<typeof emulator>>;
  beforeAll(async () => (ctx = await emulator()));
  afterAll(async () => ctx?.emu.close());

  it("lists, gets, creates and updates versions; bad input is refused before any request", async () => {
    const { run, seen, writes } = ctx;
    const list = await run(["versions", "list", ...APP]);
    expect(list.code).toBe(0);
    expect(json<Array<{ versionString: string; appVersionState: string; buildNumber: string | null }>>(list).map((v) => [v.versionString, v.appVersionState, v.buildNumber])).toEqual([
      ["1.0.0", "READY_FOR_DISTRIBUTION", "2"],
      ["1.2.0", "PREPARE_FOR_SUBMISSION", null],
    ]);
    expect(json<{ releaseType: string }>(await run(["versions", "get", "1.2.0", ...APP])).releaseType).toBe("MANUAL");

    const before = seen.length;
    const bad = await run(["versions", "create", "1.2.3.4", "--app", "com.example.widgettools"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: Invalid version string "1.2.3.4": Apple allows at most three parts (major.minor.patch).\nhint: Use e.g. 1.2.3 (CFBundleShortVersionString takes the same form).\n');
    const noDate = await run(["versions", "create", "2.0", "--app", "com.example.widgettools", "--release-type", "SCHEDULED"]);
    expect(noDate.code).toBe(2);
    expect(noDate.stderr).toContain("A SCHEDULED release needs a date.");
    expect(seen.length).toBe(before);

    const dry = await run(["versions", "create", "2.0", "--app", "com.example.widgettools", "--dry-run"]);
    expect(dry.stderr).toContain("dry run: would create version 2.0 (IOS)");
    expect(writes(before)).toEqual([]);
    const created = await run(["versions", "create", "2.0", "--app", "com.example.widgettools", "--release-type", "MANUAL", "--copyright", "2026 Widgets"]);
    expect(created.code).toBe(0);
    expect(json(created)).toMatchObject({ versionString: "2.0", appVersionState: "PREPARE_FOR_SUBMISSION", releaseType: "MANUAL", copyright: "2026 Widgets", created: true });
    const again = await run(["versions", "create", "2.0", "--app", "com.example.widgettools"]);
    expect(json(again)).toMatchObject({ created: false });
    const date = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const updated = await run(["versions", "update", "2.0", "--app", "com.example.widgettools", "--release-type", "SCHEDULED", "--release-date", date]);
    expect(updated.code).toBe(0);
    expect(json(updated)).toMatchObject({ releaseType: "SCHEDULED", earliestReleaseDate: date });
    expect(writes(before).map((w) => w.method)).toEqual(["POST", "PATCH"]);
  });

  it("judges a release date against the version as it is, and a dry run shows the result and applies the state checks", async () => {
    const { run, seen, writes } = ctx;
    // 2.0 is SCHEDULED (the test above): a new date alone is fine, and so is SCHEDULED alone (it has a date).
    const later = new Date(Date.now() + 9 * 86_400_000).toISOString();
    const moved = await run(["versions", "update", "2.0", "--app", "com.example.widgettools", "--release-date", later]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(json(moved)).toMatchObject({ releaseType: "SCHEDULED", earliestReleaseDate: later });
    const same = await run(["versions", "update", "2.0", "--app", "com.example.widgettools", "--release-type", "SCHEDULED"]);
    expect(same.code).toBe(0);
    expect(same.stderr).toBe("nothing to change\n");
    // On a MANUAL version a date alone is still refused, after reading the version and before any write.
    const mark = seen.length;
    const manual = await run(["versions", "update", "1.2.0", ...APP, "--release-date", later]);
    expect(manual.code).toBe(2);
    expect(manual.stderr).toBe("error: A release date needs --release-type SCHEDULED (version 1.2.0 is MANUAL).\nhint: Add --release-type SCHEDULED to release on that date, or drop --release-date.\n");
    expect(writes(mark)).toEqual([]);

    // A dry run prints the version as the update would leave it, and applies the real run's state checks.
    const dryUpdate = await run(["versions", "update", "2.0", "--app", "com.example.widgettools", "--copyright", "2027 Widgets", "--dry-run"]);
    expect(dryUpdate.code).toBe(0);
    expect(dryUpdate.stderr).toBe('dry run: would set copyright to "2027 Widgets"\n');
    expect(json(dryUpdate)).toMatchObject({ versionString: "2.0", copyright: "2027 Widgets", releaseType: "SCHEDULED", dryRun: true });
    const live = await run(["versions", "update", "1.0.0", ...APP, "--copyright", "2027 Example Inc.", "--dry-run"]);
    expect(live.code).toBe(5);
    expect(live.stderr).toContain("error: Version 1.0.0 is READY_FOR_DISTRIBUTION and can no longer be edited.");
    expect(writes(mark)).toEqual([]);
    expect(json<{ copyright: string }>(await run(["versions", "get", "2.0", "--app", "com.example.widgettools"])).copyright).toBe("2026 Widgets");
  });

  it("attaches only a VALID build, checked before the write; releases only PENDING_DEVELOPER_RELEASE", async () => {
    const { run, seen, writes, emu } = ctx;
    const { buildId } = emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "9", marketingVersion: "1.2.0", processingDelayMs: 600_000 });
    const before = seen.length;
    const processing = await run(["versions", "update", "1.2.0", ...APP, "--build", "9"]);
    expect(processing.code).toBe(8);
    expect(processing.stderr).toBe(`error: Build 9 (${buildId}) is PROCESSING; only a VALID build can be attached to an App Store version.\nhint: Wait for it with \`asckit builds wait ${buildId}\`.\n`);
    expect(writes(before)).toEqual([]);
    const release = await run(["versions", "release", "1.2.0", ...APP]);
    expect(release.code).toBe(5);
    expect(release.stderr).toContain("Version 1.2.0 is PREPARE_FOR_SUBMISSION; only a version that is PENDING_DEVELOPER_RELEASE can be released.");
  });
});

describe("metadata as files", () => {
  let ctx: Awaited<ReturnType<typeof emulator>>;
  beforeAll(async () => (ctx = await emulator()));
  afterAll(async () => ctx?.emu.close());

  it("pull, plan, apply, apply again; set one field; keywords of 101 characters are refused before any write", async () => {
    const { run, seen, writes } = ctx;
    const dir = path.join(tmp(), "md");
    const pulled = await run(["metadata", "pull", dir, ...V]);
    expect(pulled.code).toBe(0);
    expect(pulled.stderr).toContain("wrote 3 files for version 1.2.0 (1 locales)");
    const file = path.join(dir, "en-US.json");
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), whatsNew: "Widgets.", promotionalText: "Now with widgets." }, null, 2));
    writeFileSync(path.join(dir, "fr-FR.json"), JSON.stringify({ name: "Appli Démo", description: "Vos listes.", keywords: "listes", supportUrl: "https://example.com/fr" }));

    const plan = await run(["metadata", "plan", dir, ...V, "--output", "table"]);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain("6 fields differ; apply would send 3 requests");
    expect(plan.stdout).toMatch(/en-US\s+whatsNew\s+add\s+∅ → "Widgets\."/);
    expect(plan.stdout).toMatch(/fr-FR app info\s+name\s+add\s+∅ → "Appli Démo"/);

    const before = seen.length;
    const applied = await run(["metadata", "apply", dir, ...V]);
    expect(applied.code).toBe(0);
    expect(json<{ applied: number }>(applied).applied).toBe(3);
    expect(writes(before).map((w) => `${w.method} ${w.path.split("/")[2]}`)).toEqual(["PATCH appStoreVersionLocalizations", "POST appInfoLocalizations", "POST appStoreVersionLocalizations"]);
    const again = await run(["metadata", "apply", dir, ...V]);
    expect(again.stderr).toContain("already matches the files; nothing sent");
    expect(writes(before)).toHaveLength(3);

    const set = await run(["metadata", "set", ...V, "--locale", "fr-FR", "--whats-new", "Des widgets."]);
    expect(set.code).toBe(0);
    expect(json<{ changes: unknown[] }>(set).changes).toEqual([{ scope: "versionLocalization", locale: "fr-FR", field: "whatsNew", from: null, to: "Des widgets." }]);

    const mark = seen.length;
    const tooLong = await run(["metadata", "set", ...V, "--keywords", "k".repeat(101)]);
    expect(tooLong.code).toBe(8);
    expect(tooLong.stderr).toBe("error: en-US: keywords is 101 characters, 1 over the limit of 100.\nhint: Fix the values and run again; nothing was sent to App Store Connect.\n");
    writeFileSync(file, JSON.stringify({ keywords: "k".repeat(101) }));
    const badDir = await run(["metadata", "apply", dir, ...V]);
    expect(badDir.code).toBe(8);
    expect(badDir.stderr).toContain("en-US.json: keywords is 101 characters, 1 over the limit of 100");
    expect(seen.length).toBe(mark);
  });

  it("version.json that App Store Connect would refuse is refused before any write; DIR must be a folder", async () => {
    const { run, seen, writes } = ctx;
    const mark = seen.length;
    // version.json that App Store Connect would refuse with a 409 is refused here, before any write.
    const versionDir = path.join(tmp(), "release-date");
    mkdirSync(versionDir);
    writeFileSync(path.join(versionDir, "version.json"), JSON.stringify({ earliestReleaseDate: new Date(Date.now() + 5 * 86_400_000).toISOString() }));
    const manual = await run(["metadata", "apply", versionDir, ...V]);
    expect(manual.code).toBe(8);
    expect(manual.stderr).toContain('error: version.json: version 1.2.0 is MANUAL: earliestReleaseDate needs "releaseType": "SCHEDULED"');
    writeFileSync(path.join(versionDir, "version.json"), JSON.stringify({ releaseType: "SCHEDULED", earliestReleaseDate: "2020-01-01T00:00:00Z" }));
    const past = await run(["metadata", "apply", versionDir, ...V]);
    expect(past.code).toBe(8);
    expect(past.stderr).toContain("earliestReleaseDate 2020-01-01T00:00:00Z is in the past");
    expect(writes(mark)).toEqual([]);

    // DIR must be a folder: a file in the way fails before any request.
    const inTheWay = path.join(tmp(), "a-file");
    writeFileSync(inTheWay, "x");
    const beforePull = seen.length;
    const pullOnFile = await run(["metadata", "pull", inTheWay, ...V]);
    expect(pullOnFile.code).toBe(2);
    expect(pullOnFile.stderr).toContain(inTheWay);
    expect(seen.length).toBe(beforePull);
  });

  it("an apply killed mid-way and re-run finishes with no duplicate localizations", async () => {
    const { emu, seen } = ctx;
    const dir = path.join(tmp(), "many");
    mkdirSync(dir);
    const locales = ["da", "de-DE", "es-ES", "it", "ja", "ko", "nl-NL", "pt-BR"];
    for (const l of locales) writeFileSync(path.join(dir, `${l}.json`), JSON.stringify({ name: `Demo ${l}`, description: `About ${l}`, keywords: l, supportUrl: `https://example.com/${l}` }));
    const args = ["metadata", "apply", dir, "--app", "com.example.widgettools", "--version", "3.0"];
    // The second app gets a version of its own; nothing else of this file touches it.
    expect((await runCli(["versions", "create", "3.0", "--app", "com.example.widgettools"], { env: emu.env })).code).toBe(0);

    emu.emulator.setFaults({ latencyMs: 150 });
    const start = seen.length;
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", ...emu.env }, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    // Kill it once five writes have reached the emulator: some locales done, others not.
    for (let i = 0; i < 200 && seen.slice(start).filter((s) => s.method === "POST").length < 5; i++) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    expect(await exited).toBe(null);
    emu.emulator.setFaults({});
    const second = emu.emulator.demo!.secondAppId;
    const partial = versionLocales(emu, "3.0", second);
    // Killed part-way: after at least one localization was written, before all were.
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(locales.length);

    const rerun = await runCli(args, { env: emu.env });
    expect(rerun.code).toBe(0);
    // No duplicates in either kind of localization: versionLocales and infoLocales list every one, sorted.
    expect(versionLocales(emu, "3.0", second)).toEqual(locales);
    expect(infoLocales(emu, second)).toEqual([...new Set(["en-US", ...locales])].sort());
    const again = await runCli(args, { env: emu.env });
    expect(again.stderr).toContain("nothing sent");
  });
});

describe("review check, submit, status, cancel", () => {
  let ctx: Awaited<ReturnType<typeof emulator>>;
  let web: UrlServer;
  beforeAll(async () => {
    ctx = await emulator();
    web = await startUrlServer();
  });
  afterAll(async () => {
    await ctx?.emu.close();
    await web?.close();
  });
  afterEach(() => ctx.emu.emulator.setFaults({}));

  it("check lists what is missing with fixes and exits 8; submit without the preflight shows Apple's associated errors", async () => {
    const { run, seen, writes } = ctx;
    const check = await run(["review", "check", ...V, "--offline"]);
    expect(check.code).toBe(8);
    const report = json<{ ok: boolean; items: Array<{ id: string; status: string; fix?: string }> }>(check);
    expect(report.ok).toBe(false);
    expect(report.items.filter((i) => i.status === "fail").map((i) => i.id)).toEqual(["build.attached", "build.export-compliance", "localization.en-US.whatsNew", "review.contact", "screenshots.en-US.iphone"]);
    expect(report.items.filter((i) => i.status !== "pass").every((i) => i.fix)).toBe(true);
    expect(check.stderr).toContain("version 1.2.0 (IOS): ");
    // As a table, each fail and warn has its fix on a line of its own, in full.
    const table = await run(["review", "check", ...V, "--offline", "--output", "table"]);
    expect(table.stdout).toMatch(/✗ fail\s+build\.attached\s+No build is attached to the version\.\n\s+fix: Attach a VALID build: asckit versions update 1\.2\.0 --app com\.example\.demo --build <build number or id>\n/);
    expect(table.stdout.match(/^\s+fix: /gm)).toHaveLength(report.items.filter((i) => i.status !== "pass").length);

    const before = seen.length;
    const blocked = await run(["review", "submit", ...V, "--offline"]);
    expect(blocked.code).toBe(8);
    expect(blocked.stderr).toMatch(/^error: Preflight failed: 5 problems/m);
    expect(writes(before)).toEqual([]);

    const apple = await run(["review", "submit", ...V, "--skip-preflight"]);
    expect(apple.code).toBe(5);
    const lines = apple.stderr.split("\n");
    expect(lines[0]).toMatch(/^error: Could not add version 1\.2\.0 \(IOS\) to review submission [0-9a-f-]+: 409 STATE_ERROR\.ENTITY_STATE_INVALID: The item cannot be added to the review submission\.$/);
    expect(lines.filter((l) => l.startsWith("  - /v1/"))).toEqual([
      expect.stringMatching(/^ {2}- \/v1\/appStoreVersions\/[0-9a-f-]+: build — You must choose a build .* \(ENTITY_ERROR\.RELATIONSHIP\.REQUIRED\)$/),
      expect.stringMatching(/^ {2}- \/v1\/appStoreVersions\/[0-9a-f-]+: appStoreReviewDetail — App Review information is missing.* \(ENTITY_ERROR\.RELATIONSHIP\.REQUIRED\)$/),
      expect.stringMatching(/^ {2}- \/v1\/appStoreVersionLocalizations\/[0-9a-f-]+: whatsNew — You must provide a value for the attribute 'whatsNew'.* \(ENTITY_ERROR\.ATTRIBUTE\.REQUIRED\)$/),
      expect.stringMatching(/^ {2}- \/v1\/appStoreVersionLocalizations\/[0-9a-f-]+: appScreenshotSets — Screenshots for APP_IPHONE_67 or APP_IPHONE_65.* \(ENTITY_ERROR\.RELATIONSHIP\.REQUIRED\)$/),
    ]);
    expect(apple.stderr).toContain("this run created was canceled");
    const status = json<Array<{ state: string }>>(await run(["review", "status", ...APP]));
    expect(status.map((s) => s.state)).toEqual(["COMPLETE"]);
  });

  it("an unreachable privacy policy URL fails the check", async () => {
    const { run } = ctx;
    deliverBuildAndScreenshots(ctx.emu);
    expect((await run(["versions", "update", "1.2.0", ...APP, "--build", "4"])).code).toBe(0);
    expect((await run(["metadata", "set", ...V, "--whats-new", "Widgets.", "--privacy-policy-url", web.closedUrl, "--support-url", web.url("/support"), "--marketing-url", web.url("/")])).code).toBe(0);
    expect((await run(["review", "details", ...V, "--first-name", "Ada", "--last-name", "Lovelace", "--phone", "+1 408 555 0100", "--email", "ada@example.com", "--demo-account-password", "hunter2"])).code).toBe(0);
    const check = await run(["review", "check", ...V, "--url-timeout", "2s"]);
    expect(check.code).toBe(8);
    const items = json<{ items: Array<{ id: string; status: string; message: string }> }>(check).items;
    expect(items.filter((i) => i.status === "fail")).toEqual([
      { id: "url.en-US.privacyPolicyUrl", status: "fail", message: `en-US privacyPolicyUrl ${web.closedUrl} is unreachable: ECONNREFUSED.`, fix: "App Review opens this URL: publish the page or fix the address." },
    ]);
    expect(items.find((i) => i.id === "url.en-US.supportUrl")?.status).toBe("pass");
    const details = await run(["review", "details", ...V]);
    expect(json(details)).toMatchObject({ contactFirstName: "Ada", contactEmail: "ada@example.com", demoAccountPassword: "********" });
    expect(details.stdout).not.toContain("hunter2");

    // metadata pull leaves the password out of the folder (meant for version control) and says how apply gets it.
    const dir = path.join(tmp(), "pulled");
    const pulled = await run(["metadata", "pull", dir, ...V]);
    expect(pulled.code).toBe(0);
    expect(pulled.stderr).toContain('review.json holds "env:ASC_DEMO_ACCOUNT_PASSWORD" instead of the demo account password');
    const review = readFileSync(path.join(dir, "review.json"), "utf8");
    expect(review).not.toContain("hunter2");
    expect(JSON.parse(review).demoAccountPassword).toBe("env:ASC_DEMO_ACCOUNT_PASSWORD");
    expect((await run(["metadata", "plan", dir, ...V])).stderr).toContain("App Store Connect already matches the files");
  });

  it("submits, re-runs without failing, waits for approval, then cancel needs --yes", async () => {
    const { run, seen, writes } = ctx;
    // Long enough for the CLI runs before `status --wait` on a loaded machine (each spawn takes seconds there).
    configureReview(ctx.emu.emulator.engine, { waitingForReviewMs: 10_000, inReviewMs: 1000 });
    expect((await run(["metadata", "set", ...V, "--privacy-policy-url", web.url("/privacy")])).code).toBe(0);
    const check = await run(["review", "check", ...V]);
    expect(check.code).toBe(0);
    expect(check.stderr).toMatch(/passed, 1 warning, 0 failed — ready to submit/);

    const dry = await run(["review", "submit", ...V, "--dry-run"]);
    expect(json<{ plan: string[] }>(dry).plan).toEqual(["create a review submission for IOS", "add version 1.2.0 (IOS) as an item", "submit it for review"]);
    const before = seen.length;
    const submitted = await run(["review", "submit", ...V]);
    expect(submitted.code).toBe(0);
    expect(json(submitted)).toMatchObject({ state: "WAITING_FOR_REVIEW", versionString: "1.2.0", created: true, itemAdded: true, submitted: true, alreadySubmitted: false });
    expect(writes(before).map((w) => `${w.method} ${w.path.replace(/[0-9a-f-]{36}/, "{id}")}`)).toEqual(["POST /v1/reviewSubmissions", "POST /v1/reviewSubmissionItems", "PATCH /v1/reviewSubmissions/{id}"]);

    const rerun = await run(["review", "submit", ...V]);
    expect(rerun.code).toBe(0);
    expect(json(rerun)).toMatchObject({ alreadySubmitted: true, submitted: false });
    expect(writes(before)).toHaveLength(3);

    const waited = await run(["review", "status", ...V, "--wait", "--interval", "200ms", "--timeout", "20s"]);
    expect(waited.code).toBe(0);
    expect(waited.stderr).toMatch(/IN_REVIEW/);
    expect(waited.stderr).toContain("version 1.2.0 is PENDING_DEVELOPER_RELEASE");
    expect(json<Array<{ state: string; versionString: string }>>(waited)[0]).toMatchObject({ state: "COMPLETE", versionString: "1.2.0" });

    const cancel = await run(["review", "cancel", ...V]);
    expect(cancel.code).toBe(4);
    expect(cancel.stderr).toContain("Version 1.2.0 is in no open review submission.");
  });
});

describe("phased release", () => {
  let ctx: Awaited<ReturnType<typeof emulator>>;
  beforeAll(async () => (ctx = await emulator()));
  afterAll(async () => ctx?.emu.close());

  it("explains that TestFlight builds have no phased release", async () => {
    const { run, seen, emu } = ctx;
    const before = seen.length;
    const byFlag = await run(["phased-release", "start", "--build", "42"]);
    expect(byFlag.code).toBe(2);
    expect(byFlag.stderr).toContain('error: Phased release applies only to App Store releases, not to TestFlight builds (got build "42").');
    expect(seen.length).toBe(before);
    const buildId = emu.emulator.demo!.buildIds["2"];
    const byId = await run(["phased-release", "status", buildId]);
    expect(byId.code).toBe(2);
    expect(byId.stderr).toContain(`not to TestFlight builds (got build "${buildId}")`);
    // A build number where the version string goes: no version 2 exists, but build 2 does.
    const byNumber = await run(["phased-release", "status", "2", ...APP]);
    expect(byNumber.code).toBe(2);
    expect(byNumber.stderr).toContain('error: Phased release applies only to App Store releases, not to TestFlight builds (got build "2").');
    const neither = await run(["phased-release", "status", "77", ...APP]);
    expect(neither.code).toBe(4);
    expect(neither.stderr).toContain('No App Store version matches "77 (IOS)" exactly.');
  });

  it("cancel asks for --yes; a canceled submission gives the version back", async () => {
    const { run, emu } = ctx;
    deliverBuildAndScreenshots(emu, "5");
    for (const args of [
      ["versions", "update", "1.2.0", ...APP, "--build", "5"],
      ["metadata", "set", ...V, "--whats-new", "Widgets."],
      ["review", "details", ...V, "--first-name", "Ada", "--last-name", "Lovelace", "--phone", "+1 408 555 0100", "--email", "ada@example.com"],
    ])
      expect((await run(args)).code).toBe(0);
    configureReview(emu.emulator.engine, { waitingForReviewMs: 60_000 });
    expect((await run(["review", "submit", ...V, "--offline"])).code).toBe(0);
    const refused = await run(["review", "cancel", ...V]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Refusing without confirmation.");
    const canceled = await run(["review", "cancel", ...V, "--yes"]);
    expect(canceled.code).toBe(0);
    expect(json(canceled)).toMatchObject({ state: "CANCELING", canceled: true });
    await new Promise((r) => setTimeout(r, 250));
    expect(json<{ appVersionState: string }>(await run(["versions", "get", "1.2.0", ...APP])).appVersionState).toBe("DEVELOPER_REJECTED");
  });

  it("start releases an approved version over 7 days, with --yes", async () => {
    const { run, emu, seen, writes } = ctx;
    configureReview(emu.emulator.engine, { waitingForReviewMs: 100, inReviewMs: 100 });
    expect((await run(["review", "submit", ...V, "--offline"])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    // Releasing is irreversible: without a terminal it needs --yes, and nothing is sent without it.
    const mark = seen.length;
    for (const args of [["versions", "release", "1.2.0", ...APP], ["phased-release", "start", ...V]]) {
      const refused = await run(args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^error: Release version 1\.2\.0 .+\? This cannot be undone\. Refusing without confirmation\.\nhint: Re-run with --yes/);
    }
    const dryStart = await run(["phased-release", "start", ...V, "--dry-run"]);
    expect(dryStart.code).toBe(0);
    expect(dryStart.stderr).toContain("dry run: would create a phased release, then release version 1.2.0 so the 7-day rollout starts now.");
    expect(writes(mark)).toEqual([]);
    const started = await run(["phased-release", "start", ...V, "--yes"]);
    expect(started.code).toBe(0);
    expect(started.stderr).toContain("version 1.2.0 released with a phased release: ACTIVE, day 1 of 7 (1% of automatic updates).");
    expect(json(started)).toMatchObject({ appVersionState: "READY_FOR_DISTRIBUTION", phasedReleaseState: "ACTIVE", currentDayNumber: 1, rolloutPercent: 1, changed: true });
  });

  it("pause, resume, status, and complete (which needs --yes)", async () => {
    const { run } = ctx;
    expect(json(await run(["phased-release", "pause", ...V]))).toMatchObject({ phasedReleaseState: "PAUSED", changed: true });
    const dry = await run(["phased-release", "resume", ...V, "--dry-run"]);
    expect(dry.stderr).toContain("dry run: would resume the phased release of version 1.2.0 (PAUSED → ACTIVE).");
    expect(json(await run(["phased-release", "resume", ...V]))).toMatchObject({ phasedReleaseState: "ACTIVE" });
    expect(json(await run(["phased-release", "status", "1.2.0", ...APP]))).toMatchObject({ phasedReleaseState: "ACTIVE", totalPauseDuration: 0 });
    const noYes = await run(["phased-release", "complete", ...V]);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain("Refusing without confirmation.");
    expect(json(await run(["phased-release", "status", ...V]))).toMatchObject({ phasedReleaseState: "ACTIVE" });
    expect(json(await run(["phased-release", "complete", ...V, "--yes"]))).toMatchObject({ phasedReleaseState: "COMPLETE", rolloutPercent: 100 });
    const late = await run(["phased-release", "pause", ...V]);
    expect(late.code).toBe(5);
    expect(late.stderr).toContain("Cannot pause the phased release of version 1.2.0: it is COMPLETE.");
    const released = await run(["versions", "release", "1.2.0", ...APP]);
    expect(released.code).toBe(0);
    expect(released.stderr).toContain("Version 1.2.0 is already released (READY_FOR_DISTRIBUTION).");
  });
});
