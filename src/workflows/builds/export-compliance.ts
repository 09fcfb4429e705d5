import type { AscClient, Resource } from "../../client/index.js";
import { getBuildBetaDetailOfBuild, updateBuild } from "../../client/index.js";
import { AsckitError, FailedStateError } from "../../errors/asckit-error.js";
import { getBuild, marketingVersionOf } from "../builds.js";
import { relatedOne } from "../resource-view.js";
import { withAttributes } from "./with-attributes.js";

/** A build nobody may test until the export compliance question is answered. */
export class MissingExportComplianceError extends AsckitError {
  readonly buildId: string;
  constructor(buildId: string, label: string) {
    super(`Build ${label} is MISSING_EXPORT_COMPLIANCE: App Store Connect needs the export compliance answer before anyone can test it.`, {
      category: "validation",
      hint:
        `Answer it with \`asckit builds compliance ${buildId} --uses-non-exempt-encryption false\` (true if the app uses non-exempt encryption), ` +
        "or set ITSAppUsesNonExemptEncryption in the app's Info.plist so later builds answer it on upload.",
    });
    this.buildId = buildId;
  }
}

export interface ExportCompliance {
  build: Resource;
  /** The answer now on the build; undefined only if it was answered another way (an encryption declaration). */
  usesNonExemptEncryption: boolean | undefined;
  /** Whether this call sent the answer. */
  changed: boolean;
  internalBuildState: string | undefined;
  externalBuildState: string | undefined;
}

const label = (build: Resource) => `${build.id} (${marketingVersionOf(build) ?? "?"} build ${String(build.attributes.version)})`;

/** Export compliance can only be answered for a processed, unexpired build. */
function checkAnswerable(build: Resource): void {
  const state = String(build.attributes.processingState);
  if (build.attributes.expired === true) throw new AsckitError(`Build ${label(build)} has expired; its export compliance can no longer be answered.`, { category: "conflict", hint: "Upload a new build." });
  if (state === "INVALID" || state === "FAILED") throw new FailedStateError(`Build ${label(build)} finished processing as ${state}; it cannot be tested.`, state, "Fix the problem App Store Connect reported and upload a new build.");
  if (state !== "VALID") {
    throw new AsckitError(`Build ${label(build)} is still ${state}; export compliance can be answered once it is VALID.`, {
      category: "conflict",
      hint: `Wait for it with \`asckit builds wait ${build.id}\`, then try again.`,
    });
  }
}

function isMissing(build: Resource): boolean {
  const detail = relatedOne(build, "buildBetaDetail");
  const answer = build.attributes.usesNonExemptEncryption;
  if (detail) return detail.attributes.internalBuildState === "MISSING_EXPORT_COMPLIANCE" || detail.attributes.externalBuildState === "MISSING_EXPORT_COMPLIANCE";
  return answer === null || answer === undefined;
}

async function answer(client: AscClient, build: Resource, value: boolean): Promise<ExportCompliance> {
  await updateBuild(client, build.id, { usesNonExemptEncryption: value });
  const detail = await getBuildBetaDetailOfBuild(client, build.id);
  return {
    build: withAttributes(build, { usesNonExemptEncryption: value }),
    usesNonExemptEncryption: value,
    changed: true,
    internalBuildState: detail.attributes.internalBuildState,
    externalBuildState: detail.attributes.externalBuildState,
  };
}

function unchanged(build: Resource): ExportCompliance {
  const detail = relatedOne(build, "buildBetaDetail");
  const value = build.attributes.usesNonExemptEncryption;
  return {
    build,
    usesNonExemptEncryption: typeof value === "boolean" ? value : undefined,
    changed: false,
    internalBuildState: detail?.attributes.internalBuildState as string | undefined,
    externalBuildState: detail?.attributes.externalBuildState as string | undefined,
  };
}

/**
 * `builds compliance ID --uses-non-exempt-encryption true|false`: sends the answer unless the build
 * already has it. With `dryRun` nothing is sent; `changed` then says whether it would be.
 */
export async function setExportCompliance(client: AscClient, buildId: string, usesNonExemptEncryption: boolean, options: { dryRun?: boolean } = {}): Promise<ExportCompliance> {
  const build = await getBuild(client, buildId);
  checkAnswerable(build);
  if (build.attributes.usesNonExemptEncryption === usesNonExemptEncryption && !isMissing(build)) return unchanged(build);
  if (options.dryRun) return { ...unchanged(build), changed: true };
  return answer(client, build, usesNonExemptEncryption);
}

/**
 * For flows that need a testable build (distribution): a build whose question is open gets `answer`
 * when one is given, else a MissingExportComplianceError naming `asckit builds compliance` and
 * ITSAppUsesNonExemptEncryption. An answered build is left alone unless `answer` differs from it.
 * Call it once the build is VALID; earlier states raise (PROCESSING: conflict, INVALID/FAILED: failed_state).
 */
export async function ensureExportCompliance(client: AscClient, buildId: string, answerValue?: boolean): Promise<ExportCompliance> {
  const build = await getBuild(client, buildId);
  checkAnswerable(build);
  if (isMissing(build)) {
    if (answerValue === undefined) throw new MissingExportComplianceError(build.id, label(build));
    return answer(client, build, answerValue);
  }
  if (answerValue !== undefined && build.attributes.usesNonExemptEncryption !== answerValue) return answer(client, build, answerValue);
  return unchanged(build);
}
