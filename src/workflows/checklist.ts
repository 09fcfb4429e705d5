/**
 * One line of a preflight checklist (`review check`, `testflight distribute` readiness, media checks).
 * Features produce these; the CLI prints them and exits 8 when any is "fail".
 */
export type CheckStatus = "pass" | "fail" | "warn";

export interface CheckItem {
  /** Stable id for agents, e.g. "build.valid", "localization.en-US.description". */
  id: string;
  status: CheckStatus;
  /** What was checked and what was found. */
  message: string;
  /** How to fix it (required when status is fail or warn). */
  fix?: string;
}

export const failed = (items: readonly CheckItem[]): CheckItem[] => items.filter((i) => i.status === "fail");
