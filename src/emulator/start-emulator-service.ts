import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { GeneratedApiKey } from "./auth/key-registry.js";
import type { EmulatorEngine } from "./engine/index.js";
import type { Engine } from "./engine-types.js";
import { createEmulator, type Emulator, type EmulatorOptions } from "./create-emulator.js";
import type { MetaStore } from "./store/open-store.js";
import { writeKeyFiles } from "./write-key-files.js";

/**
 * The vendor number the emulator advertises for Sales and Finance reports. Its report endpoints
 * accept any well-formed vendor number (6 to 10 digits) and generate the same kind of data for
 * each; this one is printed by `asckit emulator start` so that `asckit reports …` works as is.
 */
export const EMULATOR_VENDOR_NUMBER = "85000001";

export interface EmulatorService<E extends Engine = EmulatorEngine> {
  emulator: Emulator<E>;
  key: GeneratedApiKey;
  files: { p8Path: string; jsonPath: string };
  /** Shell lines to print, e.g. `export ASC_BASE_URL=http://127.0.0.1:PORT`. No secret is in them. */
  envLines: string[];
  vendorNumber: string;
  /** True when the key is the one an earlier run saved in the data file (see `startEmulatorService`). */
  reusedKey: boolean;
}

const shellQuote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/** Where a data file remembers its API key: ids and the path of the .p8, never the private key. */
const KEY_META = "emulator.apiKey";
interface SavedKey {
  keyId: string;
  issuerId?: string;
  p8Path: string;
}

/**
 * What `asckit emulator start` does: start the emulator, create a team API key, write its files
 * into `keyDir`, and return the environment that points asckit (or any client) at it.
 *
 * With a `dataFile`, the key is part of the data: the file records the key's ids and where its .p8
 * is, and the next start with the same file accepts and hands out the same key (copying the .p8
 * into `keyDir` if that changed), so saved profiles and exported variables keep working across
 * restarts. The private key stays only in the .p8 file; if that file is gone, a new key is minted.
 */
export async function startEmulatorService<E extends Engine = EmulatorEngine>(options: EmulatorOptions<E> & { keyDir: string }): Promise<EmulatorService<E>> {
  const { keyDir, ...emulatorOptions } = options;
  const emulator = await createEmulator<E>(emulatorOptions);
  try {
    const meta = options.dataFile ? metaOf(emulator.engine) : undefined;
    const saved = meta?.get<SavedKey>(KEY_META);
    let key = saved ? reuseKey(emulator, saved) : undefined;
    const reusedKey = key !== undefined;
    key ??= await emulator.createApiKey();
    const files = writeKeyFiles(keyDir, key);
    meta?.set(KEY_META, { keyId: key.keyId, ...(key.issuerId ? { issuerId: key.issuerId } : {}), p8Path: files.p8Path } satisfies SavedKey);
    const env: Array<[string, string]> = [
      ["ASC_BASE_URL", emulator.url],
      ["ASC_KEY_ID", key.keyId],
      ...(key.issuerId ? ([["ASC_ISSUER_ID", key.issuerId]] as Array<[string, string]>) : []),
      ["ASC_PRIVATE_KEY_PATH", files.p8Path],
      ["ASC_VENDOR_NUMBER", EMULATOR_VENDOR_NUMBER],
    ];
    return { emulator, key, files, envLines: env.map(([name, value]) => `export ${name}=${shellQuote(value)}`), vendorNumber: EMULATOR_VENDOR_NUMBER, reusedKey };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/** The saved key, registered again, or undefined when its .p8 is missing or not a P-256 key any more. */
function reuseKey(emulator: Emulator<Engine>, saved: SavedKey): GeneratedApiKey | undefined {
  let privateKeyPem: string;
  try {
    privateKeyPem = readFileSync(path.resolve(saved.p8Path), "utf8");
    emulator.registerPublicKey({ keyId: saved.keyId, ...(saved.issuerId ? { issuerId: saved.issuerId } : {}), publicKey: createPrivateKey(privateKeyPem) });
  } catch {
    return undefined;
  }
  return { keyId: saved.keyId, ...(saved.issuerId ? { issuerId: saved.issuerId } : {}), privateKeyPem };
}

/** The SQLite engine's meta table; an injected engine (tests) has none, and then nothing persists. */
function metaOf(engine: Engine): MetaStore | undefined {
  const meta = (engine as Partial<Pick<EmulatorEngine, "store">>).store?.meta;
  return meta && typeof meta.get === "function" ? meta : undefined;
}
