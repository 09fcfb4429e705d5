import type { OptionSpec } from "../../define-command.js";

/** How commands name a build: --build ID, or --app with --version and --build-number. */
export const BUILD_OPTIONS: OptionSpec[] = [
  { flags: "--build <id>", description: "build id" },
  { flags: "--app <app>", description: "app id or exact bundle id (with --version and --build-number)" },
  { flags: "--version <version>", description: "marketing version (CFBundleShortVersionString)" },
  { flags: "--build-number <n>", description: "build number (CFBundleVersion)" },
];

export function buildRefInput(opts: Record<string, unknown>) {
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  return { buildId: str(opts.build), app: str(opts.app), marketingVersion: str(opts.version), buildNumber: str(opts.buildNumber) };
}
