import type { EmulatorEngine } from "../engine/create-engine.js";
import type { FeatureDeps } from "../feature-deps.js";
import { appInfoLocalizationRules, appRulesForRelease } from "./app-info-rules.js";
import { appStoreVersionRules } from "./app-store-version-rules.js";
import { demoReleaseSeedRules } from "./demo-release-seed.js";
import { reviewDetailRules, versionLocalizationRules } from "./listing-rules.js";
import { phasedReleaseRules } from "./phased-release-rules.js";
import { releaseRequestRules } from "./release-request-rules.js";
import { reviewSubmissionItemRules, reviewSubmissionRules } from "./review-submission-rules.js";

/**
 * App Store release: versions, listings, app infos, App Review details, review submissions with
 * their review timeline, release requests and phased releases. Everything runs as rule hooks on the
 * generic engine, so reads, includes, filters and paging behave like every other resource.
 */
export function registerRelease(engine: EmulatorEngine, _deps?: FeatureDeps): void {
  const { rules } = engine;
  rules.register("apps", appRulesForRelease);
  rules.register("apps", demoReleaseSeedRules);
  rules.register("appStoreVersions", appStoreVersionRules);
  rules.register("appStoreVersionLocalizations", versionLocalizationRules);
  rules.register("appInfoLocalizations", appInfoLocalizationRules);
  rules.register("appStoreReviewDetails", reviewDetailRules);
  rules.register("reviewSubmissions", reviewSubmissionRules);
  rules.register("reviewSubmissionItems", reviewSubmissionItemRules);
  rules.register("appStoreVersionPhasedReleases", phasedReleaseRules);
  rules.register("appStoreVersionReleaseRequests", releaseRequestRules);
}
