// Profiles from the CLI, in-process: a broken profiles.json only matters when a profile is needed,
// `auth logout` leaves a usable default (or says how to pick one), and a bad key path reads the same
// from `auth login` as from the environment.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createProfileStore } from "../../../src/auth/index.js";
import { runMain } from "../../support/in-process-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";
import { p256Key } from "./test-keys.js";

const KEY_ID = "2X9R4HXF34";
const ISSUER = "57246542-96fe-1a63-e053-0824d011072a";
let dir: string;
let config: string;
let p8: string;
const only = () => ({ ASCKIT_CONFIG_DIR: config, HOME: dir });
const store = () => createProfileStore({ dir: config });
const run = (args: string[], env: Record<string, string> = only()) => runMain(args, { env, cwd: dir });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "asckit-profiles-cli-"));
  config = path.join(dir, "config");
  p8 = path.join(dir, `AuthKey_${KEY_ID}.p8`);
  writeFileSync(p8, p256Key().pkcs8Pem, { mode: 0o600 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Saves profiles as `auth login` would; the first saved is the default. */
function save(...names: string[]): void {
  for (const name of names) store().save({ name, keyId: KEY_ID, issuerId: ISSUER, privateKeyPath: p8 });
}

describe("a corrupt profiles.json", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(async () => {
    await emu?.close();
  });
  const corrupt = () => {
    mkdirSync(config, { recursive: true });
    writeFileSync(path.join(config, "profiles.json"), "{not json");
    return path.join(config, "profiles.json");
  };

  it("does not block a command whose key comes from the environment or from flags", async () => {
    corrupt();
    const viaEnv = await run(["apps", "list", "--json"], { ...emu.env, ASCKIT_CONFIG_DIR: config });
    expect(viaEnv.stderr).toBe("");
    expect(viaEnv.code).toBe(0);
    expect(JSON.parse(viaEnv.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ bundleId: "com.example.demo" })]));

    const viaFlags = await run(
      ["apps", "list", "--json", "--key-id", emu.key.keyId, "--issuer-id", emu.key.issuerId!, "--private-key-path", emu.files.p8Path, "--base-url", emu.emulator.url],
      only(),
    );
    expect(viaFlags.stderr).toBe("");
    expect(viaFlags.code).toBe(0);
  });

  it("is one error line and a hint naming the file (exit 3) when a profile is needed", async () => {
    const file = corrupt();
    const expected = `error: The profile file ${file} is not valid asckit profile JSON\nhint: Fix it, or move it away (\`mv ${file} ${file}.bak\`) and run \`asckit auth login\` again.\n`;
    for (const args of [["apps", "list"], ["auth", "list"], ["auth", "use", "work"], ["auth", "logout"], ["auth", "logout", "work"], ["auth", "login", "--key-id", KEY_ID, "--private-key-path", p8]]) {
      const r = await run(args);
      expect(r, args.join(" ")).toMatchObject({ code: 3, stdout: "", stderr: expected });
    }
    // Nothing overwrote the file the user may want to repair.
    expect(readFileSync(file, "utf8")).toBe("{not json");
  });
});

describe("auth logout", () => {
  it("of the default, with one profile left: that one becomes the default, and it says so", async () => {
    save("work", "ci");
    const r = await run(["auth", "logout", "work"]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toBe('removed profile "work"\n"ci" is now the default profile\n');
    expect(store().defaultName()).toBe("ci");
    expect(JSON.parse((await run(["auth", "list"])).stdout)).toEqual([expect.objectContaining({ name: "ci", default: true })]);
  });

  it("of the default, with several left: none is the default; `auth use NAME` picks one, and `auth status` says so", async () => {
    save("work", "ci", "staging");
    const r = await run(["auth", "logout", "work"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('removed profile "work"\nno profile is the default now; pick one with `asckit auth use NAME` (saved: ci, staging)\n');
    expect(store().defaultName()).toBeUndefined();

    const status = await run(["auth", "status"]);
    expect(status).toMatchObject({ code: 3, stdout: "" });
    expect(status.stderr).toMatch(/^error: Missing App Store Connect key ID .*; saved profiles exist but none is the default\n/);
    expect(status.stderr).toMatch(/\nhint: Pick one with `asckit auth use NAME` \(saved: ci, staging\), or pass --profile NAME; `asckit auth login` saves a new one\.\n$/);
  });

  it("that leaves one profile when none was the default: that one becomes the default, and it says so", async () => {
    save("x", "y", "z");
    store().use("z");
    expect((await run(["auth", "logout", "z"])).stderr).toContain("no profile is the default now");
    const r = await run(["auth", "logout", "x"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('removed profile "x"\n"y" is now the default profile\n');
    expect(store().defaultName()).toBe("y");
  });

  it("of another profile leaves the default alone and says nothing more", async () => {
    save("work", "ci");
    const r = await run(["auth", "logout", "ci"]);
    expect(r).toMatchObject({ code: 0, stderr: 'removed profile "ci"\n' });
    expect(store().defaultName()).toBe("work");
  });

  it("without a name logs out the default profile and names it", async () => {
    save("work", "ci");
    const r = await run(["auth", "logout"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('removed profile "work" (the default)\n"ci" is now the default profile\n');
    expect(store().list().map((p) => p.name)).toEqual(["ci"]);
  });

  it("without a name and no default is a usage error (exit 2) listing the saved names", async () => {
    save("work", "ci", "staging");
    await run(["auth", "logout", "work"]);
    const r = await run(["auth", "logout"]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toBe("error: No default profile to log out; name one of: ci, staging.\nhint: Run `asckit auth logout NAME`, e.g. `asckit auth logout ci`.\n");
    expect(store().list().map((p) => p.name)).toEqual(["ci", "staging"]);

    const none = await run(["auth", "logout"], { ASCKIT_CONFIG_DIR: path.join(dir, "empty"), HOME: dir });
    expect(none).toMatchObject({ code: 2, stderr: "error: No saved profiles to log out.\nhint: `asckit auth login` saves one.\n" });
  });

  it("the global --profile names the profile to log out, not the default", async () => {
    save("work", "ci");
    expect((await run(["--profile", "ci", "auth", "logout"])).stderr).toBe('removed profile "ci"\n');
    expect(store().list().map((p) => p.name)).toEqual(["work"]);
    const clash = await run(["auth", "logout", "work", "--profile", "other"]);
    expect(clash.code).toBe(2);
    expect(store().list().map((p) => p.name)).toEqual(["work"]);
  });

  it("of an unknown name is not found (exit 4) and lists the saved ones", async () => {
    save("work");
    const r = await run(["auth", "logout", "nope"]);
    expect(r).toMatchObject({ code: 4, stderr: 'error: No saved profile "nope"; saved: work.\nhint: See `asckit auth list`.\n' });
  });
});

describe("a directory given as the private key", () => {
  it("reads the same from `auth login --private-key-path` as from ASC_PRIVATE_KEY_PATH: exit 3, with a hint", async () => {
    const keys = path.join(dir, "keys");
    mkdirSync(keys);
    const hint = "hint: Name the .p8 file (AuthKey_<KEY_ID>.p8) itself, not the directory it is in.\n";

    const login = await run(["auth", "login", "--key-id", KEY_ID, "--issuer-id", ISSUER, "--private-key-path", keys]);
    expect(login).toMatchObject({ code: 3, stdout: "" });
    expect(login.stderr).toBe(`error: Cannot read the private key file ${keys} (from --private-key-path): it is a directory\n${hint}`);
    expect(store().list()).toEqual([]);

    const viaEnv = await run(["auth", "login", "--key-id", KEY_ID, "--issuer-id", ISSUER], { ...only(), ASC_PRIVATE_KEY_PATH: keys });
    expect(viaEnv).toMatchObject({ code: 3, stderr: `error: Cannot read the private key file ${keys} (from ASC_PRIVATE_KEY_PATH): it is a directory\n${hint}` });

    const command = await run(["apps", "list"], { ...only(), ASC_KEY_ID: KEY_ID, ASC_ISSUER_ID: ISSUER, ASC_PRIVATE_KEY_PATH: keys });
    expect(command).toMatchObject({ code: 3, stderr: `error: Cannot read the private key file ${keys} (from ASC_PRIVATE_KEY_PATH): it is a directory\n${hint}` });
  });

  it("a missing key file from `auth login` is exit 3 too, with the lost-key hint", async () => {
    const missing = path.join(dir, "AuthKey_NOPE.p8");
    const r = await run(["auth", "login", "--key-id", KEY_ID, "--private-key-path", missing]);
    expect(r).toMatchObject({ code: 3, stdout: "" });
    expect(r.stderr).toMatch(new RegExp(`^error: Cannot read the private key file ${missing.replace(/[.]/g, "\\.")} \\(from --private-key-path\\): no such file\nhint: Check the path; the \\.p8 can be downloaded only once`));
  });
});
