// App Store release workflows: versions, listing metadata, preflight, review submission, release.
export * from "./listing-rules.js";
export * from "./versions.js";
export * from "./listing.js";
export * from "./metadata-model.js";
export * from "./metadata-files.js";
export * from "./metadata-plan.js";
export * from "./metadata-apply.js";
export * from "./metadata.js";
export * from "./url-check.js";
export * from "./preflight.js";
export * from "./review-submissions.js";
export * from "./phased-release.js";
