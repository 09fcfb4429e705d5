import { existsSync } from "node:fs";
import path from "node:path";

/**
 * How to type asckit in another shell: `asckit` when a shell finds it on PATH (a global install or
 * `npm link`), else `npx asckit` (a project's dependency, or a clone, where npx finds it). npm exec
 * and npm scripts put `node_modules/.bin` on PATH for their own child only, so those entries do not
 * count: the user's next shell will not have them.
 */
export function cliInvocation(env: Record<string, string | undefined>, options: { platform?: NodeJS.Platform; exists?: (file: string) => boolean } = {}): "asckit" | "npx asckit" {
  const platform = options.platform ?? process.platform;
  const exists = options.exists ?? existsSync;
  const delimiter = platform === "win32" ? ";" : ":";
  const names = platform === "win32" ? ["asckit.cmd", "asckit.exe", "asckit"] : ["asckit"];
  const dirs = (env.PATH ?? env.Path ?? "").split(delimiter).filter((dir) => dir && !dir.split(/[\\/]/).includes("node_modules"));
  return dirs.some((dir) => names.some((name) => exists(path.join(dir, name)))) ? "asckit" : "npx asckit";
}
