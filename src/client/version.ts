import { createRequire } from "node:module";

// Read at run time so the User-Agent follows package.json without a build step; `../../package.json`
// resolves to the package root from both src/client/ and dist/client/.
function readVersion(): string {
  try {
    const pkg = createRequire(import.meta.url)("../../package.json") as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export const ASCKIT_VERSION = readVersion();

export const DEFAULT_USER_AGENT = `asckit/${ASCKIT_VERSION}`;
