import { ValidationError } from "../../../errors/asckit-error.js";

/** `--app` (id or bundle id), required. */
export function requiredApp(opts: Record<string, unknown>): string {
  if (typeof opts.app !== "string" || !opts.app) throw new ValidationError("--app is required.", { category: "usage", field: "--app", hint: "Pass the app id or its exact bundle id, e.g. --app com.example.app." });
  return opts.app;
}

/** --version V or --global, not both, not neither. */
export function versionScope(opts: Record<string, unknown>): { marketingVersion?: string; global: boolean } {
  const global = opts.global === true;
  const version = typeof opts.version === "string" ? opts.version : undefined;
  if (global && version) throw new ValidationError("Pass either --version or --global, not both.", { category: "usage", field: "--global" });
  if (!global && !version) {
    throw new ValidationError("Pass --version <marketing version> (build numbers are unique per version) or --global (highest over all versions).", { category: "usage", field: "--version" });
  }
  return { ...(version ? { marketingVersion: version } : {}), global };
}
