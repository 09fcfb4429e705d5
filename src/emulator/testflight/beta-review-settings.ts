import type { Store } from "../store/open-store.js";

/** How long a Beta App Review takes in the emulator (Apple's takes hours to a day or two). */
export interface BetaReviewTiming {
  /** WAITING_FOR_REVIEW → IN_REVIEW after this long. */
  waitingForReviewMs: number;
  /** IN_REVIEW → APPROVED (or REJECTED) after this much longer. */
  inReviewMs: number;
}

export type BetaReviewOutcome = "APPROVED" | "REJECTED";

export const DEFAULT_BETA_REVIEW_TIMING: BetaReviewTiming = { waitingForReviewMs: 5_000, inReviewMs: 10_000 };

// Kept in the store's meta table so a data file keeps its settings across restarts.
const TIMING_KEY = "testflight.betaReviewTiming";
const OUTCOMES_KEY = "testflight.betaReviewOutcomes";
const DEFAULT_OUTCOME_KEY = "testflight.betaReviewDefaultOutcome";

export function betaReviewTiming(store: Store): BetaReviewTiming {
  return { ...DEFAULT_BETA_REVIEW_TIMING, ...store.meta.get<Partial<BetaReviewTiming>>(TIMING_KEY) };
}

export function setBetaReviewTiming(store: Store, timing: Partial<BetaReviewTiming>): BetaReviewTiming {
  for (const [key, value] of Object.entries(timing))
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new RangeError(`${key} must be a non-negative number of milliseconds`);
  const next = { ...betaReviewTiming(store), ...timing };
  store.meta.set(TIMING_KEY, next);
  return next;
}

/** The outcome a build's review will end in: the build's own plan, else the default (APPROVED unless a scenario said otherwise). */
export function plannedOutcome(store: Store, buildId: string): BetaReviewOutcome {
  return store.meta.get<Record<string, BetaReviewOutcome>>(OUTCOMES_KEY)?.[buildId] ?? defaultOutcome(store);
}

export function defaultOutcome(store: Store): BetaReviewOutcome {
  return store.meta.get<BetaReviewOutcome>(DEFAULT_OUTCOME_KEY) ?? "APPROVED";
}

/** The outcome of every review without a plan of its own (`asckit emulator start --beta-review-outcome`). */
export function setDefaultOutcome(store: Store, outcome: BetaReviewOutcome): void {
  store.meta.set(DEFAULT_OUTCOME_KEY, outcome);
}

export function planOutcome(store: Store, buildId: string, outcome: BetaReviewOutcome): void {
  store.meta.set(OUTCOMES_KEY, { ...store.meta.get<Record<string, BetaReviewOutcome>>(OUTCOMES_KEY), [buildId]: outcome });
}
