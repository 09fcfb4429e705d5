import type { BuildOutcome } from "../rules/build-rules.js";
import type { DataAccess } from "./rule-types.js";

export interface AddBuildOptions {
  appId: string;
  /** Build number (`CFBundleVersion`, the build's `version` attribute). */
  version: string;
  /** Version string (`CFBundleShortVersionString`); its preReleaseVersion is created if needed. */
  marketingVersion: string;
  platform?: "IOS" | "MAC_OS" | "TV_OS" | "VISION_OS";
  /** What processing ends in (default VALID). */
  outcome?: BuildOutcome;
  /** Override of the engine's `processingDelayMs` for this build. */
  processingDelayMs?: number;
  /** Export compliance answer; left unanswered (null) by default, as when Info.plist lacks the key. */
  usesNonExemptEncryption?: boolean | null;
  /** Upload time (ISO 8601); the engine clock by default. */
  uploadedDate?: string;
}

export interface AddedBuild {
  buildId: string;
  preReleaseVersionId: string;
  buildBetaDetailId: string;
}

/** Test and demo controls that make things happen "on Apple's side". */
export interface Scenario {
  addBuild(options: AddBuildOptions): AddedBuild;
  /** Changes how processing ends; a build that already finished takes the new outcome at once. */
  setBuildOutcome(buildId: string, outcome: BuildOutcome): void;
}

export function createScenario(options: { data: () => DataAccess }): Scenario {
  return {
    addBuild(o) {
      const data = options.data();
      const app = data.require("apps", o.appId);
      const platform = o.platform ?? "IOS";
      const version =
        data.relatedResources(app, "preReleaseVersions").find((v) => v.attributes.version === o.marketingVersion && v.attributes.platform === platform) ??
        data.create({ type: "preReleaseVersions", attributes: { version: o.marketingVersion, platform }, relationships: { app } });
      const build = data.create({
        type: "builds",
        attributes: {
          version: o.version,
          ...(o.uploadedDate ? { uploadedDate: o.uploadedDate } : {}),
          ...(o.usesNonExemptEncryption !== undefined ? { usesNonExemptEncryption: o.usesNonExemptEncryption } : {}),
        },
        internal: { outcome: o.outcome ?? "VALID", ...(o.processingDelayMs !== undefined ? { processingDelayMs: o.processingDelayMs } : {}) },
        relationships: { app, preReleaseVersion: version },
      });
      const detail = data.related(build, "buildBetaDetail")[0];
      return { buildId: build.id, preReleaseVersionId: version.id, buildBetaDetailId: detail?.id ?? build.id };
    },
    setBuildOutcome(buildId, outcome) {
      const data = options.data();
      const build = data.require("builds", buildId);
      const finished = build.attributes.processingState !== "PROCESSING";
      data.update("builds", buildId, { internal: { outcome }, attributes: finished ? { processingState: outcome } : {} });
    },
  };
}
