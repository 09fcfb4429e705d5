// `asckit builds …` and `asckit ipa inspect`, spawned as built, against an emulator on port 0.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, json, runCli, type CliResult } from "../../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";
import { DEMO_PLIST, makeIpa, makePkg, zip } from "../../unit/builds/support/make-package.js";

let emu: TestEmulator;
let files: string;
const seen: Array<{ method: string; path: string; status: number }> = [];

beforeAll(async () => {
  emu = await startTestEmulator({ onRequest: (e) => seen.push({ method: e.method, path: e.path, status: e.status }) });
  files = mkdtempSync(path.join(os.tmpdir(), "asckit-e2e-builds-"));
});
afterAll(async () => {
  await emu?.close();
  rmSync(files, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(args, { env: emu.env });
const appId = () => emu.emulator.demo!.appId;
async function ipaFile(name: string, plist: Record<string, unknown> = {}, fillerBytes = 200_000): Promise<string> {
  const file = path.join(files, name);
  writeFileSync(file, await makeIpa({ plist: { ...DEMO_PLIST, ...plist } as never, fillerBytes }));
  return file;
}
/** Exit code, nothing on stdout, and the error (after any info lines) on stderr without a stack trace. */
function expectError(r: CliResult, code: number, message: RegExp) {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
  expect(r.stderr.slice(r.stderr.indexOf("error: "))).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}
const uploadsFor = (version: string) => emu.emulator.engine.store.list("buildUploads").filter((u) => u.attributes.cfBundleVersion === version);

describe("ipa inspect", () => {
  it("prints the Info.plist facts as JSON with Apple's key names", async () => {
    const r = await run(["ipa", "inspect", await ipaFile("ok.ipa")]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({
      type: "ipa",
      CFBundleIdentifier: "com.example.demo",
      CFBundleShortVersionString: "1.2.0",
      CFBundleVersion: "7",
      MinimumOSVersion: "16.0",
      platform: "IOS",
      ITSAppUsesNonExemptEncryption: false,
      source: "Payload/Demo.app/Info.plist",
    });
  });

  it("bad packages: one clear line, exit 8, and no request", async () => {
    const before = seen.length;
    const corrupt = path.join(files, "corrupt.ipa");
    writeFileSync(corrupt, "PK\u0003\u0004 not really a zip");
    const noPayload = path.join(files, "nopayload.ipa");
    writeFileSync(noPayload, await zip([{ name: "readme.txt", data: Buffer.from("hi") }]));
    const { CFBundleVersion: _, ...noBuild } = DEMO_PLIST;
    const noVersion = path.join(files, "noversion.ipa");
    writeFileSync(noVersion, await makeIpa({ plist: noBuild }));
    const [a, b, c] = await Promise.all([run(["ipa", "inspect", corrupt]), run(["ipa", "inspect", noPayload]), run(["builds", "upload", noVersion, "--wait"])]);
    expectError(a, 8, /^error: .*corrupt\.ipa is not a valid \.ipa/);
    expectError(b, 8, /^error: .*nopayload\.ipa is a zip archive without a Payload folder, so it is not an \.ipa\.\nhint: /);
    expectError(c, 8, /^error: Payload\/Demo\.app\/Info\.plist in .*noversion\.ipa has no CFBundleVersion \(the build number\)\./);
    expect(seen.length).toBe(before);
  });

  it("--check reports a taken number with the next free one (exit 5)", async () => {
    // The demo's 1.1.0 is TestFlight only (its train is open) and has build 3.
    const r = await run(["ipa", "inspect", await ipaFile("taken.ipa", { CFBundleShortVersionString: "1.1.0", CFBundleVersion: "3" }), "--check"]);
    expect(r.code).toBe(5);
    expect(json(r)).toMatchObject({ appId: appId(), versionOpen: true, buildNumberAvailable: false, takenBy: expect.stringMatching(/^build \S+ \((PROCESSING|VALID)\)$/), nextBuildNumber: "4" });
    expect(r.stderr).toMatch(/already taken by build .*; the next free build number is 4\./);
  });

  it("--check refuses a version whose train the live App Store version closed (exit 5), naming it and the version to use", async () => {
    const before = seen.length;
    const r = await run(["ipa", "inspect", await ipaFile("live.ipa", { CFBundleShortVersionString: "1.0.0", CFBundleVersion: "9" }), "--check"]);
    expect(r.code).toBe(5);
    expect(json(r)).toMatchObject({ CFBundleShortVersionString: "1.0.0", versionOpen: false, approvedVersion: "1.0.0 (READY_FOR_DISTRIBUTION)", suggestedVersion: "1.0.1", buildNumberAvailable: false, nextBuildNumber: "3" });
    expect(r.stderr).toBe(
      "error: Version 1.0.0 of com.example.demo is closed for new builds: App Store version 1.0.0 is READY_FOR_DISTRIBUTION, and App Store Connect fails every later build of an approved version (ITMS-90186).\n" +
        "hint: Set CFBundleShortVersionString to a higher version, e.g. 1.0.1 (`agvtool new-marketing-version 1.0.1`), then build and upload that.\n",
    );
    expect(seen.slice(before).filter((x) => x.method !== "GET")).toEqual([]);
  });
});

describe("builds latest / next-number", () => {
  it("next-number per version and --global; latest by number", async () => {
    const [perVersion, global, latest] = await Promise.all([
      run(["builds", "next-number", "--app", "com.example.demo", "--version", "1.0.0"]),
      run(["builds", "next-number", "--app", appId(), "--global"]),
      run(["builds", "latest", "--app", "com.example.demo", "--version", "1.0.0"]),
    ]);
    expect(json(perVersion)).toMatchObject({ next: "3", highest: "2", highestFrom: "build", scope: "version" });
    const g = json<{ next: string; highest: string }>(global);
    expect(Number(g.next)).toBe(Number(g.highest) + 1);
    expect(json(latest)).toMatchObject({ version: "2", marketingVersion: "1.0.0" });
  });

  it("usage errors: neither --version nor --global (exit 2); an unknown app (exit 4)", async () => {
    const [noScope, unknown] = await Promise.all([run(["builds", "next-number", "--app", "com.example.demo"]), run(["builds", "latest", "--app", "com.example.nothing", "--global"])]);
    expectError(noScope, 2, /^error: Pass --version/);
    expectError(unknown, 4, /^error: No app matches "com\.example\.nothing" exactly/);
  });
});

describe("builds upload", () => {
  it("uploads, waits until VALID, and a second upload of the same numbers is refused with the next number (exit 5)", async () => {
    const file = await ipaFile("up.ipa", { CFBundleVersion: "30" });
    const r = await run(["builds", "upload", file, "--wait", "--interval", "200ms", "--timeout", "30s"]);
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const out = json<Record<string, unknown>>(r);
    expect(out).toMatchObject({ action: "created", uploadState: "COMPLETE", processingState: "VALID", bundleId: "com.example.demo", cfBundleShortVersionString: "1.2.0", cfBundleVersion: "30", partsSkipped: 0 });
    expect(out.partsSent).toBe(out.partsTotal);
    expect(Number(out.partsTotal)).toBeGreaterThanOrEqual(3);
    expect(uploadsFor("30")).toHaveLength(1);
    const b = emu.emulator.engine.store.get("builds", String(out.buildId));
    expect(b?.attributes).toMatchObject({ version: "30", processingState: "VALID", usesNonExemptEncryption: false });

    const again = await run(["builds", "upload", await ipaFile("up2.ipa", { CFBundleVersion: "30" }, 1000)]);
    expectError(again, 5, /^error: Version 1\.2\.0 build 30 of com\.example\.demo is already taken by build \S+ \(VALID\); the next free build number is 31\.\nhint: Set CFBundleVersion to 31/);
  });

  it("--dry-run prints the plan and writes nothing", async () => {
    const before = seen.length;
    const r = await run(["builds", "upload", await ipaFile("dry.ipa", { CFBundleVersion: "40" }, 1000), "--dry-run"]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ action: "would create", dryRun: true });
    expect(r.stderr).toContain("plan: Create a buildUpload for com.example.demo 1.2.0 (40) (IOS).");
    expect(seen.slice(before).filter((s) => s.method !== "GET")).toEqual([]);
    expect(uploadsFor("40")).toEqual([]);
  });

  it("killed mid-way and re-run: the same buildUpload is continued, only the missing parts are sent", async () => {
    const file = await ipaFile("big.ipa", { CFBundleVersion: "50" }, 1_000_000);
    emu.emulator.setFaults({ latencyMs: 250, paths: /^\/storage\// });
    const putsDone = () => seen.filter((s) => s.method === "PUT" && s.path.startsWith("/storage/") && s.status === 200).length;
    const start = putsDone();
    const child = spawn(process.execPath, [BIN, "builds", "upload", file, "--concurrency", "1"], { env: { PATH: process.env.PATH ?? "", ...emu.env }, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
    const deadline = Date.now() + 20_000;
    while (putsDone() - start < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    expect(await exited).toBe(-1);
    emu.emulator.setFaults({});
    const interrupted = uploadsFor("50");
    expect(interrupted).toHaveLength(1);
    expect((interrupted[0]!.attributes.state as { state: string }).state).toBe("AWAITING_UPLOAD");

    const r = await run(["builds", "upload", file, "--wait", "--interval", "200ms", "--timeout", "30s"]);
    expect(r.code).toBe(0);
    const out = json<{ action: string; buildUploadId: string; partsSkipped: number; partsSent: number; partsTotal: number; processingState: string }>(r);
    expect(out).toMatchObject({ action: "resumed", buildUploadId: interrupted[0]!.id, processingState: "VALID" });
    expect(out.partsSkipped).toBeGreaterThanOrEqual(2);
    expect(out.partsSent + out.partsSkipped).toBe(out.partsTotal);
    expect(r.stderr).toMatch(/parts were delivered by an earlier run/);
    expect(uploadsFor("50").map((u) => u.id)).toEqual([interrupted[0]!.id]);
    expect(emu.emulator.engine.store.list("builds").filter((b) => b.attributes.version === "50")).toHaveLength(1);
  });
});

describe("builds compliance / expire", () => {
  it("answers export compliance; dry run; refuses a non-VALID build (exit 5 processing, 9 invalid) and a missing flag (exit 2)", async () => {
    const scenario = emu.emulator.engine.scenario;
    const open = scenario.addBuild({ appId: appId(), version: "60", marketingVersion: "1.3.0", processingDelayMs: 0 });
    const dry = json(await run(["builds", "compliance", open.buildId, "--uses-non-exempt-encryption", "false", "--dry-run"]));
    expect(dry).toMatchObject({ dryRun: true, wouldChange: true, usesNonExemptEncryption: null, internalBuildState: "MISSING_EXPORT_COMPLIANCE" });
    const r = await run(["builds", "compliance", open.buildId, "--uses-non-exempt-encryption", "false"]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ id: open.buildId, usesNonExemptEncryption: false, changed: true, internalBuildState: "READY_FOR_BETA_TESTING", externalBuildState: "READY_FOR_BETA_SUBMISSION" });

    const processing = scenario.addBuild({ appId: appId(), version: "61", marketingVersion: "1.3.0", processingDelayMs: 600_000 });
    const invalid = scenario.addBuild({ appId: appId(), version: "62", marketingVersion: "1.3.0", processingDelayMs: 0, outcome: "INVALID" });
    const [p, i, m] = await Promise.all([
      run(["builds", "compliance", processing.buildId, "--uses-non-exempt-encryption", "false"]),
      run(["builds", "compliance", invalid.buildId, "--uses-non-exempt-encryption", "true"]),
      run(["builds", "compliance", open.buildId]),
    ]);
    expectError(p, 5, /still PROCESSING.*\nhint: Wait for it with `asckit builds wait/);
    expectError(i, 9, /finished processing as INVALID/);
    expectError(m, 2, /--uses-non-exempt-encryption true\|false is required/);
  });

  it("expire: refuses without --yes off a TTY, expires with it; --older-than --dry-run lists and changes nothing", async () => {
    const old = emu.emulator.engine.scenario.addBuild({ appId: appId(), version: "70", marketingVersion: "1.3.0", processingDelayMs: 0, uploadedDate: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    const [dry, refused, neither] = await Promise.all([
      run(["builds", "expire", "--older-than", "30d", "--app", "com.example.demo", "--dry-run"]),
      run(["builds", "expire", old.buildId]),
      run(["builds", "expire"]),
    ]);
    expect(dry.code).toBe(0);
    expect(json<Array<{ id: string; result: string }>>(dry)).toEqual([expect.objectContaining({ id: old.buildId, result: "would expire" })]);
    expectError(refused, 2, /Refusing without confirmation\.\nhint: Re-run with --yes/);
    expectError(neither, 2, /Pass either a build id or --older-than/);
    expect(emu.emulator.engine.store.get("builds", old.buildId)?.attributes.expired).toBe(false);
    const yes = await run(["builds", "expire", old.buildId, "--yes"]);
    expect(json(yes)).toEqual([expect.objectContaining({ id: old.buildId, result: "expired" })]);
    expect(emu.emulator.engine.store.get("builds", old.buildId)?.attributes.expired).toBe(true);
  });
});

describe("builds get", () => {
  it("shows one build with Apple's attribute names, its marketing version and TestFlight states", async () => {
    const r = await run(["builds", "get", emu.emulator.demo!.buildIds["2"]]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({
      id: emu.emulator.demo!.buildIds["2"],
      version: "2",
      marketingVersion: "1.0.0",
      platform: "IOS",
      processingState: "VALID",
      expired: false,
      internalBuildState: expect.any(String),
      externalBuildState: expect.any(String),
    });
    expectError(await run(["builds", "get", "00000000-0000-0000-0000-000000000000"]), 4, /^error: 404 NOT_FOUND/);
  });
});

describe("builds upload, more", () => {
  it("uploads a macOS .pkg: the build is a MAC_OS build of its version", async () => {
    const file = path.join(files, "Demo.pkg");
    writeFileSync(file, makePkg({ plist: { ...DEMO_PLIST, CFBundleVersion: "80", CFBundleSupportedPlatforms: ["MacOSX"], LSMinimumSystemVersion: "13.0" } }));
    const r = await run(["builds", "upload", file, "--wait", "--interval", "200ms", "--timeout", "30s"]);
    expect(r.stderr).not.toContain("error");
    expect(json(r)).toMatchObject({ action: "created", platform: "MAC_OS", cfBundleVersion: "80", uploadState: "COMPLETE", processingState: "VALID" });
    const built = json<{ buildId: string }>(r).buildId;
    expect(json(await run(["builds", "get", built]))).toMatchObject({ version: "80", marketingVersion: "1.2.0", platform: "MAC_OS" });
    const file0 = emu.emulator.engine.store.list("buildUploadFiles").find((f) => f.attributes.fileName === "Demo.pkg");
    expect(file0?.attributes.uti).toBe("com.apple.pkg");
  });

  it("without --wait it names the next command; `builds wait` takes the buildUpload id; a re-run with --wait says it re-attaches", async () => {
    const file = await ipaFile("nowait.ipa", { CFBundleVersion: "90" }, 1000);
    const r = await run(["builds", "upload", file]);
    expect(r.code).toBe(0);
    const { buildUploadId } = json<{ buildUploadId: string; uploadState: string }>(r);
    expect(json(r)).toMatchObject({ action: "created", uploadState: "PROCESSING" });
    expect(r.stderr).toContain(`next: \`asckit builds wait ${buildUploadId}\` waits until the upload is processed and its build is VALID.`);
    // Apple's processing takes minutes; hold this one a little so the re-run finds it still in flight.
    emu.emulator.engine.store.update("buildUploads", buildUploadId, { internal: { committedAt: Date.now() + 2000 } });

    const again = await run(["builds", "upload", file, "--wait", "--interval", "200ms", "--timeout", "30s"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`1\\.2\\.0 \\(90\\) was already uploaded by an earlier run \\(buildUpload ${buildUploadId}, (PROCESSING|COMPLETE)\\); nothing to send, waiting for it\\.`));
    expect(json(again)).toMatchObject({ action: "uploaded", buildUploadId, processingState: "VALID" });

    const waited = await run(["builds", "wait", buildUploadId, "--interval", "200ms", "--timeout", "30s"]);
    expect(waited.code).toBe(0);
    expect(json(waited)).toMatchObject({ id: json<{ buildId: string }>(again).buildId, version: "90", processingState: "VALID" });
    expectError(await run(["builds", "wait", "00000000-0000-0000-0000-000000000000", "--interval", "200ms", "--timeout", "1s"]), 4, /^error: No build or build upload has the id 00000000-0000-0000-0000-000000000000\./);
  });

  it("re-run after the build exists: the same file reports that build (exit 0, --wait waits for it); another file with the number exits 5", async () => {
    const file = await ipaFile("rerun.ipa", { CFBundleVersion: "95" }, 1000);
    const first = await run(["builds", "upload", file, "--wait", "--interval", "200ms", "--timeout", "30s"]);
    expect(first.code).toBe(0);
    const { buildId, buildUploadId } = json<{ buildId: string; buildUploadId: string }>(first);
    expect(json(first)).toMatchObject({ action: "created", processingState: "VALID" });

    const before = seen.length;
    for (const args of [[], ["--wait", "--interval", "200ms", "--timeout", "30s"]]) {
      const again = await run(["builds", "upload", file, ...args]);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain(`1.2.0 (95) already uploaded as build ${buildId} (VALID); nothing to send${args.length ? ", waiting for it" : ""}.`);
      expect(json(again)).toMatchObject({ action: "uploaded", buildUploadId, buildId, uploadState: "COMPLETE", processingState: "VALID", partsSent: 0 });
    }
    expect(seen.slice(before).filter((x) => x.method !== "GET")).toEqual([]);
    expect(uploadsFor("95")).toHaveLength(1);

    const other = await ipaFile("rerun-other.ipa", { CFBundleVersion: "95" }, 2000);
    const taken = await run(["builds", "upload", other, "--wait", "--interval", "200ms", "--timeout", "30s"]);
    expectError(taken, 5, new RegExp(`^error: Version 1\\.2\\.0 build 95 of com\\.example\\.demo is already taken by build ${buildId} \\(VALID\\); the next free build number is 96\\.\\nhint: Set CFBundleVersion to 96`));
    expect(seen.slice(before).filter((x) => x.method !== "GET")).toEqual([]);
  });

  it("a build number lower than one in use is refused before any write (exit 5)", async () => {
    const before = seen.length;
    const r = await run(["builds", "upload", await ipaFile("lower.ipa", { CFBundleShortVersionString: "1.1.0", CFBundleVersion: "2.5" }, 1000)]);
    expectError(r, 5, /^error: Version 1\.1\.0 build 2\.5 of com\.example\.demo is lower than build number 3 already used by build \S+ \((PROCESSING|VALID)\); App Store Connect only accepts a higher one, e\.g\. 4\.\nhint: Set CFBundleVersion to 4/);
    expect(seen.slice(before).filter((x) => x.method !== "GET")).toEqual([]);
  });

  it("a version at or below the live App Store version is refused before any write, --dry-run too (exit 5)", async () => {
    const before = seen.length;
    const [live, lower] = await Promise.all([
      run(["builds", "upload", await ipaFile("train-live.ipa", { CFBundleShortVersionString: "1.0.0", CFBundleVersion: "50" }, 1000)]),
      run(["builds", "upload", await ipaFile("train-lower.ipa", { CFBundleShortVersionString: "0.9.0", CFBundleVersion: "1" }, 1000), "--dry-run"]),
    ]);
    expectError(live, 5, /^error: Version 1\.0\.0 of com\.example\.demo is closed for new builds: App Store version 1\.0\.0 is READY_FOR_DISTRIBUTION, .*\(ITMS-90186\)\.\nhint: Set CFBundleShortVersionString to a higher version, e\.g\. 1\.0\.1 /);
    expectError(lower, 5, /^error: Version 0\.9\.0 of com\.example\.demo is lower than App Store version 1\.0\.0 \(READY_FOR_DISTRIBUTION\); App Store Connect only takes builds of a version higher than the approved one \(ITMS-90062\)\.\nhint: .*e\.g\. 1\.0\.1 /);
    expect(seen.slice(before).filter((x) => x.method !== "GET")).toEqual([]);
    expect(emu.emulator.engine.store.list("buildUploads").filter((u) => ["1.0.0", "0.9.0"].includes(String(u.attributes.cfBundleShortVersionString)))).toEqual([]);
  });

  it("Ctrl-C mid-upload: says how far it got and how to resume, exits 130", async () => {
    const file = await ipaFile("sigint.ipa", { CFBundleVersion: "100" }, 1_000_000);
    emu.emulator.setFaults({ latencyMs: 250, paths: /^\/storage\// });
    const putsDone = () => seen.filter((x) => x.method === "PUT" && x.path.startsWith("/storage/") && x.status === 200).length;
    const start = putsDone();
    const child = spawn(process.execPath, [BIN, "builds", "upload", file, "--concurrency", "1"], { env: { PATH: process.env.PATH ?? "", ...emu.env }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
      const deadline = Date.now() + 20_000;
      while (putsDone() - start < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // Interrupted mid-upload for real, not before the first part or after the last.
      expect(putsDone() - start).toBeGreaterThanOrEqual(2);
      child.kill("SIGINT");
      expect(await exited).toEqual({ code: 130, signal: null });
      const [upload] = uploadsFor("100");
      expect(stderr).toMatch(new RegExp(`interrupted \\(Ctrl-C\\): \\d+ of \\d+ parts delivered; run the same command again to resume buildUpload ${upload!.id}\\n`));
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      // A failed expectation must not leave the upload running in the background.
      child.kill("SIGKILL"); // a no-op once it has exited
      emu.emulator.setFaults({});
    }
  });

  it("Ctrl-C in a command without its own handler (a wait): one line saying a re-run continues, exit 130", async () => {
    const build = emu.emulator.engine.scenario.addBuild({ appId: appId(), version: "101", marketingVersion: "1.3.0", processingDelayMs: 600_000 });
    const child = spawn(process.execPath, [BIN, "builds", "wait", build.buildId, "--timeout", "60s", "--interval", "1s"], { env: { PATH: process.env.PATH ?? "", ...emu.env }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
      const deadline = Date.now() + 20_000;
      // Waiting for real: the build has been read at least once.
      while (!seen.some((x) => x.method === "GET" && x.path.startsWith(`/v1/builds/${build.buildId}`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGINT");
      expect(await exited).toEqual({ code: 130, signal: null });
      expect(stderr.trimEnd().split("\n").at(-1)).toBe("interrupted (Ctrl-C): run the same command again to continue; it finishes without repeating what is done.");
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("expire --older-than with a bad duration names days in its hint (exit 2)", async () => {
    expectError(await run(["builds", "expire", "--older-than", "90x"]), 2, /^error: Invalid duration "90x" for --older-than\.\nhint: Use e\.g\. 90d, /);
  });
});

describe("builds upload across an emulator restart on a data file", () => {
  it("a reservation whose storage died with the old emulator is deleted and made again; the upload finishes", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "asckit-e2e-restart-"));
    const dataFile = path.join(dataDir, "asc.sqlite");
    // One config directory for both runs, so the upload journal survives like a user's would.
    const config = { ASCKIT_CONFIG_DIR: path.join(dataDir, "config") };
    const log: Array<{ method: string; path: string; status: number }> = [];
    let first: TestEmulator | undefined = await startTestEmulator({ dataFile, onRequest: (e) => log.push(e) });
    let second: TestEmulator | undefined;
    try {
      const file = await ipaFile("restart.ipa", { CFBundleVersion: "110" }, 1_000_000);
      first.emulator.setFaults({ latencyMs: 250, paths: /^\/storage\// });
      const child = spawn(process.execPath, [BIN, "builds", "upload", file, "--concurrency", "1"], { env: { PATH: process.env.PATH ?? "", ...first.env, ...config }, stdio: "ignore" });
      const exited = new Promise((resolve) => child.on("close", resolve));
      const deadline = Date.now() + 20_000;
      const puts = () => log.filter((x) => x.method === "PUT" && x.path.startsWith("/storage/") && x.status === 200).length;
      while (puts() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGKILL");
      await exited;
      const [old] = first.emulator.engine.store.list("buildUploads").filter((u) => u.attributes.cfBundleVersion === "110");
      expect(old?.attributes.state).toMatchObject({ state: "AWAITING_UPLOAD" });
      await first.close();
      first = undefined;

      // Restarted on another port: the buildUpload is still in the file, its storage is not.
      second = await startTestEmulator({ dataFile });
      const r = await runCli(["builds", "upload", file, "--wait", "--interval", "200ms", "--timeout", "30s"], { env: { ...second.env, ...config } });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`The upload URLs of buildUpload ${old!.id} (1.2.0 (110)) have expired; deleting it and reserving again.`);
      const out = json<{ action: string; buildUploadId: string; processingState: string; partsSkipped: number }>(r);
      expect(out).toMatchObject({ action: "created", processingState: "VALID", partsSkipped: 0 });
      expect(out.buildUploadId).not.toBe(old!.id);
      const uploads = second.emulator.engine.store.list("buildUploads").filter((u) => u.attributes.cfBundleVersion === "110");
      expect(uploads.map((u) => u.id)).toEqual([out.buildUploadId]);
    } finally {
      await first?.close();
      await second?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

