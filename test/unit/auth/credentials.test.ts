import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsckitError } from "../../../src/errors/asckit-error.js";
import { CredentialsError } from "../../../src/auth/credentials-error.js";
import { resolveBaseUrl, resolveCredentials } from "../../../src/auth/credentials.js";
import type { CredentialInputs, Credentials, ResolveCredentialsOptions } from "../../../src/auth/credentials.js";
import { KeyFormatError } from "../../../src/auth/key-format-error.js";
import { createProfileStore } from "../../../src/auth/profile-store.js";
import type { ProfileStore } from "../../../src/auth/profile-store.js";
import { leaksKeyText, p256Key } from "./test-keys.js";

const ISSUER = "57246542-96fe-1a63-e053-0824d011072a";
const ISSUER_2 = "69a6de70-03db-47e3-e053-5b8c7c11a4d1";
const HOME = "/home/dev";

// Three distinct keys so a test can tell which one was picked.
const flagKey = p256Key();
const envKey = p256Key();
const profileKey = p256Key();
const escaped = (pem: string) => pem.trim().replace(/\n/g, "\\n");

let files: Map<string, string>;
const readFile = (p: string) => {
  const text = files.get(p);
  if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT" });
  return text;
};

let root: string;
let profiles: ProfileStore;
beforeEach(() => {
  files = new Map([
    ["/keys/AuthKey_FLAG000001.p8", flagKey.pkcs8Pem],
    [`${HOME}/keys/AuthKey_ENVKEY0001.p8`, envKey.pkcs8Pem],
    ["/keys/AuthKey_PROFILE001.p8", profileKey.pkcs8Pem],
  ]);
  root = mkdtempSync(path.join(tmpdir(), "asckit-creds-"));
  profiles = createProfileStore({ dir: root });
  profiles.save({ name: "work", keyId: "PROFILE001", issuerId: ISSUER_2, privateKeyPath: "/keys/AuthKey_PROFILE001.p8", baseUrl: "http://127.0.0.1:4010" });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function resolve(flags: CredentialInputs, env: Record<string, string | undefined> = {}, extra: Partial<ResolveCredentialsOptions> = {}) {
  return resolveCredentials({ flags, env, profiles, readFile, homedir: HOME, ...extra });
}

function failure(fn: () => unknown): AsckitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AsckitError);
    return e as AsckitError;
  }
  throw new Error("expected an error");
}

const noKeyText = (c: Credentials) => {
  for (const k of [flagKey, envKey, profileKey]) expect(leaksKeyText(c.keySource, k.pkcs8Pem)).toBe(false);
};

describe("sources", () => {
  it("env only: key text with literal \\n, team key", () => {
    const c = resolve({}, { ASC_KEY_ID: "ENVKEY0001", ASC_ISSUER_ID: ISSUER, ASC_PRIVATE_KEY: escaped(envKey.pkcs8Pem) }, { profiles: undefined });
    expect(c).toEqual({
      keyId: "ENVKEY0001",
      issuerId: ISSUER,
      privateKeyPem: envKey.pkcs8Pem,
      keySource: "env ASC_PRIVATE_KEY",
      keyType: "team",
      warnings: [],
    });
  });

  it("env ASC_PRIVATE_KEY_B64 (base64 of the PEM)", () => {
    const c = resolve({}, { ASC_KEY_ID: "ENVKEY0001", ASC_PRIVATE_KEY_B64: Buffer.from(envKey.pkcs8Pem).toString("base64") });
    expect(c.privateKeyPem).toBe(envKey.pkcs8Pem);
    expect(c.keySource).toBe("env ASC_PRIVATE_KEY_B64");
    expect(c.keyType).toBe("individual");
    expect(c.issuerId).toBeUndefined();
    noKeyText(c);
  });

  it("env ASC_PRIVATE_KEY_PATH with ~ expanded; values trimmed", () => {
    const c = resolve({}, { ASC_KEY_ID: " ENVKEY0001\n", ASC_ISSUER_ID: `${ISSUER}\n`, ASC_PRIVATE_KEY_PATH: "~/keys/AuthKey_ENVKEY0001.p8" });
    expect(c.keySource).toBe(`file ${HOME}/keys/AuthKey_ENVKEY0001.p8 (ASC_PRIVATE_KEY_PATH)`);
    expect(c.keyId).toBe("ENVKEY0001");
    expect(c.issuerId).toBe(ISSUER);
    expect(c.privateKeyPem).toBe(envKey.pkcs8Pem);
  });

  it("takes the key ID from an AuthKey_<KEY_ID>.p8 file name when none is given", () => {
    const c = resolve({ privateKeyPath: "/keys/AuthKey_FLAG000001.p8", issuerId: ISSUER });
    expect(c.keyId).toBe("FLAG000001");
    expect(c.warnings).toEqual([]);
  });

  it("warns when the file name names another key ID", () => {
    const c = resolve({ privateKeyPath: "/keys/AuthKey_FLAG000001.p8", keyId: "OTHER00001" });
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings?.[0]).toMatch(/named for key ID FLAG000001 but the key ID is OTHER00001 \(flag --key-id\)/);
  });
});

describe("precedence: flags > env > profile", () => {
  const env = { ASC_KEY_ID: "ENVKEY0001", ASC_ISSUER_ID: ISSUER, ASC_PRIVATE_KEY_PATH: "~/keys/AuthKey_ENVKEY0001.p8", ASC_BASE_URL: "http://127.0.0.1:5000" };

  it("flags beat env field by field", () => {
    const c = resolve({ keyId: "FLAG000001", privateKeyPath: "/keys/AuthKey_FLAG000001.p8" }, env);
    expect(c.keyId).toBe("FLAG000001");
    expect(c.privateKeyPem).toBe(flagKey.pkcs8Pem);
    expect(c.keySource).toBe("file /keys/AuthKey_FLAG000001.p8 (--private-key-path)");
    expect(c.issuerId).toBe(ISSUER); // not given by flags: from env
    expect(c.baseUrl).toBe("http://127.0.0.1:5000");
    expect(c.profile).toBeUndefined();
  });

  it("a named profile fills only what flags and env leave out", () => {
    const c = resolve({ keyId: "FLAG000001", privateKey: flagKey.pkcs8Pem, profile: "work" }, {});
    expect(c.keyId).toBe("FLAG000001");
    expect(c.privateKeyPem).toBe(flagKey.pkcs8Pem);
    expect(c.keySource).toBe("flag --private-key");
    expect(c.issuerId).toBe(ISSUER_2);
    expect(c.baseUrl).toBe("http://127.0.0.1:4010");
    expect(c.profile).toBe("work");
  });

  it("ASC_PROFILE selects a profile; env fields still beat it", () => {
    const c = resolve({}, { ASC_PROFILE: "work", ASC_BASE_URL: "http://127.0.0.1:5000" });
    expect(c.keyId).toBe("PROFILE001");
    expect(c.privateKeyPem).toBe(profileKey.pkcs8Pem);
    expect(c.keySource).toBe("profile work (file /keys/AuthKey_PROFILE001.p8)");
    expect(c.baseUrl).toBe("http://127.0.0.1:5000");
    expect(c.keyType).toBe("team");
  });

  it("the default profile is used when nothing else names a key", () => {
    const c = resolve({}, {});
    expect(c.profile).toBe("work");
    expect(c.keyId).toBe("PROFILE001");
    expect(c.issuerId).toBe(ISSUER_2);
  });

  it("the default profile is not mixed with a key ID from env", () => {
    const e = failure(() => resolve({}, { ASC_KEY_ID: "ENVKEY0001" }));
    expect(e.message).toMatch(/^Missing App Store Connect private key \(/);
    expect(e.hint).toMatch(/default profile "work" was not used .* --profile work/);
  });

  it('an empty issuer ID means an individual key even when a profile has one', () => {
    const c = resolve({ issuerId: "" }, {}, {});
    expect(c.keyType).toBe("individual");
    expect(c.issuerId).toBeUndefined();
    const d = resolve({}, { ASC_ISSUER_ID: "", ASC_PROFILE: "work" });
    expect(d.keyType).toBe("individual");
  });

  it("an unknown named profile is an auth error listing known profiles", () => {
    const e = failure(() => resolve({ profile: "prod" }));
    expect(e.category).toBe("auth");
    expect(e.message).toBe('No profile named "prod" (from --profile); known profiles: work');
  });
});

describe("a broken profile file", () => {
  const corrupt = () => {
    writeFileSync(path.join(root, "profiles.json"), "{not json");
    return path.join(root, "profiles.json");
  };
  const envKeys = { ASC_KEY_ID: "ENVKEY0001", ASC_ISSUER_ID: ISSUER, ASC_PRIVATE_KEY_PATH: "~/keys/AuthKey_ENVKEY0001.p8", ASC_BASE_URL: "http://127.0.0.1:5000" };

  it("does not matter when env or flags give the whole key", () => {
    corrupt();
    expect(resolve({}, envKeys)).toMatchObject({ keyId: "ENVKEY0001", privateKeyPem: envKey.pkcs8Pem, baseUrl: "http://127.0.0.1:5000" });
    expect(resolve({ keyId: "FLAG000001", privateKeyPath: "/keys/AuthKey_FLAG000001.p8" }, {}).keyId).toBe("FLAG000001");
    expect(resolveBaseUrl({ flags: {}, env: envKeys, profiles, readFile, homedir: HOME })).toBe("http://127.0.0.1:5000");
  });

  it("nor when the key is only partly given: the missing part is the error, without the default-profile hint", () => {
    corrupt();
    const e = failure(() => resolve({}, { ASC_KEY_ID: "ENVKEY0001" }));
    expect(e.message).toMatch(/^Missing App Store Connect private key \(/);
    expect(e.hint).not.toMatch(/default profile/);
  });

  it("is the error when the profile is needed: nothing else gives a key, or a profile is named", () => {
    const file = corrupt();
    for (const run of [() => resolve({}, {}), () => resolve({}, { ASC_PROFILE: "work" }), () => resolve({ profile: "work" }, envKeys)]) {
      const e = failure(run);
      expect(e).toBeInstanceOf(CredentialsError);
      expect(e.category).toBe("auth");
      expect(e.message).toBe(`The profile file ${file} is not valid asckit profile JSON`);
      expect(e.hint).toContain(file);
    }
  });
});

describe("saved profiles but no default", () => {
  it("the hint is `asckit auth use NAME` with the saved names, not only `auth login`", () => {
    profiles.save({ name: "ci", keyId: "PROFILE001", privateKeyPath: "/keys/AuthKey_PROFILE001.p8" });
    profiles.save({ name: "other", keyId: "PROFILE001", privateKeyPath: "/keys/AuthKey_PROFILE001.p8" });
    profiles.remove("work");
    expect(profiles.defaultName()).toBeUndefined();
    const e = failure(() => resolve({}, {}));
    expect(e.category).toBe("auth");
    expect(e.message).toMatch(/^Missing App Store Connect key ID .* and private key .*; saved profiles exist but none is the default$/);
    expect(e.hint).toBe("Pick one with `asckit auth use NAME` (saved: ci, other), or pass --profile NAME; `asckit auth login` saves a new one.");
  });

  it("with no saved profiles the hint stays `auth login`", () => {
    profiles.remove("work");
    const e = failure(() => resolve({}, {}));
    expect(e.message).toMatch(/; or run `asckit auth login`$/);
    expect(e.hint).toMatch(/^Run `asckit auth login`/);
  });
});

describe("fastlane API key JSON", () => {
  it("with key content (PEM with \\n escapes), in_house and duration", () => {
    files.set("/ci/api_key.json", JSON.stringify({ key_id: "FLAG000001", issuer_id: ISSUER, key: flagKey.pkcs8Pem, in_house: false, duration: 1200 }));
    const c = resolve({ apiKeyFile: "/ci/api_key.json" });
    expect(c).toEqual({
      keyId: "FLAG000001",
      issuerId: ISSUER,
      privateKeyPem: flagKey.pkcs8Pem,
      keySource: "fastlane API key file /ci/api_key.json",
      keyType: "team",
      tokenLifetimeSeconds: 1200,
      inHouse: false,
      warnings: [],
    });
  });

  it("with the key double-escaped (literal backslash-n after JSON parsing)", () => {
    files.set("/ci/api_key.json", `{"key_id":"FLAG000001","issuer_id":"${ISSUER}","key":"${escaped(flagKey.pkcs8Pem).replace(/\\/g, "\\\\")}"}`);
    expect(resolve({ apiKeyFile: "/ci/api_key.json" }).privateKeyPem).toBe(flagKey.pkcs8Pem);
  });

  it("with key_filepath, relative to the JSON file, via ASC_API_KEY_FILE", () => {
    files.set(`${HOME}/ci/api_key.json`, JSON.stringify({ key_id: "ENVKEY0001", issuer_id: ISSUER, key_filepath: "AuthKey_ENVKEY0001.p8" }));
    files.set(`${HOME}/ci/AuthKey_ENVKEY0001.p8`, envKey.pkcs8Pem);
    const c = resolve({}, { ASC_API_KEY_FILE: "~/ci/api_key.json" });
    expect(c.keyId).toBe("ENVKEY0001");
    expect(c.privateKeyPem).toBe(envKey.pkcs8Pem);
    expect(c.keySource).toBe(`file ${HOME}/ci/AuthKey_ENVKEY0001.p8 (key_filepath in fastlane API key file ${HOME}/ci/api_key.json)`);
  });

  it("a file without issuer_id is an individual key, even if env has an issuer", () => {
    files.set("/ci/individual.json", JSON.stringify({ key_id: "FLAG000001", key: flagKey.pkcs8Pem }));
    const c = resolve({ apiKeyFile: "/ci/individual.json" }, { ASC_ISSUER_ID: ISSUER });
    expect(c.keyType).toBe("individual");
  });

  it("explicit flags beat the file's fields", () => {
    files.set("/ci/api_key.json", JSON.stringify({ key_id: "FLAG000001", issuer_id: ISSUER, key: flagKey.pkcs8Pem }));
    expect(resolve({ apiKeyFile: "/ci/api_key.json", issuerId: ISSUER_2 }).issuerId).toBe(ISSUER_2);
  });

  it("invalid JSON is reported without quoting the file", () => {
    const broken = `{"key_id":"FLAG000001","key":"${escaped(flagKey.pkcs8Pem)}",}`;
    files.set("/ci/broken.json", broken);
    const e = failure(() => resolve({ apiKeyFile: "/ci/broken.json" }));
    expect(e.message).toBe("The fastlane API key file /ci/broken.json is not a JSON object");
    expect(leaksKeyText(`${e.message} ${e.hint}`, flagKey.pkcs8Pem)).toBe(false);
  });

  it("refuses a duration over 1200 s", () => {
    files.set("/ci/long.json", JSON.stringify({ key_id: "FLAG000001", key: flagKey.pkcs8Pem, duration: 1201 }));
    expect(() => resolve({ apiKeyFile: "/ci/long.json" })).toThrow(/"duration" .* from 1 to 1200/);
  });
});

describe("missing and broken credentials", () => {
  const none = { profiles: undefined };

  it("names everything missing and how to provide it", () => {
    const e = failure(() => resolve({}, {}, none));
    expect(e).toBeInstanceOf(CredentialsError);
    expect(e.category).toBe("auth");
    expect(e.message).toBe(
      "Missing App Store Connect key ID (--key-id or ASC_KEY_ID) and private key (--private-key-path or ASC_PRIVATE_KEY_PATH, ASC_PRIVATE_KEY, ASC_PRIVATE_KEY_B64); or run `asckit auth login`",
    );
    expect(e.hint).toMatch(/asckit auth login.*--api-key-file/);
  });

  it("names only the private key when the key ID is present", () => {
    expect(failure(() => resolve({}, { ASC_KEY_ID: "ENVKEY0001" }, none)).message).toBe(
      "Missing App Store Connect private key (--private-key-path or ASC_PRIVATE_KEY_PATH, ASC_PRIVATE_KEY, ASC_PRIVATE_KEY_B64); or run `asckit auth login`",
    );
  });

  it("names only the key ID when the key is present", () => {
    const e = failure(() => resolve({}, { ASC_PRIVATE_KEY: envKey.pkcs8Pem }, none));
    expect(e.message).toBe("Missing App Store Connect key ID (--key-id or ASC_KEY_ID); or run `asckit auth login`");
  });

  it("treats empty env values as unset (unset CI secrets)", () => {
    const c = resolve({}, { ASC_KEY_ID: "ENVKEY0001", ASC_PRIVATE_KEY: "", ASC_PRIVATE_KEY_PATH: "~/keys/AuthKey_ENVKEY0001.p8" }, none);
    expect(c.privateKeyPem).toBe(envKey.pkcs8Pem);
  });

  it("a missing key file is an auth error naming the path", () => {
    const e = failure(() => resolve({ keyId: "FLAG000001", privateKeyPath: "/nope/AuthKey_FLAG000001.p8" }, {}, none));
    expect(e.category).toBe("auth");
    expect(e.message).toBe("Cannot read the private key file /nope/AuthKey_FLAG000001.p8 (from --private-key-path): no such file");
  });

  it("a wrong key type names its source and never the key", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "pem", type: "pkcs8" }) as string;
    const e = failure(() => resolve({}, { ASC_KEY_ID: "ENVKEY0001", ASC_PRIVATE_KEY: escaped(rsa) }, none));
    expect(e).toBeInstanceOf(KeyFormatError);
    expect(e.message).toMatch(/^The private key from env ASC_PRIVATE_KEY is an RSA key;/);
    expect(leaksKeyText(`${e.message} ${e.hint}`, rsa)).toBe(false);
  });

  it("two keys in one layer is an error, not a silent pick", () => {
    const e = failure(() => resolve({ keyId: "FLAG000001", privateKey: flagKey.pkcs8Pem, privateKeyPath: "/keys/AuthKey_FLAG000001.p8" }, {}, none));
    expect(e.category).toBe("usage");
    expect(e.message).toBe("Give only one private key, not --private-key and --private-key-path");
  });

  it("refuses a malformed issuer ID or base URL", () => {
    expect(failure(() => resolve({ keyId: "FLAG000001", privateKey: flagKey.pkcs8Pem, issuerId: "team-1" }, {}, none)).message).toMatch(
      /^The issuer ID from flag --issuer-id is not a UUID/,
    );
    const e = failure(() => resolve({ keyId: "FLAG000001", privateKey: flagKey.pkcs8Pem }, { ASC_BASE_URL: "localhost:4010" }, none));
    // Configuration, like a bad key ID: exit 3, not a usage error.
    expect(e.category).toBe("auth");
    expect(e.message).toMatch(/env ASC_BASE_URL is not an http\(s\) URL/);
    const v1 = failure(() => resolve({ keyId: "FLAG000001", privateKey: flagKey.pkcs8Pem, baseUrl: "http://127.0.0.1:4010/v1/" }, {}, none));
    expect(v1.category).toBe("auth");
    expect(v1.message).toBe("The base URL from flag --base-url has a path (/v1): asckit adds /v1/… to every path itself");
    expect((v1 as { hint?: string }).hint).toBe("Use http://127.0.0.1:4010");
    const secret = failure(() => resolve({ keyId: "FLAG000001", privateKey: flagKey.pkcs8Pem }, { ASC_BASE_URL: "https://me:hunter2@proxy.example.com" }, none));
    expect(secret.message).toBe("The base URL from env ASC_BASE_URL must not contain a user name or password");
    expect(`${secret.message} ${(secret as { hint?: string }).hint}`).not.toContain("hunter2");
  });

  it("refuses key text pasted into the key ID without echoing it", () => {
    const e = failure(() => resolve({}, { ASC_KEY_ID: envKey.pkcs8Pem, ASC_PRIVATE_KEY: envKey.pkcs8Pem }, none));
    expect(e.message).toMatch(/key ID from env ASC_KEY_ID looks like private key text/);
    expect(leaksKeyText(`${e.message} ${e.hint}`, envKey.pkcs8Pem)).toBe(false);
  });
});
