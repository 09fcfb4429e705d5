import type { OptionSpec } from "../../define-command.js";

/** How every release command names an App Store version. */
export const VERSION_OPTIONS: readonly OptionSpec[] = [
  { flags: "--version <version>", description: "App Store version string (e.g. 1.2.0) or appStoreVersion id" },
  { flags: "--app <app>", description: "app id or exact bundle id (optional when the account has one app)" },
  { flags: "--platform <platform>", description: "IOS, MAC_OS, TV_OS or VISION_OS", default: "IOS", choices: ["IOS", "MAC_OS", "TV_OS", "VISION_OS"] },
];

export const APP_OPTIONS: readonly OptionSpec[] = VERSION_OPTIONS.slice(1);

export interface VersionRefInput {
  app?: string;
  version: string;
  platform?: string;
}

/** The version reference from `--version` (or a positional argument), checked before any request. */
export async function versionRefFrom(opts: Record<string, unknown>, positional?: string): Promise<VersionRefInput> {
  const { ValidationError } = await import("../../../errors/asckit-error.js");
  const version = positional ?? (opts.version as string | undefined);
  if (!version) throw new ValidationError("Say which version: pass --version, e.g. --version 1.2.0.", { category: "usage", field: "--version" });
  const { validateVersionString } = await import("../../../workflows/release/versions.js");
  if (!/^[0-9a-f]{8}-/i.test(version)) validateVersionString(version);
  return { version, app: opts.app as string | undefined, platform: opts.platform as string | undefined };
}

export const DRY_RUN: OptionSpec = { flags: "--dry-run", description: "show what would change; send no writes" };
