export { inspectPackage } from "./inspect-package.js";
export { platformOf, type PackageInfo, type Platform } from "./package-info.js";
