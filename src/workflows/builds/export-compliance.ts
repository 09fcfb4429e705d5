import type { AscClient, Resource } from "../../client/index.js";
import { getBuildBetaDetailOfBuild, updateBuild } from "../../client/index.js";
import { AsckitError, FailedStateError } from "../../errors/asckit-error.js";
import { getBuild, marketingVersionOf } from "../builds.js";
import { relatedOne } from "../resource-view.js";
import { withAttributes } from "./with-attributes.js";

/** A build nobody may test until the export compliance question is answered. */
export class MissingExportComplianceError extends AsckitError {
  readonly buildId: string;
  /**
   * `flag`: the caller's own way to give the answer (e.g. distribute's `--uses-non-exempt-encryption`),
   * named in the hint next to the command and the Info.plist key.
   */
  constructor(buildId: string, label: string, options: { flag?: string } = {}) {
    super(`Build ${label} is MISSING_EXPORT_COMPLIANCE: App Store Connect needs the export compliance answer before anyone can test it, and its Info.plist has no ITSAppUsesNonExemptEncryption key.`, {
      category: "validation",
      hint:
        `Answer it with \`asckit builds compliance ${buildId} --uses-non-exempt-encryption false|true\` (false: no encryption, or only exempt encryption such as HTTPS)` +
        `${options.flag ? `, or pass ${options.flag} false|true here` : ""}; ` +
        "set ITSAppUsesNonExemptEncryption in the app's Info.plist so later builds answer it on upload.",
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

async function answer(client: AscClient, build: Resource, value: boolean, readStates: boolean): Promise<ExportCompliance> {
  await updateBuild(client, build.id, { usesNonExemptEncryption: value });
  const detail = readStates ? await getBuildBetaDetailOfBuild(client, build.id) : undefined;
  return {
    build: withAttributes(build, { usesNonExemptEncryption: value }),
    usesNonExemptEncryption: value,
    changed: true,
    internalBuildState: detail?.attributes.internalBuildState as string | undefined,
    externalBuildState: detail?.attributes.externalBuildState as string | undefined,
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
  return answer(client, build, usesNonExemptEncryption, true);
}

export interface EnsureComplianceOptions {
  /** How the caller lets the user give the answer, named in the error's hint (e.g. `--uses-non-exempt-encryption`). */
  flag?: string;
  /**
   * Read the beta states again after answering (default true). A caller that reads the build again
   * anyway (distribute's final read) skips this request; the states are then undefined.
   */
  readStates?: boolean;
}

/**
 * For flows that need a testable build (distribution): a build whose question is open gets `answer`
 * when one is given, else a MissingExportComplianceError naming `asckit builds compliance` and
 * ITSAppUsesNonExemptEncryption. An answered build is left alone unless `answer` differs from it.
 * Call it once the build is VALID; earlier states raise (PROCESSING: conflict, INVALID/FAILED: failed_state).
 * Given a build already read with its buildBetaDetail (and all its attributes), it is not read again.
 */
export async function ensureExportCompliance(client: AscClient, buildOrId: string | Resource, answerValue?: boolean, options: EnsureComplianceOptions = {}): Promise<ExportCompliance> {
  const build = typeof buildOrId === "string" ? await getBuild(client, buildOrId) : buildOrId;
  const readStates = options.readStates ?? true;
  checkAnswerable(build);
  if (isMissing(build)) {
    if (answerValue === undefined) throw new MissingExportComplianceError(build.id, label(build), options.flag ? { flag: options.flag } : {});
    return answer(client, build, answerValue, readStates);
  }
  if (answerValue !== undefined && build.attributes.usesNonExemptEncryption !== answerValue) return answer(client, build, answerValue, readStates);
  return unchanged(build);
}
