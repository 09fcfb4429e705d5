export * from "./apps.js";
export * from "./builds.js";
export * from "./pre-release-versions.js";
export * from "./build-beta-details.js";
export * from "./bundle-ids.js";
export * from "./beta-groups.js";
export * from "./beta-testers.js";
export { singleResource, linkage, type AttributesOf, type ListOptions } from "./resource-helpers.js";
