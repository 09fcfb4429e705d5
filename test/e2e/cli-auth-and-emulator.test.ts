// Profiles, key kinds and the emulator as its own process, the way a user meets them.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeKeyFiles } from "../../src/emulator/index.js";
import { mintToken } from "../unit/emulator/http/helpers.js";
import { conformanceRequestLog } from "../support/conformance-log.js";
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

  it("a corrupt profiles.json does not block a command whose key comes from the environment", async () => {
    const config = path.join(emu.dir, "corrupt-config");
    mkdirSync(config, { recursive: true });
    writeFileSync(path.join(config, "profiles.json"), "{not json");
    const r = await runCli(["apps", "list", "--json"], { env: { ...emu.env, ASCKIT_CONFIG_DIR: config } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(json<Array<{ bundleId: string }>>(r).map((a) => a.bundleId)).toContain("com.example.demo");
    // Without the environment's key the profile is needed, and the broken file is the error.
    const bare = await runCli(["apps", "list"], { env: { ASCKIT_CONFIG_DIR: config, HOME: emu.dir } });
    expect(bare.code).toBe(3);
    expect(bare.stderr).toMatch(/^error: The profile file .*profiles\.json is not valid asckit profile JSON\nhint: .*asckit auth login/);
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

interface StartInfo {
  url: string;
  keyId: string;
  issuerId: string;
  reusedKey: boolean;
  vendorNumber: string;
  files: { p8Path: string };
  env: string[];
}

/** `asckit emulator start --json …` as its own process; resolves with its first line once it listens. */
async function startCliEmulator(args: string[], options: { env?: Record<string, string> } = {}): Promise<{ child: ChildProcess; info: StartInfo; stop(): Promise<void> }> {
  // Its requests go to the conformance log like every in-process emulator's.
  const child = spawn(process.execPath, [BIN, "emulator", "start", "--json", "--request-log", conformanceRequestLog(), ...args], { stdio: ["ignore", "pipe", "pipe"], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const info = await new Promise<StartInfo>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      if (buf.includes("\n")) resolve(JSON.parse(buf.split("\n")[0]!) as StartInfo);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited ${code}: ${stderr}`)));
  });
  return {
    child,
    info,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The export lines as an environment, unquoted the way a shell would. */
function envOf(lines: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of lines) {
    const m = /^export (\w+)=(.*)$/.exec(line)!;
    env[m[1]!] = m[2]!.replace(/^'(.*)'$/, "$1");
  }
  return env;
}

describe("asckit emulator start in one process, the CLI in another", () => {
  let started: Awaited<ReturnType<typeof startCliEmulator>>;
  let info: StartInfo;

  beforeAll(async () => {
    // Long enough that the demo build is still PROCESSING when the first commands (spawned, on a busy machine) look.
    started = await startCliEmulator(["--key-dir", path.join(emu.dir, "standalone"), "--processing-delay", "6s"]);
    info = started.info;
  });
  afterAll(async () => {
    await started?.stop();
  });

  it("prints a URL on 127.0.0.1 and export lines that work from another shell", async () => {
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const env: Record<string, string> = { ...bare(), ...envOf(info.env) };
    const apps = json<Array<{ bundleId: string }>>(await runCli(["apps", "list"], { env }));
    expect(apps.map((a) => a.bundleId)).toContain("com.example.demo");
    const builds = json<Array<{ id: string; processingState: string }>>(await runCli(["builds", "list", "--app", "com.example.demo", "--state", "PROCESSING"], { env }));
    expect(builds.length).toBe(1);
    const wait = await runCli(["builds", "wait", builds[0]!.id, "--interval", "300ms", "--timeout", "20s"], { env });
    expect(wait.code).toBe(0);
    expect(json<{ processingState: string }>(wait).processingState).toBe("VALID");
  });

  it("refuses a token that lives 1201 seconds with Apple's 401, and accepts 1200", async () => {
    const key = { keyId: info.keyId, issuerId: info.issuerId, privateKeyPem: readFileSync(info.files.p8Path, "utf8") };
    const call = async (lifetime: number) => {
      const token = await mintToken(key, Date.now(), { lifetime });
      const res = await fetch(`${info.url}/v1/apps?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as { errors?: Array<{ code: string; status: string }> } };
    };
    const tooLong = await call(1201);
    expect(tooLong.status).toBe(401);
    expect(tooLong.body.errors?.[0]).toMatchObject({ status: "401", code: "NOT_AUTHORIZED" });
    expect((await call(1200)).status).toBe(200);
  });

  it("prints the vendor number its reports answer to, as an export line too", async () => {
    expect(info.vendorNumber).toMatch(/^\d{8}$/);
    expect(info.env).toContain(`export ASC_VENDOR_NUMBER=${info.vendorNumber}`);
    const r = await runCli(["reports", "sales", "--format", "jsonl"], { env: { ...bare(), ...envOf(info.env) } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.split("\n")[0]!)).toHaveProperty("Units");
  });
});

describe("emulator start options", () => {
  it("--data keeps the API key: a restart with the same file accepts the old key and hands it out again", async () => {
    const data = path.join(emu.dir, "persist", "emu.db");
    mkdirSync(path.dirname(data), { recursive: true });
    const envFile = path.join(emu.dir, "persist", "emu.env");
    const first = await startCliEmulator(["--data", data, "--write-env", envFile]);
    const firstEnv = envOf(first.info.env);
    expect(first.info.reusedKey).toBe(false);
    // --write-env holds exactly the export lines, so `. FILE` gives the same environment.
    expect(readFileSync(envFile, "utf8")).toBe(`${first.info.env.join("\n")}\n`);
    const before = await runCli(["apps", "list"], { env: { ...bare(), ...firstEnv } });
    expect(before.code).toBe(0);
    await first.stop();

    const second = await startCliEmulator(["--data", data, "--write-env", envFile]);
    try {
      expect(second.info).toMatchObject({ reusedKey: true, keyId: first.info.keyId, issuerId: first.info.issuerId, files: { p8Path: first.info.files.p8Path } });
      // The old key file and ids, as a saved profile or an old shell holds them, still authenticate.
      const after = await runCli(["apps", "list"], { env: { ...bare(), ...firstEnv, ASC_BASE_URL: second.info.url } });
      expect(after.stderr).toBe("");
      expect(after.code).toBe(0);
      expect(readFileSync(envFile, "utf8")).toContain(`export ASC_BASE_URL=${second.info.url}\n`);
    } finally {
      await second.stop();
    }
    // Without --data every start is a fresh key.
    const fresh = await startCliEmulator(["--key-dir", path.join(emu.dir, "fresh")]);
    await fresh.stop();
    expect(fresh.info.keyId).not.toBe(first.info.keyId);
    // Directories the user chose are theirs: the keys stay after the emulator stops; the env file goes.
    expect(existsSync(fresh.info.files.p8Path)).toBe(true);
    expect(existsSync(first.info.files.p8Path)).toBe(true);
    expect(existsSync(envFile)).toBe(false);
  });

  it("without --key-dir or --data: a private (0700) temporary key directory, removed with the --write-env file when it stops", async () => {
    const tmp = path.join(emu.dir, "tmp");
    mkdirSync(tmp, { recursive: true });
    const envFile = path.join(emu.dir, "private.env");
    const started = await startCliEmulator(["--write-env", envFile], { env: { TMPDIR: tmp } });
    const keyDir = path.dirname(started.info.files.p8Path);
    try {
      expect(path.dirname(keyDir)).toBe(tmp);
      expect(path.basename(keyDir)).toMatch(/^asckit-emulator-\w{6}$/);
      expect(path.basename(keyDir)).not.toBe(`asckit-emulator-${started.child.pid}`);
      expect(statSync(keyDir).mode & 0o777).toBe(0o700);
      expect(statSync(started.info.files.p8Path).mode & 0o777).toBe(0o600);
      expect(readFileSync(envFile, "utf8")).toContain(`export ASC_PRIVATE_KEY_PATH=${started.info.files.p8Path}\n`);
    } finally {
      await started.stop();
    }
    expect(existsSync(keyDir)).toBe(false);
    expect(existsSync(envFile)).toBe(false);
  });

  it("on a terminal, the next command is `asckit apps list` with asckit on PATH, else `npx asckit apps list`", async () => {
    const linked = path.join(emu.dir, "global-bin");
    mkdirSync(linked, { recursive: true });
    writeFileSync(path.join(linked, "asckit"), "#!/bin/sh\n", { mode: 0o755 });
    const lastLines = async (PATH: string) => {
      const child = spawn(process.execPath, [BIN, "emulator", "start", "--output", "table", "--key-dir", path.join(emu.dir, "table-keys")], { env: { PATH, HOME: emu.dir }, stdio: ["ignore", "pipe", "pipe"] });
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      let out = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes("Press Ctrl-C to stop.")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
      });
      child.kill("SIGTERM");
      await exited;
      return out.split("\n").filter((l) => l.endsWith("apps list"));
    };
    expect(await lastLines(`${path.join(emu.dir, "project", "node_modules", ".bin")}:/usr/bin`)).toEqual(["  npx asckit apps list"]);
    expect(await lastLines(`/usr/bin:${linked}`)).toEqual(["  asckit apps list"]);
  });

  it("--beta-review-outcome reject: a distribution from another shell ends in a rejection (exit 9)", async () => {
    const started = await startCliEmulator(["--key-dir", path.join(emu.dir, "beta-reject"), "--beta-review-outcome", "reject", "--review-delay", "600ms"]);
    try {
      const env = { ...bare(), ...envOf(started.info.env) };
      const info = await runCli(
        ["testflight", "info", "set", "--app", "com.example.demo", "--description", "Try the new tab.", "--feedback-email", "beta@example.com", "--privacy-policy-url", "https://example.com/privacy",
          "--contact-first-name", "Ada", "--contact-last-name", "Lovelace", "--contact-phone", "+1 408 555 0100", "--contact-email", "ada@example.com", "--demo-account-required", "false"],
        { env },
      );
      expect(info.code).toBe(0);
      const build = json<Array<{ id: string }>>(await runCli(["builds", "list", "--app", "com.example.demo", "--state", "VALID"], { env }))[0]!;
      const r = await runCli(["testflight", "distribute", "--build", build.id, "--groups", "Public Beta", "--uses-non-exempt-encryption", "false", "--wait-for-review", "--interval", "200ms", "--timeout", "30s"], { env });
      expect(r.stderr).toContain(`error: Beta App Review rejected build ${build.id}.`);
      expect(r.code).toBe(9);
    } finally {
      await started.stop();
    }
  });

  it("refuses a review outcome it does not know, before starting", async () => {
    const r = await runCli(["emulator", "start", "--review-outcome", "maybe"], { env: bare() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--review-outcome.*maybe/);
  });
});

describe("asckit never mints a token Apple would refuse", () => {
  /** A stand-in API on 127.0.0.1 that records the bearer tokens it is sent. */
  async function captureTokens(run: (baseUrl: string) => Promise<void>): Promise<string[]> {
    const tokens: string[] = [];
    const server = createServer((req, res) => {
      tokens.push(String(req.headers.authorization ?? "").replace(/^Bearer /, ""));
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ data: [], links: { self: `http://${req.headers.host}${req.url}` } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    return tokens;
  }
  const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { iat: number; exp: number };

  it("by default, and with fastlane's longest allowed duration, exp − iat is at most 1200 s", async () => {
    const jsonPath = path.join(emu.dir, "fastlane-1200.json");
    writeFileSync(jsonPath, JSON.stringify({ key_id: emu.key.keyId, issuer_id: emu.key.issuerId, key_filepath: emu.files.p8Path, duration: 1200 }));
    const tokens = await captureTokens(async (baseUrl) => {
      expect((await runCli(["apps", "list"], { env: { ...emu.env, ASC_BASE_URL: baseUrl } })).code).toBe(0);
      expect((await runCli(["apps", "list", "--api-key-file", jsonPath], { env: { ...bare(), ASC_BASE_URL: baseUrl } })).code).toBe(0);
    });
    expect(tokens).toHaveLength(2);
    const [byDefault, longest] = tokens.map(claims);
    expect(byDefault!.exp - byDefault!.iat).toBeLessThan(1200); // "well under 20 minutes"
    expect(longest!.exp - longest!.iat).toBeLessThanOrEqual(1200);
  });

  it("a 1201-second duration is refused before any request (exit 3)", async () => {
    const jsonPath = path.join(emu.dir, "fastlane-1201.json");
    writeFileSync(jsonPath, JSON.stringify({ key_id: emu.key.keyId, issuer_id: emu.key.issuerId, key_filepath: emu.files.p8Path, duration: 1201 }));
    const tokens = await captureTokens(async (baseUrl) => {
      const r = await runCli(["apps", "list", "--api-key-file", jsonPath], { env: { ...bare(), ASC_BASE_URL: baseUrl } });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^error: .*1200/);
    });
    expect(tokens).toEqual([]);
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
