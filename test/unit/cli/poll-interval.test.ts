// --interval has a floor: a second against Apple's host (every poll spends the key's hourly
// budget), 100 ms elsewhere (an emulator), and never zero.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createProfileStore } from "../../../src/auth/profile-store.js";
import type { GlobalOptions } from "../../../src/cli/context.js";
import type { CliIO } from "../../../src/cli/io.js";
import { parsePollInterval } from "../../../src/cli/poll-interval.js";
import { ValidationError } from "../../../src/errors/asckit-error.js";
import { p256Key } from "../auth/test-keys.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-interval-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ctx = (env: Record<string, string> = {}, global: GlobalOptions = {}) => ({ io: { env: { ASCKIT_CONFIG_DIR: path.join(dir, "none"), ...env }, cwd: dir } as unknown as CliIO, global });
const refusal = (promise: Promise<number>) =>
  promise.then(
    (ms) => expect.fail(`accepted ${ms} ms`),
    (e: unknown) => {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).category).toBe("usage");
      return e as ValidationError;
    },
  );

describe("parsePollInterval", () => {
  it("accepts a second or more anywhere", async () => {
    expect(await parsePollInterval(ctx(), "1s")).toBe(1000);
    expect(await parsePollInterval(ctx(), "30s")).toBe(30_000);
  });

  it("refuses 0, 1ms and anything under 100 ms everywhere, with a hint", async () => {
    for (const text of ["0", "1ms", "99ms"]) {
      const e = await refusal(parsePollInterval(ctx({ ASC_BASE_URL: "http://127.0.0.1:4010" }), text));
      expect(e.message).toBe(`--interval ${text} is too short: polls must be at least 100ms apart.`);
      expect(e.hint).toMatch(/--interval 30s/);
    }
  });

  it("refuses under a second against Apple's host, the default", async () => {
    expect((await refusal(parsePollInterval(ctx(), "500ms"))).message).toMatch(/too short for App Store Connect: polls must be at least 1s apart/);
    expect((await refusal(parsePollInterval(ctx({ ASC_BASE_URL: "https://api.appstoreconnect.apple.com" }), "0.5"))).field).toBe("--interval");
  });

  it("allows 100 ms and up against another base URL: flag, env or the saved profile", async () => {
    expect(await parsePollInterval(ctx({}, { baseUrl: "http://127.0.0.1:4010" }), "100ms")).toBe(100);
    expect(await parsePollInterval(ctx({ ASC_BASE_URL: "http://127.0.0.1:4010" }), "300ms")).toBe(300);
    const keyFile = path.join(dir, "AuthKey_ABC123DEF4.p8");
    writeFileSync(keyFile, p256Key().pkcs8Pem);
    createProfileStore({ dir: path.join(dir, "config") }).save({ name: "emu", keyId: "ABC123DEF4", issuerId: "57246542-96fe-1a63-e053-0824d011072a", privateKeyPath: keyFile, baseUrl: "http://127.0.0.1:4010" }, { makeDefault: true });
    expect(await parsePollInterval(ctx({ ASCKIT_CONFIG_DIR: path.join(dir, "config") }), "250ms")).toBe(250);
  });

  it("finds the base URL as the client will, even when the key itself cannot be loaded (reported later, when the client is made)", async () => {
    const config = path.join(dir, "config-broken");
    createProfileStore({ dir: config }).save({ name: "emu", keyId: "ABC123DEF4", issuerId: "57246542-96fe-1a63-e053-0824d011072a", privateKeyPath: path.join(dir, "gone.p8"), baseUrl: "http://127.0.0.1:4010" }, { makeDefault: true });
    expect(await parsePollInterval(ctx({ ASCKIT_CONFIG_DIR: config }), "250ms")).toBe(250);
    // The flag outranks the profile, and env outranks it too, as for the client.
    expect((await refusal(parsePollInterval(ctx({ ASCKIT_CONFIG_DIR: config }, { baseUrl: "https://api.appstoreconnect.apple.com" }), "250ms"))).message).toMatch(/too short for App Store Connect/);
    expect((await refusal(parsePollInterval(ctx({ ASCKIT_CONFIG_DIR: config, ASC_BASE_URL: "https://api.appstoreconnect.apple.com" }), "250ms"))).message).toMatch(/too short for App Store Connect/);
  });

  it("names the flag it parses", async () => {
    expect((await refusal(parsePollInterval(ctx(), "0", "--poll"))).message).toMatch(/^--poll 0/);
  });
});
