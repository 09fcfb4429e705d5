import type { EmulatorEngine } from "../engine/index.js";
import { betaReviewTiming, planOutcome, setBetaReviewTiming, setDefaultOutcome, type BetaReviewOutcome, type BetaReviewTiming } from "./beta-review-settings.js";

/** Test and demo controls for Beta App Review ("what Apple's reviewers do"). */
export interface BetaReviewScenario {
  timing(): BetaReviewTiming;
  /** Changes how long reviews submitted from now on wait and take. */
  setTiming(timing: Partial<BetaReviewTiming>): BetaReviewTiming;
  /** The build's review (pending or future) ends REJECTED instead of APPROVED. */
  reject(buildId: string): void;
  /** Undo `reject`: the review ends APPROVED. */
  approve(buildId: string): void;
  /** How every review without a per-build plan ends, pending ones included. */
  setDefaultOutcome(outcome: BetaReviewOutcome): void;
}

export function betaReviewScenario(engine: EmulatorEngine): BetaReviewScenario {
  return {
    timing: () => betaReviewTiming(engine.store),
    setTiming: (timing) => setBetaReviewTiming(engine.store, timing),
    reject: (buildId) => planOutcome(engine.store, buildId, "REJECTED"),
    approve: (buildId) => planOutcome(engine.store, buildId, "APPROVED"),
    setDefaultOutcome: (outcome) => setDefaultOutcome(engine.store, outcome),
  };
}
