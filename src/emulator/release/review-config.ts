import type { EmulatorEngine } from "../engine/create-engine.js";
import type { Store } from "../store/open-store.js";

/** How the emulated App Review behaves. Kept in the store's meta, so a data file keeps it. */
export interface ReviewConfig {
  /** Time a submitted submission spends WAITING_FOR_REVIEW. */
  waitingForReviewMs: number;
  /** Then time IN_REVIEW before the decision. */
  inReviewMs: number;
  /** Time a canceled submission spends CANCELING. */
  cancelingMs: number;
  /** What App Review decides: APPROVED (COMPLETE) or REJECTED (UNRESOLVED_ISSUES). */
  outcome: "APPROVED" | "REJECTED";
  /** Whether submission needs screenshots of the platform's required display type. */
  requireScreenshots: boolean;
}

export const DEFAULT_REVIEW_CONFIG: ReviewConfig = {
  waitingForReviewMs: 5_000,
  inReviewMs: 10_000,
  cancelingMs: 1_000,
  outcome: "APPROVED",
  requireScreenshots: true,
};

const KEY = "release.reviewConfig";

export function reviewConfig(store: Store): ReviewConfig {
  return { ...DEFAULT_REVIEW_CONFIG, ...store.meta.get<Partial<ReviewConfig>>(KEY) };
}

/**
 * Scenario control: review delays and outcome for submissions submitted from now on (a submission
 * keeps the timing it was submitted with).
 */
export function configureReview(engine: Pick<EmulatorEngine, "store">, changes: Partial<ReviewConfig>): ReviewConfig {
  const next = { ...reviewConfig(engine.store), ...changes };
  engine.store.meta.set(KEY, next);
  return next;
}
