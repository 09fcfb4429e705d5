import { readFileSync } from "node:fs";
import { homedir as osHomedir } from "node:os";
import path from "node:path";
import { baseUrlProblem } from "./base-url.js";
import { CredentialsError } from "./credentials-error.js";
import { validateIssuerId, validateKeyId } from "./key-identifiers.js";
import { loadPrivateKey, normalizePrivateKey } from "./key-material.js";
import { readCredentialFile } from "./read-credential-file.js";
import type { Profile, ProfileStore } from "./profile-store.js";
import { MAX_TOKEN_LIFETIME_SECONDS } from "./token-provider.js";

/**
 * Works out which key to sign with from flags, environment, a fastlane API-key file and saved profiles.
 * Precedence per field: flags (then the flags' --api-key-file) > env (then ASC_API_KEY_FILE) > profile.
 */
export interface CredentialInputs {
  keyId?: string;
  issuerId?: string;
  privateKeyPath?: string;
  privateKey?: string;
  privateKeyB64?: string;
  /** A fastlane API key JSON file. */
  apiKeyFile?: string;
  profile?: string;
  baseUrl?: string;
}

export interface Credentials {
  keyId: string;
  /** Absent for an individual key. */
  issuerId?: string;
  /** Canonical PKCS#8 PEM of a checked EC P-256 key. */
  privateKeyPem: string;
  /** Where the key came from, for messages: "file /path/AuthKey_X.p8 (--private-key-path)", "env ASC_PRIVATE_KEY"… Never key text. */
  keySource: string;
  keyType: "team" | "individual";
  baseUrl?: string;
  /** The profile that supplied at least one field. */
  profile?: string;
  /** fastlane's `duration`, to pass on as the token lifetime. */
  tokenLifetimeSeconds?: number;
  /** fastlane's `in_house` (an enterprise team). */
  inHouse?: boolean;
  /** Things that are probably wrong but not certainly (e.g. the key file is named after another key ID). */
  warnings?: string[];
}

export interface ResolveCredentialsOptions {
  flags: CredentialInputs;
  env: Record<string, string | undefined>;
  profiles?: ProfileStore;
  readFile?: (path: string) => string;
  /** Used to expand `~` in paths. Defaults to os.homedir(). */
  homedir?: string;
}

interface Sourced<T> {
  value: T;
  source: string;
}

/** For kind "path", `value` is the file path and `via` names what pointed at it. */
type KeyInput = Sourced<string> & { kind: "text" | "path"; via: string };

interface Layer {
  keyId?: Sourced<string>;
  /** "" is an explicit "individual key" and stops the search. */
  issuerId?: Sourced<string>;
  key?: KeyInput;
  baseUrl?: Sourced<string>;
  tokenLifetimeSeconds?: number;
  inHouse?: boolean;
  profile?: string;
}

const KEY_ID_HOW = "--key-id or ASC_KEY_ID";
const KEY_HOW = "--private-key-path or ASC_PRIVATE_KEY_PATH, ASC_PRIVATE_KEY, ASC_PRIVATE_KEY_B64";
const LOGIN_HINT = "Run `asckit auth login` to save a profile, or pass --api-key-file with a fastlane API key JSON.";

/**
 * The base URL the credentials would use, by the same precedence as resolveCredentials (flags >
 * env > profile), without needing a complete key: undefined means Apple's. For decisions made
 * before the client exists (the polling floor), where a missing key is reported later anyway.
 */
export function resolveBaseUrl(options: ResolveCredentialsOptions): string | undefined {
  return credentialLayers(options).layers.find((l) => l.baseUrl !== undefined)?.baseUrl?.value;
}

/** Every source of credentials in precedence order; the first layer that has a field supplies it. */
function credentialLayers(options: ResolveCredentialsOptions): { layers: Layer[]; named: string | undefined; partlyGiven: boolean; ctx: Context } {
  const { flags, env } = options;
  const readFile = options.readFile ?? ((p: string) => readFileSync(p, "utf8"));
  const home = options.homedir ?? osHomedir();
  const ctx: Context = { readFile, home };

  const layers: Layer[] = [];
  layers.push(
    directLayer(ctx, {
      keyId: [flags.keyId, "flag --key-id"],
      issuerId: [flags.issuerId, "flag --issuer-id"],
      keys: [
        [flags.privateKey, "text", "flag --private-key"],
        [flags.privateKeyB64, "text", "flag --private-key-b64"],
        [flags.privateKeyPath, "path", "--private-key-path"],
      ],
      baseUrl: [flags.baseUrl, "flag --base-url"],
      conflict: (names) =>
        new CredentialsError(`Give only one private key, not ${names.join(" and ")}`, { field: "privateKey", category: "usage" }),
    }),
  );
  if (present(flags.apiKeyFile)) layers.push(fastlaneLayer(ctx, expandHome(flags.apiKeyFile.trim(), home), "--api-key-file"));
  layers.push(
    directLayer(ctx, {
      keyId: [env.ASC_KEY_ID, "env ASC_KEY_ID"],
      issuerId: [env.ASC_ISSUER_ID, "env ASC_ISSUER_ID"],
      keys: [
        [env.ASC_PRIVATE_KEY, "text", "env ASC_PRIVATE_KEY"],
        [env.ASC_PRIVATE_KEY_B64, "text", "env ASC_PRIVATE_KEY_B64"],
        [env.ASC_PRIVATE_KEY_PATH, "path", "ASC_PRIVATE_KEY_PATH"],
      ],
      baseUrl: [env.ASC_BASE_URL, "env ASC_BASE_URL"],
      conflict: (names) =>
        new CredentialsError(`Several private keys are set in the environment (${names.join(", ")}); set only one`, { field: "privateKey" }),
    }),
  );
  if (present(env.ASC_API_KEY_FILE)) layers.push(fastlaneLayer(ctx, expandHome(env.ASC_API_KEY_FILE.trim(), home), "ASC_API_KEY_FILE"));

  // A profile named on purpose fills any gap. The implicit default profile only applies when flags and env
  // name no key at all: otherwise the key ID of one key could be paired with the .p8 of another. So the
  // profile file is read only then: a broken profiles.json must not block a run whose key comes from flags
  // or env (CI); the commands that do need it (auth list/use/login/logout, a bare run) still report it.
  const named = present(flags.profile) ? flags.profile.trim() : present(env.ASC_PROFILE) ? env.ASC_PROFILE.trim() : undefined;
  const partlyGiven = layers.some((l) => l.keyId || l.key);
  if (named !== undefined) {
    layers.push(profileLayer(findProfile(options.profiles, named, present(flags.profile) ? "--profile" : "ASC_PROFILE"), home));
  } else if (!partlyGiven) {
    const fallback = options.profiles?.defaultName();
    const profile = fallback !== undefined ? options.profiles?.get(fallback) : undefined;
    if (profile) layers.push(profileLayer(profile, home));
  }
  return { layers, named, partlyGiven, ctx };
}

export function resolveCredentials(options: ResolveCredentialsOptions): Credentials {
  const { layers, named, partlyGiven, ctx } = credentialLayers(options);

  const used = new Set<Layer>();
  const pick = <K extends keyof Layer>(field: K): NonNullable<Layer[K]> | undefined => {
    const layer = layers.find((l) => l[field] !== undefined);
    if (!layer) return undefined;
    used.add(layer);
    return layer[field] as NonNullable<Layer[K]>;
  };

  const key = pick("key");
  let keyId = pick("keyId");
  // Apple names the download AuthKey_<KEY_ID>.p8, so the file name can stand in for a missing key ID.
  const fromFileName = key?.kind === "path" ? /AuthKey_([A-Za-z0-9]+)\.p8$/i.exec(key.value)?.[1] : undefined;
  if (!keyId && fromFileName) keyId = { value: fromFileName, source: `the file name of ${key?.value}` };

  if (!keyId || !key) {
    const missing = [!keyId && `key ID (${KEY_ID_HOW})`, !key && `private key (${KEY_HOW})`].filter(Boolean).join(" and ");
    const field = !keyId ? "keyId" : "privateKey";
    const saved = named === undefined && !partlyGiven ? savedProfileNames(options.profiles) : [];
    if (saved.length > 0) {
      // Profiles exist but none is the default (e.g. the default was logged out): picking one is the fix, not a new login.
      throw new CredentialsError(`Missing App Store Connect ${missing}; saved profiles exist but none is the default`, {
        field,
        hint: `Pick one with \`asckit auth use NAME\` (saved: ${saved.join(", ")}), or pass --profile NAME; \`asckit auth login\` saves a new one.`,
      });
    }
    const skippedDefault = named === undefined && partlyGiven ? defaultNameIfReadable(options.profiles) : undefined;
    const skipped = skippedDefault
      ? ` The default profile "${skippedDefault}" was not used because a key was partly given by flags or environment; add --profile ${skippedDefault} to fill the rest from it.`
      : "";
    throw new CredentialsError(`Missing App Store Connect ${missing}; or run \`asckit auth login\``, { field, hint: LOGIN_HINT + skipped });
  }

  validateKeyId(keyId.value, keyId.source);
  const issuer = pick("issuerId");
  const issuerId = issuer && issuer.value !== "" ? validateIssuerId(issuer.value, issuer.source) : undefined;

  const text =
    key.kind === "path" ? readCredentialFile(key.value, { description: `the private key file ${key.value} (from ${key.via})`, field: "privateKeyPath" }, ctx.readFile) : key.value;
  const privateKeyPem = normalizePrivateKey(text, { source: key.source });
  loadPrivateKey(privateKeyPem, { source: key.source });

  const warnings: string[] = [];
  if (fromFileName && fromFileName.toUpperCase() !== keyId.value.toUpperCase()) {
    warnings.push(
      `The key file is named for key ID ${fromFileName} but the key ID is ${keyId.value} (${keyId.source}); App Store Connect rejects a token whose kid does not match its key`,
    );
  }

  const baseUrl = pick("baseUrl");
  if (baseUrl) checkBaseUrl(baseUrl);
  const lifetime = pick("tokenLifetimeSeconds");
  const inHouse = pick("inHouse");
  const profile = [...used].find((l) => l.profile)?.profile;

  return {
    keyId: keyId.value,
    ...(issuerId ? { issuerId } : {}),
    privateKeyPem,
    keySource: key.source,
    keyType: issuerId ? "team" : "individual",
    ...(baseUrl ? { baseUrl: baseUrl.value } : {}),
    ...(profile ? { profile } : {}),
    ...(lifetime !== undefined ? { tokenLifetimeSeconds: lifetime } : {}),
    ...(inHouse !== undefined ? { inHouse } : {}),
    warnings,
  };
}

interface Context {
  readFile: (path: string) => string;
  home: string;
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

function expandHome(p: string, home: string): string {
  if (p === "~") return home;
  if (p.startsWith("~/")) return path.join(home, p.slice(2));
  return p;
}

function directLayer(
  ctx: Context,
  spec: {
    keyId: [string | undefined, string];
    issuerId: [string | undefined, string];
    keys: Array<[string | undefined, "text" | "path", string]>;
    baseUrl: [string | undefined, string];
    conflict: (names: string[]) => CredentialsError;
  },
): Layer {
  const layer: Layer = {};
  if (present(spec.keyId[0])) layer.keyId = { value: spec.keyId[0].trim(), source: spec.keyId[1] };
  // An empty issuer ID is meaningful: it says "individual key".
  if (spec.issuerId[0] !== undefined) layer.issuerId = { value: spec.issuerId[0].trim(), source: spec.issuerId[1] };
  const keys = spec.keys.filter(([value]) => present(value));
  if (keys.length > 1) throw spec.conflict(keys.map(([, kind, name]) => (kind === "path" ? name : name.replace(/^(flag|env) /, ""))));
  const [only] = keys;
  if (only) {
    const [value, kind, name] = only as [string, "text" | "path", string];
    if (kind === "path") {
      const file = expandHome(value.trim(), ctx.home);
      layer.key = { kind, value: file, via: name, source: `file ${file} (${name})` };
    } else {
      layer.key = { kind, value, via: name, source: name };
    }
  }
  if (present(spec.baseUrl[0])) layer.baseUrl = { value: spec.baseUrl[0].trim(), source: spec.baseUrl[1] };
  return layer;
}

/** fastlane's API key JSON: { key_id, issuer_id, key | key_filepath, in_house, duration, is_key_content_base64 }. */
function fastlaneLayer(ctx: Context, file: string, via: string): Layer {
  const source = `fastlane API key file ${file}`;
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readCredentialFile(file, { description: `the fastlane API key file ${file} (${via})`, field: "apiKeyFile" }, ctx.readFile));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    json = parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof CredentialsError) throw error;
    // JSON.parse messages quote the input, which holds the key: say only that it is not JSON.
    throw new CredentialsError(`The fastlane API key file ${file} is not a JSON object`, {
      field: "apiKeyFile",
      hint: 'Expected {"key_id": "…", "issuer_id": "…", "key": "-----BEGIN PRIVATE KEY-----\\n…"} or "key_filepath" instead of "key".',
    });
  }
  const str = (name: string): string | undefined => {
    const value = json[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw new CredentialsError(`"${name}" in ${source} must be a string`, { field: "apiKeyFile" });
    return value.trim();
  };

  const layer: Layer = {};
  const keyId = str("key_id");
  if (keyId) layer.keyId = { value: keyId, source };
  // The file describes one whole key, so no issuer_id means an individual key, not "look elsewhere".
  layer.issuerId = { value: str("issuer_id") ?? "", source };
  const content = str("key");
  const keyPath = str("key_filepath");
  if (content) {
    layer.key = { kind: "text", value: json.key as string, via: source, source };
  } else if (keyPath) {
    const expanded = expandHome(keyPath, ctx.home);
    // fastlane resolves key_filepath against the working directory; next to the JSON file is the other usual place.
    const candidates = path.isAbsolute(expanded) ? [expanded] : [expanded, path.join(path.dirname(file), expanded)];
    const found = candidates.find((candidate) => canRead(ctx, candidate)) ?? expanded;
    const via = `key_filepath in ${source}`;
    layer.key = { kind: "path", value: found, via, source: `file ${found} (${via})` };
  }
  const duration = json.duration;
  if (duration !== undefined && duration !== null) {
    if (typeof duration !== "number" || !Number.isInteger(duration) || duration <= 0 || duration > MAX_TOKEN_LIFETIME_SECONDS) {
      throw new CredentialsError(`"duration" in ${source} must be a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`, {
        field: "apiKeyFile",
      });
    }
    layer.tokenLifetimeSeconds = duration;
  }
  if (typeof json.in_house === "boolean") layer.inHouse = json.in_house;
  return layer;
}

function profileLayer(profile: Profile, home: string): Layer {
  const source = `profile ${profile.name}`;
  // Profiles store absolute paths, but a hand-edited file may use ~.
  const file = expandHome(profile.privateKeyPath, home);
  return {
    profile: profile.name,
    keyId: { value: profile.keyId, source },
    issuerId: { value: profile.issuerId ?? "", source },
    key: { kind: "path", value: file, via: source, source: `${source} (file ${file})` },
    ...(profile.baseUrl ? { baseUrl: { value: profile.baseUrl, source } } : {}),
  };
}

function findProfile(store: ProfileStore | undefined, name: string, via: string): Profile {
  const profile = store?.get(name);
  if (profile) return profile;
  const known = store?.list().map((p) => p.name) ?? [];
  throw new CredentialsError(`No profile named "${name}" (from ${via})${known.length ? `; known profiles: ${known.join(", ")}` : ""}`, {
    field: "profile",
    hint: `Create it with \`asckit auth login --profile ${name} --key-id KEY_ID --issuer-id ISSUER_ID --private-key-path AuthKey_KEY_ID.p8\`, or list profiles with \`asckit auth list\`.`,
  });
}

/** Only reached when no profile supplied a key, so the store has already been read without error. */
function savedProfileNames(store: ProfileStore | undefined): string[] {
  return store?.list().map((p) => p.name) ?? [];
}

/** For a hint only: an unreadable profile file must not replace the real error (a key only partly given). */
function defaultNameIfReadable(store: ProfileStore | undefined): string | undefined {
  try {
    const name = store?.defaultName();
    return name !== undefined && store?.get(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

function canRead(ctx: Context, file: string): boolean {
  try {
    ctx.readFile(file);
    return true;
  } catch {
    return false;
  }
}

// A bad base URL is configuration, like a bad key ID: exit 3, before any request.
function checkBaseUrl(baseUrl: Sourced<string>): void {
  const problem = baseUrlProblem(baseUrl.value);
  if (problem) throw new CredentialsError(`The base URL from ${baseUrl.source} ${problem.problem}`, { field: "baseUrl", hint: problem.hint });
}
