// `asckit builds …` and `asckit ipa inspect`, spawned as built, against an emulator on port 0.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, json, runCli, type CliResult } from "../../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";
import { DEMO_PLIST, makeIpa, zip } from "../../unit/builds/support/make-package.js";

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
    const r = await run(["ipa", "inspect", await ipaFile("taken.ipa", { CFBundleShortVersionString: "1.0.0", CFBundleVersion: "2" }), "--check"]);
    expect(r.code).toBe(5);
    expect(json(r)).toMatchObject({ appId: appId(), buildNumberAvailable: false, takenBy: expect.stringMatching(/^build \S+ \(VALID\)$/), nextBuildNumber: "3" });
    expect(r.stderr).toMatch(/already taken by build .*; the next free build number is 3\./);
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
    expect(json(r)).toMatchObject({ action: "created", dryRun: true });
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
