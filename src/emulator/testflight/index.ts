// TestFlight on the emulator: one registration call (features.ts) and scenario controls for tests and the demo.
export { registerTestflight } from "./register-testflight.js";
export { betaReviewScenario, type BetaReviewScenario } from "./beta-review-scenario.js";
export { DEFAULT_BETA_REVIEW_TIMING, type BetaReviewTiming, type BetaReviewOutcome } from "./beta-review-settings.js";
export { TESTER_LIMITS, forgetTesterCounts } from "./tester-limit-rules.js";
