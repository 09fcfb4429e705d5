// The domain workflows as a library: `import { distributeBuild, uploadBuild } from "asckit/workflows"`.
// Each takes an AscClient (from "asckit") and plain options; none prints, reads argv or exits.
export * from "./apps.js";
export * from "./auth-status.js";
export * from "./builds.js";
export * from "./bundle-ids.js";
export * from "./checklist.js";
export * from "./raw-api.js";
export * from "./confirm.js";
export * from "./builds/index.js";
export * from "./packages/index.js";
export * from "./testflight/index.js";
export * from "./release/index.js";
export * from "./media/index.js";
export * from "./reports/index.js";
export * from "./analytics/index.js";

// Names two areas both use: the App Store (release) meaning keeps the plain name.
export { resolveBuild, type SubmitResult, type Platform } from "./release/index.js";
export { resolveBuild as resolveTestflightBuild, type SubmitResult as BetaReviewSubmitResult } from "./testflight/index.js";
export type { Platform as PackagePlatform } from "./packages/index.js";
