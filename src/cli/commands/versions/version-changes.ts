import type { OptionSpec } from "../../define-command.js";

export const CHANGE_OPTIONS: readonly OptionSpec[] = [
  { flags: "--release-type <type>", description: "MANUAL, AFTER_APPROVAL or SCHEDULED", choices: ["MANUAL", "AFTER_APPROVAL", "SCHEDULED"] },
  { flags: "--release-date <iso>", description: "earliest release date for SCHEDULED, e.g. 2025-07-01T09:00:00Z" },
  { flags: "--copyright <text>", description: "copyright line, e.g. \"2025 Example Inc.\"" },
  { flags: "--build <build>", description: "attach this build (id, or build number within the app); it must be VALID and of this version" },
];

export function changesFrom(opts: Record<string, unknown>) {
  return {
    ...(opts.releaseType ? { releaseType: opts.releaseType as "MANUAL" | "AFTER_APPROVAL" | "SCHEDULED" } : {}),
    ...(opts.releaseDate ? { earliestReleaseDate: String(opts.releaseDate) } : {}),
    ...(opts.copyright !== undefined ? { copyright: String(opts.copyright) } : {}),
    ...(opts.build ? { build: String(opts.build) } : {}),
  };
}
