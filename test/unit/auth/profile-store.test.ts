import * as fs from "node:fs";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsckitError, ValidationError } from "../../../src/errors/asckit-error.js";
import { CredentialsError } from "../../../src/auth/credentials-error.js";
import { createProfileStore, defaultConfigDir } from "../../../src/auth/profile-store.js";
import type { Profile, ProfileStoreFs } from "../../../src/auth/profile-store.js";

const ISSUER = "57246542-96fe-1a63-e053-0824d011072a";
const team: Profile = { name: "team", keyId: "2X9R4HXF34", issuerId: ISSUER, privateKeyPath: "/keys/AuthKey_2X9R4HXF34.p8" };
const solo: Profile = { name: "solo", keyId: "ABCDE12345", privateKeyPath: "/keys/AuthKey_ABCDE12345.p8", baseUrl: "http://127.0.0.1:4010" };

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "asckit-profiles-"));
  dir = path.join(root, "config", "asckit");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;

describe("profile store", () => {
  it("is empty and writes nothing before the first save", () => {
    const store = createProfileStore({ dir });
    expect(store.list()).toEqual([]);
    expect(store.get("team")).toBeUndefined();
    expect(store.defaultName()).toBeUndefined();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("round-trips profiles; the first becomes the default", () => {
    const store = createProfileStore({ dir });
    store.save(team);
    store.save(solo);
    expect(store.get("team")).toEqual(team);
    expect(store.get("solo")).toEqual(solo);
    expect(store.list().map((p) => p.name)).toEqual(["solo", "team"]);
    expect(store.defaultName()).toBe("team");
    // A second store on the same dir sees the same data (it is on disk, not in memory).
    expect(createProfileStore({ dir }).get("team")).toEqual(team);
  });

  it("stores only the key path, as JSON, in a 0600 file inside a 0700 directory", () => {
    const store = createProfileStore({ dir });
    store.save(team);
    expect(store.file).toBe(path.join(dir, "profiles.json"));
    expect(mode(store.file)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(JSON.parse(readFileSync(store.file, "utf8"))).toEqual({
      version: 1,
      default: "team",
      profiles: { team: { keyId: "2X9R4HXF34", issuerId: ISSUER, privateKeyPath: "/keys/AuthKey_2X9R4HXF34.p8" } },
    });
  });

  it("replaces a wider-permission file with a 0600 one", () => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "profiles.json");
    writeFileSync(file, JSON.stringify({ version: 1, profiles: {} }), { mode: 0o644 });
    createProfileStore({ dir }).save(team);
    expect(mode(file)).toBe(0o600);
  });

  it("makeDefault, use and remove manage the default", () => {
    const store = createProfileStore({ dir });
    store.save(team);
    store.save(solo, { makeDefault: true });
    expect(store.defaultName()).toBe("solo");
    store.use("team");
    expect(store.defaultName()).toBe("team");
    // Removing the default leaves one profile: that one is the default, as after a first save.
    expect(store.remove("team")).toEqual({ wasDefault: true, default: "solo", remaining: ["solo"] });
    expect(store.remove("team")).toBeUndefined();
    expect(store.defaultName()).toBe("solo");
    expect(store.list()).toEqual([solo]);
    expect(store.remove("solo")).toEqual({ wasDefault: true, default: undefined, remaining: [] });
    expect(store.list()).toEqual([]);
  });

  it("removing the default among several leaves none default; removing another keeps it", () => {
    const store = createProfileStore({ dir });
    const ci: Profile = { ...team, name: "ci" };
    store.save(team);
    store.save(solo);
    store.save(ci);
    expect(store.remove("solo")).toEqual({ wasDefault: false, default: "team", remaining: ["ci", "team"] });
    expect(store.defaultName()).toBe("team");
    store.save(solo);
    expect(store.remove("team")).toEqual({ wasDefault: true, default: undefined, remaining: ["ci", "solo"] });
    expect(store.defaultName()).toBeUndefined();
    expect(JSON.parse(readFileSync(store.file, "utf8"))).not.toHaveProperty("default");
  });

  it("use() of an unknown profile is not_found and names the known ones", () => {
    const store = createProfileStore({ dir });
    store.save(team);
    try {
      store.use("prod");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AsckitError);
      expect((e as AsckitError).category).toBe("not_found");
      expect((e as Error).message).toBe('No profile named "prod" (known: team)');
    }
  });

  it("refuses relative key paths and bad names", () => {
    const store = createProfileStore({ dir });
    expect(() => store.save({ ...team, privateKeyPath: "keys/AuthKey.p8" })).toThrow(ValidationError);
    expect(() => store.save({ ...team, name: "my profile" })).toThrow(ValidationError);
    expect(() => store.save({ ...team, name: "__proto__" })).toThrow(ValidationError);
  });

  it("writes atomically: a failed rename leaves the old file intact and no temp file behind", () => {
    const store = createProfileStore({ dir });
    store.save(team);
    const before = readFileSync(store.file, "utf8");
    const failing: ProfileStoreFs = {
      ...fs,
      renameSync: () => {
        throw Object.assign(new Error("disk full"), { code: "ENOSPC" });
      },
    };
    expect(() => createProfileStore({ dir, fs: failing }).save(solo)).toThrow(/disk full/);
    expect(readFileSync(store.file, "utf8")).toBe(before);
    expect(readdirSync(dir)).toEqual(["profiles.json"]);
  });

  it("writes through a temp file in the same directory, then renames it over", () => {
    const renames: Array<[string, string]> = [];
    const spying: ProfileStoreFs = {
      ...fs,
      renameSync: (from, to) => {
        renames.push([String(from), String(to)]);
        fs.renameSync(from, to);
      },
    };
    createProfileStore({ dir, fs: spying }).save(team);
    expect(renames).toHaveLength(1);
    const [from, to] = renames[0]!;
    expect(path.dirname(from)).toBe(dir);
    expect(path.basename(from)).toMatch(/^profiles\.json\.[0-9a-f]{12}\.tmp$/);
    expect(to).toBe(path.join(dir, "profiles.json"));
    expect(readdirSync(dir)).toEqual(["profiles.json"]);
  });

  it("reports a corrupt file as an auth error naming it, with a hint that keeps it for repair", () => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "profiles.json");
    writeFileSync(file, "{ not json");
    expect(() => createProfileStore({ dir }).list()).toThrow(CredentialsError);
    const e = (() => {
      try {
        createProfileStore({ dir }).defaultName();
      } catch (error) {
        return error as CredentialsError;
      }
      throw new Error("expected an error");
    })();
    expect(e.category).toBe("auth");
    expect(e.message).toBe(`The profile file ${file} is not valid asckit profile JSON`);
    expect(e.hint).toBe(`Fix it, or move it away (\`mv ${file} ${file}.bak\`) and run \`asckit auth login\` again.`);
  });

  it("a profile file that cannot be read (a directory in its place) gets a hint too", () => {
    fs.mkdirSync(path.join(dir, "profiles.json"), { recursive: true });
    try {
      createProfileStore({ dir }).list();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CredentialsError);
      expect((error as CredentialsError).message).toBe(`Cannot read the profile file ${path.join(dir, "profiles.json")} (EISDIR)`);
      expect((error as CredentialsError).hint).toMatch(/move it away and run `asckit auth login` again/);
    }
  });
});

describe("defaultConfigDir", () => {
  it("prefers ASCKIT_CONFIG_DIR, then an absolute XDG_CONFIG_HOME, then ~/.config", () => {
    expect(defaultConfigDir({ ASCKIT_CONFIG_DIR: "/etc/asckit", XDG_CONFIG_HOME: "/x" }, "/home/u")).toBe("/etc/asckit");
    expect(defaultConfigDir({ XDG_CONFIG_HOME: "/x" }, "/home/u")).toBe("/x/asckit");
    expect(defaultConfigDir({ XDG_CONFIG_HOME: "relative" }, "/home/u")).toBe("/home/u/.config/asckit");
    expect(defaultConfigDir({ ASCKIT_CONFIG_DIR: "", XDG_CONFIG_HOME: "" }, "/home/u")).toBe("/home/u/.config/asckit");
  });
});
