import type { GeneratedApiKey } from "./auth/key-registry.js";
import type { EmulatorEngine } from "./engine/index.js";
import type { Engine } from "./engine-types.js";
import { createEmulator, type Emulator, type EmulatorOptions } from "./create-emulator.js";
import { writeKeyFiles } from "./write-key-files.js";

export interface EmulatorService<E extends Engine = EmulatorEngine> {
  emulator: Emulator<E>;
  key: GeneratedApiKey;
  files: { p8Path: string; jsonPath: string };
  /** Shell lines to print, e.g. `export ASC_BASE_URL=http://127.0.0.1:PORT`. No secret is in them. */
  envLines: string[];
}

const shellQuote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/**
 * What `asckit emulator start` does: start the emulator, create a team API key, write its files
 * into `keyDir`, and return the environment that points asckit (or any client) at it.
 */
export async function startEmulatorService<E extends Engine = EmulatorEngine>(options: EmulatorOptions<E> & { keyDir: string }): Promise<EmulatorService<E>> {
  const { keyDir, ...emulatorOptions } = options;
  const emulator = await createEmulator<E>(emulatorOptions);
  try {
    const key = await emulator.createApiKey();
    const files = writeKeyFiles(keyDir, key);
    const env: Array<[string, string]> = [
      ["ASC_BASE_URL", emulator.url],
      ["ASC_KEY_ID", key.keyId],
      ...(key.issuerId ? ([["ASC_ISSUER_ID", key.issuerId]] as Array<[string, string]>) : []),
      ["ASC_PRIVATE_KEY_PATH", files.p8Path],
    ];
    return { emulator, key, files, envLines: env.map(([name, value]) => `export ${name}=${shellQuote(value)}`) };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
