import type { RuleContext } from "../engine/rule-types.js";
import type { ResourceRef } from "../store/open-store.js";
import { compareBuildNumbers, sameBuildNumber } from "./build-number-order.js";

// App Store Connect closes a version's "pre-release train" once App Review approves the version.
// Apple takes the upload (the buildUpload is created and every byte accepted) and fails it during
// processing, so a buildUpload ends FAILED with these errors rather than being refused at POST
// [3p: altool/Transporter logs "Asset validation failed - Invalid Pre-Release Train. The train
// version '4.2.1' is closed for new build submissions - STATE_ERROR.VALIDATION_ERROR.90186"
// (openfoodfacts/smooth-app#3608); uploads rejected "~20 min into the run" (stablyai/orca#6633);
// fastlane#20807]. A build of the approved version itself gets both 90186 and 90062; a build of a
// lower version gets 90062. Apple sometimes adds ITMS-90478 for a lower version; its wording names
// versions inconsistently across reports, so it is not modelled.
// The client's own check (src/workflows/builds/version-train.ts) is kept apart on purpose: the
// emulator imports only the spec, and two readings of Apple's rule cannot agree by sharing a bug.

/** appVersionState and the deprecated appStoreState values of a version that App Review approved. */
const APPROVED_STATES = new Set([
  "ACCEPTED",
  "PENDING_APPLE_RELEASE",
  "PENDING_DEVELOPER_RELEASE",
  "PROCESSING_FOR_DISTRIBUTION",
  "READY_FOR_DISTRIBUTION",
  "REPLACED_WITH_NEW_VERSION",
  "PROCESSING_FOR_APP_STORE",
  "PREORDER_READY_FOR_SALE",
  "READY_FOR_SALE",
  "REMOVED_FROM_SALE",
  "DEVELOPER_REMOVED_FROM_SALE",
]);

const MORE_INFO = "Please find more information about CFBundleShortVersionString at https://developer.apple.com/documentation/bundleresources/information_property_list/cfbundleshortversionstring";

/** What processing reports for a build of `shortVersion` when an approved App Store version of the platform closes its train. */
export function versionTrainFailures(ctx: RuleContext, app: ResourceRef, shortVersion: string, platform: string): Array<{ code: string; description: string }> {
  const approved = ctx.store.edges
    .targets(app, "appStoreVersions")
    .flatMap((ref) => ctx.store.get(ref.type, ref.id) ?? [])
    .filter((v) => v.attributes.platform === platform && [v.attributes.appVersionState, v.attributes.appStoreState].some((s) => typeof s === "string" && APPROVED_STATES.has(s)))
    .map((v) => String(v.attributes.versionString));
  const highest = approved.sort(compareBuildNumbers).at(-1);
  if (highest === undefined || compareBuildNumbers(shortVersion, highest) > 0) return [];
  const same = approved.find((v) => sameBuildNumber(v, shortVersion));
  const higherThan = (previous: string) => ({
    code: "STATE_ERROR.VALIDATION_ERROR.90062",
    description: `This bundle is invalid. The value for key CFBundleShortVersionString [${shortVersion}] in the Info.plist file must contain a higher version than that of the previously approved version [${previous}]. ${MORE_INFO}`,
  });
  if (!same) return [higherThan(highest)];
  return [{ code: "STATE_ERROR.VALIDATION_ERROR.90186", description: `Invalid Pre-Release Train. The train version '${shortVersion}' is closed for new build submissions` }, higherThan(highest)];
}
