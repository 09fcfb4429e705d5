import type { EmulatorEngine } from "../engine/index.js";
import {
  appReviewDetailRules,
  betaAppLocalizationRules,
  betaAppReviewDetailRules,
  betaBuildLocalizationRules,
  betaTesterInvitationRules,
  registerReviewDetailHandlers,
} from "./beta-metadata-rules.js";
import { betaAppReviewSubmissionRules, buildBetaDetailReviewRules } from "./beta-review-rules.js";
import { testerDeleteRules, testerLimitRules } from "./tester-limit-rules.js";

/**
 * TestFlight on the emulator: Beta App Review and the external build states it drives, beta
 * metadata (app localizations, review details, What to Test), invitations and tester limits.
 * Builds on the default rules for builds, groups and testers.
 */
export function registerTestflight(engine: EmulatorEngine, _deps: object = {}): void {
  engine.rules.register("betaGroups", testerLimitRules);
  engine.rules.register("betaTesters", testerDeleteRules);
  engine.rules.register("betaAppReviewSubmissions", betaAppReviewSubmissionRules);
  engine.rules.register("buildBetaDetails", buildBetaDetailReviewRules);
  engine.rules.register("betaAppLocalizations", betaAppLocalizationRules);
  engine.rules.register("betaBuildLocalizations", betaBuildLocalizationRules);
  engine.rules.register("betaAppReviewDetails", betaAppReviewDetailRules);
  engine.rules.register("apps", appReviewDetailRules);
  engine.rules.register("betaTesterInvitations", betaTesterInvitationRules);
  registerReviewDetailHandlers(engine);
}
