import type { AscClient } from "../../client/index.js";
import { AsckitError } from "../../errors/asckit-error.js";
import { compareBuildNumbers, incrementBuildNumber, sameBuildNumber } from "./build-number.js";

// Once App Review approves an App Store version, App Store Connect closes that version's "train":
// processing then fails any new build of it with ITMS-90186 "Invalid Pre-Release Train. The train
// version '2.0.0' is closed for new build submissions" together with ITMS-90062 "…must contain a
// higher version than that of the previously approved version [2.0.0]", and a build of a lower
// version gets ITMS-90062 alone. The upload itself is accepted: the failure comes minutes later,
// after every byte was sent [3p: fastlane#20807, openfoodfacts/smooth-app#2745, stablyai/orca#6633].
// A version that was never approved (TestFlight only, or still in review) keeps its train open.

/** appVersionState (current) and appStoreState (deprecated) values of a version App Review approved. */
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

/** An App Store version App Review approved (live, pending release, or released before). */
export interface ApprovedVersion {
  id: string;
  versionString: string;
  /** appVersionState, or appStoreState when Apple sent only that. */
  state: string;
}

export interface VersionTrain {
  /** Whether App Store Connect still takes new builds of this marketing version (CFBundleShortVersionString). */
  open: boolean;
  /** closed: this very version was approved; lower: a higher version was approved already. */
  reason: "closed" | "lower" | undefined;
  /** The approved version that decides: this very version when closed, else the platform's highest approved one (if any). */
  approved: ApprovedVersion | undefined;
  /** When not open: one above the approved version in its third integer (2.0.0 → 2.0.1, 2.0.9 → 2.0.10). */
  suggestedVersion: string | undefined;
}

/** Whether builds of `marketingVersion` can still be uploaded for the app and platform, judged from its App Store versions. */
export async function checkVersionTrain(client: AscClient, query: { appId: string; marketingVersion: string; platform?: string; signal?: AbortSignal }): Promise<VersionTrain> {
  const versions = await client.collect(`GET /v1/apps/${encodeURIComponent(query.appId)}/appStoreVersions`, {
    query: {
      "filter[platform]": query.platform ? [query.platform] : undefined,
      "fields[appStoreVersions]": ["platform", "versionString", "appVersionState", "appStoreState"],
    },
  }, query.signal ? { signal: query.signal } : {});
  const approved: ApprovedVersion[] = [];
  for (const v of versions) {
    if (query.platform && v.attributes.platform !== query.platform) continue;
    const states = [v.attributes.appVersionState, v.attributes.appStoreState].filter((s): s is string => typeof s === "string");
    if (!states.some((s) => APPROVED_STATES.has(s))) continue;
    approved.push({ id: v.id, versionString: String(v.attributes.versionString), state: states[0]! });
  }
  return trainOf(query.marketingVersion, approved);
}

/** The train of `marketingVersion` given the approved versions (compared as numbers: 2.0.10 > 2.0.9). */
export function trainOf(marketingVersion: string, approved: readonly ApprovedVersion[]): VersionTrain {
  const highest = [...approved].sort((a, b) => compareBuildNumbers(b.versionString, a.versionString))[0];
  if (!highest || compareBuildNumbers(marketingVersion, highest.versionString) > 0) return { open: true, reason: undefined, approved: highest, suggestedVersion: undefined };
  const same = approved.find((v) => sameBuildNumber(v.versionString, marketingVersion));
  return { open: false, reason: same ? "closed" : "lower", approved: same ?? highest, suggestedVersion: nextVersionString(highest.versionString) };
}

/** 2.0 → 2.0.1, 2.0.9 → 2.0.10, 3 → 3.0.1: a patch release above `version`. */
function nextVersionString(version: string): string {
  const parts = version.split(".").slice(0, 3);
  while (parts.length < 3) parts.push("0");
  return incrementBuildNumber(parts.join("."));
}

/** A package whose marketing version App Store Connect no longer takes builds for. */
export class VersionTrainClosedError extends AsckitError {
  readonly suggestedVersion: string;
  constructor(train: VersionTrain, package_: { bundleId: string; marketingVersion: string }) {
    const approved = train.approved!;
    const suggested = train.suggestedVersion!;
    const message =
      train.reason === "closed"
        ? `Version ${package_.marketingVersion} of ${package_.bundleId} is closed for new builds: App Store version ${approved.versionString} is ${approved.state}, and App Store Connect fails every later build of an approved version (ITMS-90186).`
        : `Version ${package_.marketingVersion} of ${package_.bundleId} is lower than App Store version ${approved.versionString} (${approved.state}); App Store Connect only takes builds of a version higher than the approved one (ITMS-90062).`;
    super(message, {
      category: "conflict",
      hint: `Set CFBundleShortVersionString to a higher version, e.g. ${suggested} (\`agvtool new-marketing-version ${suggested}\`), then build and upload that.`,
    });
    this.suggestedVersion = suggested;
  }
}
