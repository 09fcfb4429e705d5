// `asckit builds wait` and `builds upload --wait` in-process against an emulator on a fake clock: the
// time a timeout reports is the whole wait's, `builds wait` prints one shape whichever path it took,
// and a package path that is not a file is a usage error before any request.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuildUpload } from "../../../src/client/resources/build-uploads.js";
import { WaitTimeoutError } from "../../../src/errors/asckit-error.js";
import { waitForBuildOrUpload } from "../../../src/workflows/builds/wait-for-upload.js";
import { runMain } from "../../support/in-process-cli.js";
import { DEMO_PLIST, makeIpa } from "./support/make-package.js";
import { startBuildEmulator, type BuildEmulator } from "./support/build-emulator.js";

// Uploads are PROCESSING for 5 s after their commit, their builds for 10 s: long enough to time out in between.
const PROCESSING_MS = 10_000;
let emu: BuildEmulator;
let env: Record<string, string>;
let appId: string;
const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-wait-cli-"));

beforeAll(async () => {
  emu = await startBuildEmulator({ processingDelayMs: PROCESSING_MS });
  const key = await emu.emulator.createApiKey();
  // A config dir of this test's own: `builds upload` keeps its journal there.
  env = { ASC_BASE_URL: emu.emulator.url, ASC_KEY_ID: key.keyId, ASC_ISSUER_ID: key.issuerId!, ASC_PRIVATE_KEY: key.privateKeyPem, ASCKIT_CONFIG_DIR: path.join(dir, "config") };
  appId = emu.emulator.demo!.appId;
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (argv: string[], runEnv: Record<string, string> = env) => runMain(argv, { env: runEnv, now: emu.clock.now, sleep: emu.clock.sleep });

/** A buildUpload as a commit leaves it: PROCESSING, its build due PROCESSING_MS / 2 from now. */
async function committedUpload(buildNumber: string): Promise<string> {
  const upload = await createBuildUpload(emu.client, { appId, cfBundleShortVersionString: "4.1.0", cfBundleVersion: buildNumber, platform: "IOS" });
  emu.emulator.engine.store.update("buildUploads", upload.id, { attributes: { state: { state: "PROCESSING", errors: [], warnings: [], infos: [] } }, internal: { committedAt: emu.clock.now() } });
  return upload.id;
}

async function ipaFile(name: string, buildNumber: string): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, await makeIpa({ plist: { ...DEMO_PLIST, CFBundleVersion: buildNumber }, fillerBytes: 50_000 }));
  return file;
}

describe("a wait that times out says how long it waited, on the injected clock", () => {
  it("waitForBuildOrUpload on an upload: the build's half of the wait counts from the upload's first poll", async () => {
    const id = await committedUpload("1");
    const polls: number[] = [];
    const started = emu.clock.now();
    const error = await waitForBuildOrUpload(emu.client, id, {
      timeoutMs: 7000,
      intervalMs: 1000,
      now: emu.clock.now,
      sleep: emu.clock.sleep,
      onUploadPoll: (_state, elapsed) => polls.push(elapsed),
      onPoll: (_state, elapsed) => polls.push(elapsed),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    // The upload is COMPLETE at 5 s, its build still PROCESSING at 7 s: the whole 7 s were waited.
    expect((error as Error).message).toMatch(/^Build \S+ is still PROCESSING after 7 s\.$/);
    expect(emu.clock.now() - started).toBe(7000);
    // Elapsed times only grow across the two halves (they restarted at 0 for the build before).
    expect(polls).toEqual([...polls].sort((a, b) => a - b));
    expect(polls.at(-1)).toBe(7000);
  });

  it("`builds upload --wait --timeout 7s`: the error and the last progress line agree (exit 7)", async () => {
    const r = await run(["builds", "upload", await ipaFile("slow.ipa", "301"), "--wait", "--interval", "1s", "--timeout", "7s"]);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/\nerror: Build \S+ is still PROCESSING after 7 s\.\nhint: Processing goes on: `asckit builds wait \S+` waits again \(a longer --timeout if needed\)\.\n$/);
    expect(r.stderr).not.toMatch(/after [0-6] s/);
  });

  it("`builds wait UPLOAD_ID --timeout 7s` after the upload became a build: after 7 s, not after the build's own 2 s", async () => {
    const id = await committedUpload("2");
    const r = await run(["builds", "wait", id, "--interval", "1s", "--timeout", "7s"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/\nerror: Build \S+ is still PROCESSING after 7 s\.\n/);
  });

  it("`builds wait UPLOAD_ID` that never becomes a build in time: the upload's own message, with the whole time", async () => {
    const id = await committedUpload("3");
    const r = await run(["builds", "wait", id, "--interval", "1s", "--timeout", "3s"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain(`error: Upload ${id} of 4.1.0 (3) is still PROCESSING after 3 s.\n`);
  });
});

describe("`builds wait` prints one shape, the one `builds get` prints", () => {
  it("a build id polled until VALID, a buildUpload id polled through, and a build already VALID: the same keys", async () => {
    const keys = (stdout: string) => Object.keys(JSON.parse(stdout) as object).sort();

    // A build still processing: polled, then VALID (this path printed only five fields before).
    const processing = emu.emulator.engine.scenario.addBuild({ appId, version: "10", marketingVersion: "4.2.0", processingDelayMs: 3000 }).buildId;
    const polled = await run(["builds", "wait", processing, "--interval", "1s", "--timeout", "1m"]);
    expect(polled.code).toBe(0);

    // A buildUpload id: the upload, then its build.
    const viaUpload = await run(["builds", "wait", await committedUpload("11"), "--interval", "1s", "--timeout", "1m"]);
    expect(viaUpload.code).toBe(0);

    // A buildUpload whose build is VALID by the first poll: the upload's include alone ends the wait.
    const late = await committedUpload("12");
    emu.clock.advance(PROCESSING_MS + 1000);
    const done = await run(["builds", "wait", late, "--interval", "1s", "--timeout", "1m"]);
    expect(done.code).toBe(0);

    const get = await run(["builds", "get", processing]);
    expect(get.code).toBe(0);
    const expected = keys(get.stdout);
    expect(expected).toEqual(expect.arrayContaining(["id", "version", "marketingVersion", "platform", "processingState", "uploadedDate", "expired", "minOsVersion", "internalBuildState"]));
    expect(keys(polled.stdout)).toEqual(expected);
    expect(keys(viaUpload.stdout)).toEqual(expected);
    expect(keys(done.stdout)).toEqual(expected);
    expect(JSON.parse(polled.stdout)).toEqual(JSON.parse(get.stdout));
    expect(JSON.parse(viaUpload.stdout)).toMatchObject({ version: "11", marketingVersion: "4.1.0", processingState: "VALID" });
  });
});

describe("`builds upload PATH` checks its path as `ipa inspect` does", () => {
  it("a directory (with a space in its name): exit 2, one line and a hint, before any request", async () => {
    const folder = path.join(dir, "my app");
    mkdirSync(folder, { recursive: true });
    // No credentials: a command that reached for the client would exit 3, so exit 2 means nothing was sent.
    const upload = await run(["builds", "upload", folder], {});
    const inspect = await run(["ipa", "inspect", folder], {});
    expect(upload).toEqual({ code: 2, stdout: "", stderr: `error: is a directory, expected a file: ${folder}\nhint: Name a file, not a directory.\n` });
    expect(inspect).toEqual(upload);
  });

  it("a missing file: exit 2 too, for --dry-run as well", async () => {
    const missing = path.join(dir, "nope.ipa");
    const r = await run(["builds", "upload", missing, "--dry-run"], {});
    expect(r).toEqual({ code: 2, stdout: "", stderr: `error: no such file: ${missing}\nhint: Check the path and the current directory.\n` });
  });
});
