import os from "node:os";
import path from "node:path";
import type { CliIO } from "../../io.js";

/** `--cache-dir`, else ASCKIT_CACHE_DIR, else the user's cache directory (XDG on Linux, Library/Caches on macOS). */
export function reportCacheDir(io: Pick<CliIO, "cwd" | "env">, flag: unknown): string {
  if (flag) return path.resolve(io.cwd, String(flag));
  const env = io.env;
  if (env.ASCKIT_CACHE_DIR) return path.resolve(io.cwd, env.ASCKIT_CACHE_DIR);
  const home = env.HOME ?? os.homedir();
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, "asckit");
  if (process.platform === "darwin") return path.join(home, "Library", "Caches", "asckit");
  if (process.platform === "win32" && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, "asckit", "cache");
  return path.join(home, ".cache", "asckit");
}
