// App Store release in the emulator: the feature registration and its scenario controls.
export { registerRelease } from "./register-release.js";
export { configureReview, reviewConfig, DEFAULT_REVIEW_CONFIG, type ReviewConfig } from "./review-config.js";
export { DEMO_RELEASE_VERSION } from "./demo-release-seed.js";
export { REQUIRED_SCREENSHOT_TYPES, versionReadiness, type AssociatedErrors } from "./submission-readiness.js";
