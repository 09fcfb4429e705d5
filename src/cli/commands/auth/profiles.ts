import os from "node:os";
import type { CliIO } from "../../io.js";

/** The profile store in the user's config directory ($ASCKIT_CONFIG_DIR overrides). */
export async function openProfiles(io: CliIO) {
  const { createProfileStore, defaultConfigDir } = await import("../../../auth/index.js");
  const dir = defaultConfigDir(io.env, os.homedir());
  return { dir, store: createProfileStore({ dir }) };
}
