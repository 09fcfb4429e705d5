// Profiles, key kinds and the emulator as its own process, the way a user meets them.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeKeyFiles } from "../../src/emulator/index.js";
import { BIN, json, runCli } from "../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.close();
});

/** Only the config dir and HOME: credentials must come from the saved profile. */
const bare = () => ({ ASCKIT_CONFIG_DIR: emu.env.ASCKIT_CONFIG_DIR!, HOME: emu.dir });

describe("profiles", () => {
  it("login saves a 0600 profile without the key; list, use, status and logout work from it", async () => {
    const login = await runCli(
      ["auth", "login", "--name", "emu", "--key-id", emu.key.keyId, "--issuer-id", emu.key.issuerId!, "--private-key-path", emu.files.p8Path, "--base-url", emu.emulator.url],
      { env: bare() },
    );
    expect(login.code).toBe(0);
    const file = path.join(emu.env.ASCKIT_CONFIG_DIR!, "profiles.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, "utf8");
    expect(stored).toContain(emu.files.p8Path);
    expect(stored).not.toContain("PRIVATE KEY");

    const list = json<Array<{ name: string; keyId: string }>>(await runCli(["auth", "list"], { env: bare() }));
    expect(list.map((p) => p.name)).toEqual(["emu"]);

    const status = await runCli(["auth", "status"], { env: bare() });
    expect(status.code).toBe(0);
    expect(json<{ baseUrl: string; keyType: string }>(status)).toMatchObject({ baseUrl: emu.emulator.url, keyType: "team" });

    expect((await runCli(["auth", "use", "nope"], { env: bare() })).code).toBe(4);
    expect((await runCli(["auth", "logout", "emu"], { env: bare() })).code).toBe(0);
    const after = await runCli(["apps", "list"], { env: bare() });
    expect(after.code).toBe(3);
  });

  it("login refuses a key file that is not an App Store Connect key", async () => {
    const bad = path.join(emu.dir, "bad.p8");
    writeFileSync(bad, "not a key");
    const r = await runCli(["auth", "login", "--key-id", "ABC123DEF4", "--private-key-path", bad], { env: bare() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: /);
  });
});

describe("key kinds and sources", () => {
  it("an individual key (sub: user, no issuer) is accepted and reported as such", async () => {
    const key = await emu.emulator.createApiKey({ individual: true });
    const files = writeKeyFiles(path.join(emu.dir, "individual"), key);
    const r = await runCli(["auth", "status"], { env: { ...bare(), ASC_BASE_URL: emu.emulator.url, ASC_KEY_ID: key.keyId, ASC_PRIVATE_KEY_PATH: files.p8Path } });
    expect(r.code).toBe(0);
    expect(json<{ keyType: string }>(r).keyType).toBe("individual");
  });

  it("fastlane's API key JSON works with --api-key-file, and a mangled env key is normalised", async () => {
    const viaFile = await runCli(["apps", "list", "--api-key-file", emu.files.jsonPath], { env: { ...bare(), ASC_BASE_URL: emu.emulator.url } });
    expect(viaFile.code).toBe(0);
    const pem = readFileSync(emu.files.p8Path, "utf8");
    const mangled = `"${pem.replace(/\n/g, "\\n").replace(/\\n$/, "")}"`;
    const viaEnv = await runCli(["apps", "list"], { env: { ...bare(), ASC_BASE_URL: emu.emulator.url, ASC_KEY_ID: emu.key.keyId, ASC_ISSUER_ID: emu.key.issuerId!, ASC_PRIVATE_KEY: mangled } });
    expect(viaEnv.code).toBe(0);
    const b64 = Buffer.from(pem).toString("base64");
    const viaB64 = await runCli(["apps", "list"], { env: { ...bare(), ASC_BASE_URL: emu.emulator.url, ASC_KEY_ID: emu.key.keyId, ASC_ISSUER_ID: emu.key.issuerId!, ASC_PRIVATE_KEY_B64: b64 } });
    expect(viaB64.code).toBe(0);
    for (const r of [viaFile, viaEnv, viaB64]) expect(r.stderr + r.stdout).not.toContain(pem.split("\n")[1]!);
  });
});

describe("asckit emulator start in one process, the CLI in another", () => {
  let child: ChildProcess;
  let info: { url: string; env: string[] };

  beforeAll(async () => {
    child = spawn(process.execPath, [BIN, "emulator", "start", "--json", "--key-dir", path.join(emu.dir, "standalone"), "--processing-delay", "1s"], { stdio: ["ignore", "pipe", "pipe"] });
    info = await new Promise((resolve, reject) => {
      let buf = "";
      child.stdout!.on("data", (d: Buffer) => {
        buf += d.toString();
        if (buf.includes("\n")) resolve(JSON.parse(buf.split("\n")[0]!));
      });
      child.on("exit", (code) => reject(new Error(`emulator exited ${code}`)));
    });
  });
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  it("prints a URL on 127.0.0.1 and export lines that work from another shell", async () => {
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const env: Record<string, string> = { ...bare() };
    for (const line of info.env) {
      const m = /^export (\w+)=(.*)$/.exec(line)!;
      env[m[1]!] = m[2]!.replace(/^'(.*)'$/, "$1");
    }
    const apps = json<Array<{ bundleId: string }>>(await runCli(["apps", "list"], { env }));
    expect(apps.map((a) => a.bundleId)).toContain("com.example.demo");
    const builds = json<Array<{ id: string; processingState: string }>>(await runCli(["builds", "list", "--app", "com.example.demo", "--state", "PROCESSING"], { env }));
    expect(builds.length).toBe(1);
    const wait = await runCli(["builds", "wait", builds[0]!.id, "--interval", "300ms", "--timeout", "20s"], { env });
    expect(wait.code).toBe(0);
    expect(json<{ processingState: string }>(wait).processingState).toBe("VALID");
  });
});

describe("clock skew", () => {
  it("auth status measures the skew from the server's Date header and warns past 30 s", async () => {
    const skewed = await startTestEmulator({ now: () => Date.now() + 90_000 });
    try {
      const r = await runCli(["auth", "status"], { env: skewed.env });
      expect(r.code).toBe(0);
      const skew = json<{ clockSkewSeconds: number }>(r).clockSkewSeconds;
      expect(skew).toBeGreaterThanOrEqual(88);
      expect(skew).toBeLessThanOrEqual(92);
      expect(r.stderr).toMatch(/clock is (8[89]|9[0-2]) s behind/);
    } finally {
      await skewed.close();
    }
  });
});
