// `asckit auth login` in-process: the profile's name comes from --name or the global --profile,
// the key from the global key options (or a fastlane API key JSON), and the help says so.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProfileStore } from "../../../src/auth/index.js";
import { runMain } from "../../support/in-process-cli.js";
import { leaksKeyText, p256Key } from "./test-keys.js";

const KEY_ID = "2X9R4HXF34";
const ISSUER = "57246542-96fe-1a63-e053-0824d011072a";
const key = p256Key();
let dir: string;
let p8: string;
const env = () => ({ ASCKIT_CONFIG_DIR: path.join(dir, "config"), HOME: dir });
const store = () => createProfileStore({ dir: path.join(dir, "config") });
const login = (args: string[]) => runMain(["auth", "login", ...args], { env: env(), cwd: dir });
const keyArgs = () => ["--key-id", KEY_ID, "--issuer-id", ISSUER, "--private-key-path", p8];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "asckit-login-"));
  p8 = path.join(dir, `AuthKey_${KEY_ID}.p8`);
  writeFileSync(p8, key.pkcs8Pem, { mode: 0o600 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("auth login names the profile", () => {
  it("after the global --profile when --name is absent (before or after the verb)", async () => {
    const r = await login(["--profile", "work2", ...keyArgs()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`saved profile "work2" in ${path.join(dir, "config")} (default)\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: "work2", keyId: KEY_ID, issuerId: ISSUER, privateKeyPath: p8 });
    expect(store().list().map((p) => p.name)).toEqual(["work2"]);
    expect(store().defaultName()).toBe("work2");

    const before = await runMain(["--profile", "ci", "auth", "login", ...keyArgs(), "--no-default"], { env: env(), cwd: dir });
    expect(before.code).toBe(0);
    expect(store().list().map((p) => p.name).sort()).toEqual(["ci", "work2"]);
    expect(store().defaultName()).toBe("work2");
  });

  it('"default" with neither; --name alone as before; the same name twice is fine', async () => {
    expect((await login(keyArgs())).code).toBe(0);
    expect((await login(["--name", "work", ...keyArgs()])).code).toBe(0);
    expect((await login(["--name", "same", "--profile", "same", ...keyArgs()])).code).toBe(0);
    expect(store().list().map((p) => p.name).sort()).toEqual(["default", "same", "work"]);
  });

  it("refuses --name and --profile that differ, before saving anything (exit 2)", async () => {
    const r = await login(["--name", "work", "--profile", "work2", ...keyArgs()]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toBe("error: --name work and --profile work2 name different profiles.\nhint: Give one of them: the profile is saved under that name.\n");
    expect(store().list()).toEqual([]);
  });

  it("a missing profile's hint is a login command that creates it", async () => {
    const r = await runMain(["apps", "list", "--profile", "nope"], { env: env(), cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("hint: Create it with `asckit auth login --profile nope --key-id KEY_ID --issuer-id ISSUER_ID --private-key-path AuthKey_KEY_ID.p8`, or list profiles with `asckit auth list`.");
    // Following it, with real values, saves the profile the first command asked for.
    expect((await login(["--profile", "nope", ...keyArgs()])).code).toBe(0);
    expect(store().get("nope")).toMatchObject({ keyId: KEY_ID, privateKeyPath: p8 });
  });
});

describe("auth login takes the key from the global options", () => {
  it("--help lists them", async () => {
    const r = await runMain(["auth", "login", "--help"], { env: env() });
    expect(r.code).toBe(0);
    for (const flag of ["--key-id <id>", "--issuer-id <uuid>", "--private-key-path <file>", "--api-key-file <file>", "--base-url <url>", "--profile <name>"]) expect(r.stdout).toContain(`  ${flag}`);
    expect(r.stdout).toContain("The key comes from the global options");
  });

  it("--api-key-file: key_id, issuer_id and key_filepath (next to the JSON); flags still win", async () => {
    const json = path.join(dir, "keys.json");
    writeFileSync(json, JSON.stringify({ key_id: KEY_ID, issuer_id: ISSUER, key_filepath: path.basename(p8), in_house: false }));
    const r = await runMain(["auth", "login", "--profile", "ci", "--api-key-file", json], { env: env(), cwd: os.tmpdir() });
    expect(r.code).toBe(0);
    expect(store().get("ci")).toMatchObject({ keyId: KEY_ID, issuerId: ISSUER, privateKeyPath: p8 });

    // No issuer_id: an individual key, even with ASC_ISSUER_ID set.
    writeFileSync(json, JSON.stringify({ key_id: KEY_ID, key_filepath: p8 }));
    const solo = await runMain(["auth", "login", "--name", "solo", "--api-key-file", json], { env: { ...env(), ASC_ISSUER_ID: ISSUER } });
    expect(JSON.parse(solo.stdout)).toMatchObject({ name: "solo", keyType: "individual" });
  });

  it("an --api-key-file that is missing or not JSON is refused as every other command refuses it (exit 3)", async () => {
    const missing = path.join(dir, "nope.json");
    const r = await login(["--api-key-file", missing]);
    expect(r).toMatchObject({ code: 3, stdout: "", stderr: `error: Cannot read the fastlane API key file ${missing} (--api-key-file): no such file\nhint: Check the path and the current directory.\n` });
    const broken = path.join(dir, "broken.json");
    writeFileSync(broken, `{"key_id": "${KEY_ID}", "key": "${key.pkcs8Pem.replace(/\n/g, "\\n")}",}`);
    const b = await login(["--api-key-file", broken]);
    expect(b).toMatchObject({ code: 3, stdout: "" });
    expect(b.stderr).toMatch(new RegExp(`^error: The fastlane API key file ${broken.replace(/[.]/g, "\\.")} is not a JSON object\nhint: Expected `));
    expect(leaksKeyText(b.stderr, key.pkcs8Pem)).toBe(false);
    // The same file from a command other than login reads the same, exit code included.
    const other = await runMain(["apps", "list", "--api-key-file", missing], { env: env(), cwd: dir });
    expect(other).toMatchObject({ code: 3, stderr: `error: Cannot read the fastlane API key file ${missing} (--api-key-file): no such file\nhint: Check the path and the current directory.\n` });
    expect(store().list()).toEqual([]);
  });

  it("--api-key-file holding the key itself is refused: a profile saves a path, never the key", async () => {
    const json = path.join(dir, "inline.json");
    writeFileSync(json, JSON.stringify({ key_id: KEY_ID, issuer_id: ISSUER, key: key.pkcs8Pem }));
    const r = await login(["--api-key-file", json]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(/^error: .*inline\.json holds the key itself; a profile saves only the path of a \.p8 file\.\nhint: Save the key as AuthKey_<KEY_ID>\.p8/);
    expect(leaksKeyText(r.stderr, key.pkcs8Pem)).toBe(false);
    expect(store().list()).toEqual([]);
  });
});
