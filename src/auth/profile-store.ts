import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs";
import path from "node:path";
import { AsckitError, ValidationError } from "../errors/asckit-error.js";
import { CredentialsError } from "./credentials-error.js";

/**
 * Named sets of credentials saved by `asckit auth login`. Only the path of the .p8 is stored, never the key:
 * the user's own key file stays the one place the secret lives.
 */
export interface Profile {
  name: string;
  keyId: string;
  /** Absent for an individual key. */
  issuerId?: string;
  /** Absolute path of the .p8 file. */
  privateKeyPath: string;
  baseUrl?: string;
}

export interface ProfileStore {
  readonly file: string;
  list(): Profile[];
  get(name: string): Profile | undefined;
  save(profile: Profile, options?: { makeDefault?: boolean }): void;
  /** Undefined when there is no such profile. */
  remove(name: string): RemovedProfile | undefined;
  use(name: string): void;
  defaultName(): string | undefined;
}

export interface RemovedProfile {
  /** The removed profile was the default. */
  wasDefault: boolean;
  /** The default after the removal, if there is one. */
  default: string | undefined;
  /** The profiles left, sorted. */
  remaining: string[];
}

/** The few fs calls the store makes; injectable so tests can break a write half-way. */
export type ProfileStoreFs = Pick<
  typeof nodeFs,
  "readFileSync" | "mkdirSync" | "openSync" | "writeSync" | "fsyncSync" | "closeSync" | "renameSync" | "unlinkSync"
>;

interface StoreFile {
  version: 1;
  default?: string;
  profiles: Record<string, Omit<Profile, "name">>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function createProfileStore(options: { dir: string; fs?: ProfileStoreFs }): ProfileStore {
  const fs = options.fs ?? nodeFs;
  const file = path.join(options.dir, "profiles.json");

  function read(): StoreFile {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, profiles: Object.create(null) };
      throw new CredentialsError(`Cannot read the profile file ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`, {
        field: "profile",
        hint: `Make ${file} a file this user can read, or move it away and run \`asckit auth login\` again; ASCKIT_CONFIG_DIR points asckit at another directory.`,
      });
    }
    try {
      return parseStore(JSON.parse(text));
    } catch {
      // The parser's message quotes the text; say only which file, and a fix that keeps it for repair.
      throw new CredentialsError(`The profile file ${file} is not valid asckit profile JSON`, {
        field: "profile",
        hint: `Fix it, or move it away (\`mv ${file} ${file}.bak\`) and run \`asckit auth login\` again.`,
      });
    }
  }

  // Write to a fresh temp file in the same directory, fsync, then rename over the old file: a crash leaves
  // either the old or the new content, never half of one, and the file is 0600 from its first byte.
  function write(data: StoreFile): void {
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    const fd = fs.openSync(tmp, "wx", 0o600);
    try {
      try {
        fs.writeSync(fd, `${JSON.stringify(data, null, 2)}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
    } catch (error) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // already gone
      }
      throw error;
    }
  }

  const toProfile = (name: string, stored: Omit<Profile, "name">): Profile => ({ name, ...stored });

  return {
    file,
    list() {
      const data = read();
      return Object.keys(data.profiles)
        .sort()
        .map((name) => toProfile(name, data.profiles[name]!));
    },
    get(name) {
      const data = read();
      return Object.hasOwn(data.profiles, name) ? toProfile(name, data.profiles[name]!) : undefined;
    },
    save(profile, saveOptions = {}) {
      checkProfile(profile);
      const data = read();
      const { name, ...rest } = profile;
      data.profiles[name] = {
        keyId: rest.keyId,
        ...(rest.issuerId ? { issuerId: rest.issuerId } : {}),
        privateKeyPath: rest.privateKeyPath,
        ...(rest.baseUrl ? { baseUrl: rest.baseUrl } : {}),
      };
      // The first profile becomes the default so a single `auth login` is enough.
      if (saveOptions.makeDefault || data.default === undefined || !data.profiles[data.default]) data.default = name;
      write(data);
    },
    remove(name) {
      const data = read();
      if (!Object.hasOwn(data.profiles, name)) return undefined;
      delete data.profiles[name];
      const remaining = Object.keys(data.profiles).sort();
      const wasDefault = data.default === name;
      if (wasDefault) delete data.default;
      // Like the first save, a lone profile is the default (also when an earlier removal left none);
      // among several, guessing could send commands to the wrong team, so the user picks with `auth use`.
      if (data.default === undefined && remaining.length === 1) data.default = remaining[0];
      write(data);
      const current = data.default !== undefined && Object.hasOwn(data.profiles, data.default) ? data.default : undefined;
      return { wasDefault, default: current, remaining };
    },
    use(name) {
      const data = read();
      if (!Object.hasOwn(data.profiles, name)) {
        const known = Object.keys(data.profiles).sort();
        throw new AsckitError(`No profile named "${name}"${known.length ? ` (known: ${known.join(", ")})` : ""}`, {
          category: "not_found",
          hint: "List profiles with `asckit auth list`, or create one with `asckit auth login`.",
        });
      }
      data.default = name;
      write(data);
    },
    defaultName() {
      const data = read();
      return data.default !== undefined && Object.hasOwn(data.profiles, data.default) ? data.default : undefined;
    },
  };
}

/** $ASCKIT_CONFIG_DIR, else $XDG_CONFIG_HOME/asckit, else <home>/.config/asckit. */
export function defaultConfigDir(env: Record<string, string | undefined>, home: string): string {
  if (env.ASCKIT_CONFIG_DIR) return env.ASCKIT_CONFIG_DIR;
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  if (env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)) return path.join(env.XDG_CONFIG_HOME, "asckit");
  return path.join(home, ".config", "asckit");
}

function checkProfile(profile: Profile): void {
  if (!NAME.test(profile.name)) {
    throw new ValidationError(`Profile name "${profile.name}" must be 1–64 letters, digits, ".", "_" or "-"`, { field: "name", category: "usage" });
  }
  if (!profile.keyId) throw new ValidationError("A profile needs a key ID", { field: "keyId", category: "usage" });
  if (!path.isAbsolute(profile.privateKeyPath)) {
    throw new ValidationError(`A profile stores the key's absolute path (got a relative path)`, { field: "privateKeyPath", category: "usage" });
  }
}

function parseStore(raw: unknown): StoreFile {
  if (typeof raw !== "object" || raw === null) throw new Error("not an object");
  const obj = raw as Record<string, unknown>;
  // Null prototype: a hand-edited "__proto__" entry must stay a plain key.
  const profiles: StoreFile["profiles"] = Object.create(null);
  const rawProfiles = obj.profiles ?? {};
  if (typeof rawProfiles !== "object" || rawProfiles === null) throw new Error("profiles is not an object");
  for (const [name, value] of Object.entries(rawProfiles)) {
    const p = value as Record<string, unknown>;
    if (typeof p?.keyId !== "string" || typeof p.privateKeyPath !== "string") throw new Error(`profile ${name} is incomplete`);
    profiles[name] = {
      keyId: p.keyId,
      ...(typeof p.issuerId === "string" && p.issuerId ? { issuerId: p.issuerId } : {}),
      privateKeyPath: p.privateKeyPath,
      ...(typeof p.baseUrl === "string" && p.baseUrl ? { baseUrl: p.baseUrl } : {}),
    };
  }
  return { version: 1, ...(typeof obj.default === "string" ? { default: obj.default } : {}), profiles };
}
