import type { AscClient } from "../../client/index.js";
import { addBuildToBetaGroups } from "../../client/resources/testflight-links.js";
import { AsckitError, FailedStateError, ValidationError, WaitTimeoutError } from "../../errors/asckit-error.js";
import { marketingVersionOf, waitForBuild, type WaitOptions } from "../builds.js";
import { ensureExportCompliance, MissingExportComplianceError } from "../builds/export-compliance.js";
import { failed, type CheckItem } from "../checklist.js";
import { relatedOne } from "../resource-view.js";
import { kindOf, listGroupsOfApp, pickGroup, type GroupKind } from "./beta-groups.js";
import { getBetaInfo } from "./beta-info.js";
import { checkBetaReadiness } from "./beta-readiness.js";
import { submitForBetaReview, waitForBetaReview } from "./beta-review.js";
import { getTestflightBuild, resolveBuild, type BuildRef } from "./build-ref.js";
import { setWhatToTest, validateWhatToTest } from "./what-to-test.js";

export interface DistributeOptions {
  build: BuildRef;
  /** Beta group names (exact) or ids. */
  groups: readonly string[];
  whatToTest?: { text: string; locale?: string };
  /** The export compliance answer, for builds whose Info.plist does not give it. */
  usesNonExemptEncryption?: boolean;
  /** How the caller's users give that answer, named in errors (default `--uses-non-exempt-encryption`). */
  answerFlag?: string;
  /** Print the plan; send no writes and do not wait. */
  dryRun?: boolean;
  /** Waiting for processing (and, with `waitForReview`, for Beta App Review). */
  wait: WaitOptions;
  waitForReview?: boolean;
  /** Each step as it is decided or done. */
  onStep?: (step: DistributeStep) => void;
}

export interface DistributeStep {
  step: "build" | "upload" | "groups" | "readiness" | "processing" | "compliance" | "add-groups" | "what-to-test" | "submit" | "review";
  /** done: sent now; already: nothing to do; would: dry run; blocked: a dry run found what would stop a real run. */
  status: "done" | "already" | "would" | "blocked";
  detail: string;
}

/** What a dry run found that would make the real run refuse: one per blocked step. */
export interface DistributeBlocker {
  step: DistributeStep["step"];
  /** The error the real run would raise. */
  message: string;
  hint?: string;
  /** For readiness: the checklist items that fail. */
  items?: CheckItem[];
}

export interface DistributeResult {
  buildId: string;
  app: { id: string; name: string; bundleId: string };
  marketingVersion: string | undefined;
  buildNumber: string;
  groups: Array<{ id: string; name: string; kind: GroupKind }>;
  readiness: CheckItem[];
  steps: DistributeStep[];
  /**
   * Dry run only: why the real run would be refused (missing Beta App Review information, an
   * unanswered export compliance question). Empty when it would go through; a real run throws instead.
   */
  blockers: DistributeBlocker[];
  submission?: { id: string; betaReviewState: string; created: boolean };
  processingState: string;
  internalBuildState: string | undefined;
  externalBuildState: string | undefined;
  dryRun: boolean;
}

/** External groups need Beta App Review information first; this carries the whole checklist. */
export class BetaNotReadyError extends AsckitError {
  readonly items: CheckItem[];
  constructor(items: CheckItem[]) {
    const missing = failed(items);
    super(`Not ready for external testing: ${missing.length} item${missing.length === 1 ? "" : "s"} missing (${missing.map((i) => i.id).join(", ")}).`, {
      category: "validation",
      hint: "Set them with `asckit testflight info set` (see the checklist), then run distribute again.",
    });
    this.items = items;
  }
}

/**
 * `asckit testflight distribute`: takes a build to testers. Everything that can be checked without
 * writing comes first (build, groups, readiness for external groups); then it waits for processing
 * (never distributing a PROCESSING, INVALID or FAILED build), answers export compliance, adds the
 * groups, sets What to Test, submits for Beta App Review when an external group is involved (an
 * existing submission counts as success) and reports the build's internal and external states.
 */
export async function distributeBuild(client: AscClient, options: DistributeOptions): Promise<DistributeResult> {
  if (!options.groups.length) throw new ValidationError("Name at least one beta group with --groups.", { field: "--groups", category: "usage" });
  const steps: DistributeStep[] = [];
  const blockers: DistributeBlocker[] = [];
  const record = (step: DistributeStep) => {
    steps.push(step);
    options.onStep?.(step);
  };
  const block = (blocker: DistributeBlocker, detail: string) => {
    blockers.push(blocker);
    record({ step: blocker.step, status: "blocked", detail });
  };
  const dry = Boolean(options.dryRun);
  const answerFlag = options.answerFlag ?? "--uses-non-exempt-encryption";
  const started = options.wait.now();
  // One --timeout for the whole run: each wait (an upload to appear, processing, Beta App Review)
  // counts from the start of the command, so a timeout message says how long the whole wait took.
  const waitLeft = (): typeof options.wait => ({ ...options.wait, startedAt: started });

  let build = await resolveBuild(client, options.build, {
    wait: options.wait,
    dryRun: dry,
    onUpload: (upload) => record({ step: "upload", status: "done", detail: `buildUpload ${upload.buildUploadId} became build ${upload.buildId}` }),
  });
  const app = relatedOne(build, "app");
  if (!app) throw new AsckitError(`Build ${build.id} came back without its app.`, { category: "server" });
  const appInfo = { id: app.id, name: String(app.attributes.name), bundleId: String(app.attributes.bundleId) };
  const label = `${marketingVersionOf(build) ?? "?"} (${String(build.attributes.version)})`;
  record({ step: "build", status: "already", detail: `build ${build.id}: ${appInfo.bundleId} ${label}, ${String(build.attributes.processingState)}` });
  if (build.attributes.expired === true) throw new AsckitError(`Build ${build.id} ${label} has expired and cannot be distributed.`, { category: "conflict", hint: "Upload a new build." });
  const processing = String(build.attributes.processingState);
  if (processing === "INVALID" || processing === "FAILED")
    throw new FailedStateError(`Build ${build.id} ${label} is ${processing}; it cannot be distributed.`, processing, "Fix what App Store Connect reported and upload a new build.");

  const locale = options.whatToTest?.locale ?? (app.attributes.primaryLocale as string | undefined) ?? "en-US";
  if (options.whatToTest) validateWhatToTest(options.whatToTest.text, locale);

  const appGroups = await listGroupsOfApp(client, app.id);
  const groups = [...new Map(options.groups.map((ref) => pickGroup(appGroups, ref)).map((g) => [g.id, g])).values()];
  const groupViews = groups.map((g) => ({ id: g.id, name: String(g.attributes.name), kind: kindOf(g) }));
  record({ step: "groups", status: "already", detail: groupViews.map((g) => `${g.name} (${g.kind})`).join(", ") });
  const external = groups.some((g) => kindOf(g) === "external");

  let readiness: CheckItem[] = [];
  if (external) {
    readiness = checkBetaReadiness(await getBetaInfo(client, app.id), { id: app.id, primaryLocale: app.attributes.primaryLocale as string | undefined });
    const missing = failed(readiness);
    if (!missing.length) record({ step: "readiness", status: "already", detail: "beta app information and review contact are complete" });
    else if (!dry) throw new BetaNotReadyError(readiness);
    else {
      const refusal = new BetaNotReadyError(readiness);
      block(
        { step: "readiness", message: refusal.message, ...(refusal.hint ? { hint: refusal.hint } : {}), items: missing },
        `${missing.length} item(s) missing for Beta App Review; the real run would be refused: ${missing.map((i) => i.message).join("; ")}`,
      );
    }
  }

  if (processing !== "VALID") {
    if (dry) record({ step: "processing", status: "would", detail: `wait up to ${Math.round(options.wait.timeoutMs / 1000)} s for ${processing} to become VALID` });
    else {
      await waitForBuild(client, build.id, waitLeft());
      build = await getTestflightBuild(client, build.id);
      record({ step: "processing", status: "done", detail: "build is VALID" });
    }
  }

  const answer = build.attributes.usesNonExemptEncryption;
  if (dry) {
    if (typeof answer === "boolean") record({ step: "compliance", status: "already", detail: `usesNonExemptEncryption is ${answer}` });
    else if (options.usesNonExemptEncryption !== undefined) record({ step: "compliance", status: "would", detail: `set usesNonExemptEncryption to ${options.usesNonExemptEncryption}` });
    else if (build.attributes.processingState === "VALID") {
      const refusal = new MissingExportComplianceError(build.id, `${build.id} ${label}`, { flag: answerFlag });
      block({ step: "compliance", message: refusal.message, ...(refusal.hint ? { hint: refusal.hint } : {}) }, refusal.message);
    } else record({ step: "compliance", status: "would", detail: `use the Info.plist answer once processed (else pass ${answerFlag})` });
  } else {
    // The build was just read with its beta detail: no second read, and the final read shows the states.
    const result = await ensureExportCompliance(client, build, options.usesNonExemptEncryption, { flag: answerFlag, readStates: false });
    record({ step: "compliance", status: result.changed ? "done" : "already", detail: `usesNonExemptEncryption is ${String(result.usesNonExemptEncryption ?? "answered by an encryption declaration")}` });
  }

  const current = build.related.betaGroups;
  const inGroup = new Set((Array.isArray(current) ? current : []).map((g) => g.id));
  // Internal groups with access to all builds get every build by themselves (Apple refuses the link).
  const automatic = groups.filter((g) => kindOf(g) === "internal" && g.attributes.hasAccessToAllBuilds === true);
  const toAdd = groups.filter((g) => !inGroup.has(g.id) && !automatic.includes(g));
  if (toAdd.length) {
    if (!dry) await addBuildToBetaGroups(client, build.id, toAdd.map((g) => g.id));
    record({ step: "add-groups", status: dry ? "would" : "done", detail: `add to ${toAdd.map((g) => String(g.attributes.name)).join(", ")}` });
  }
  const already = groups.filter((g) => !toAdd.includes(g));
  if (already.length) record({ step: "add-groups", status: "already", detail: `already available to ${already.map((g) => String(g.attributes.name)).join(", ")}` });

  if (options.whatToTest) {
    const localizations = build.related.betaBuildLocalizations;
    const change = await setWhatToTest(client, build.id, { locale, text: options.whatToTest.text }, { dryRun: dry, current: Array.isArray(localizations) ? localizations : [] });
    record({ step: "what-to-test", status: change.action === "unchanged" ? "already" : dry ? "would" : "done", detail: `${change.action === "unchanged" ? "unchanged" : change.action} What to Test (${locale})` });
  }

  let submission: DistributeResult["submission"];
  if (external) {
    const known = relatedOne(build, "betaAppReviewSubmission") ?? null;
    if (dry) {
      record(known ? { step: "submit", status: "already", detail: `already submitted (${String(known.attributes.betaReviewState)})` } : { step: "submit", status: "would", detail: "submit for Beta App Review" });
      if (known) submission = { id: known.id, betaReviewState: String(known.attributes.betaReviewState), created: false };
    } else {
      const result = await submitForBetaReview(client, build.id, { known });
      submission = { id: result.submission.id, betaReviewState: String(result.submission.attributes.betaReviewState), created: result.created };
      record({ step: "submit", status: result.created ? "done" : "already", detail: `${result.created ? "submitted for" : "already in"} Beta App Review (${submission.betaReviewState})` });
      if (options.waitForReview) {
        let approved;
        try {
          approved = await waitForBetaReview(client, build.id, waitLeft());
        } catch (error) {
          // Rejected, or still in review at the timeout: the build is in its groups and submitted all
          // the same, so the error carries that result for callers that report state (the CLI's stdout).
          if (error instanceof FailedStateError || error instanceof WaitTimeoutError) {
            const result = await finish().catch(() => undefined);
            if (result) (error as ErrorWithDistribution)[DISTRIBUTION] = result;
          }
          throw error;
        }
        submission = { ...submission, betaReviewState: String(approved.attributes.betaReviewState) };
        record({ step: "review", status: "done", detail: `Beta App Review ${submission.betaReviewState}` });
      }
    }
  }
  return finish();

  async function finish(): Promise<DistributeResult> {
    const final = dry ? build : await getTestflightBuild(client, build.id);
    const detail = relatedOne(final, "buildBetaDetail");
    const finalSubmission = relatedOne(final, "betaAppReviewSubmission");
    if (submission && finalSubmission) submission = { ...submission, betaReviewState: String(finalSubmission.attributes.betaReviewState) };
    return {
      buildId: build.id,
      app: appInfo,
      marketingVersion: marketingVersionOf(build),
      buildNumber: String(build.attributes.version),
      groups: groupViews,
      readiness,
      steps,
      blockers,
      ...(submission ? { submission } : {}),
      processingState: String(final.attributes.processingState),
      internalBuildState: detail?.attributes.internalBuildState as string | undefined,
      externalBuildState: detail?.attributes.externalBuildState as string | undefined,
      dryRun: dry,
    };
  }
}

const DISTRIBUTION = Symbol("asckit.distribution");
type ErrorWithDistribution = Error & { [DISTRIBUTION]?: DistributeResult };

/**
 * The result of a distribution whose work was done before its wait for Beta App Review failed
 * (REJECTED: a FailedStateError; still in review at the timeout: a WaitTimeoutError). The error
 * keeps its class and exit code; this is what was done and the states the build ended in.
 */
export function distributionOf(error: unknown): DistributeResult | undefined {
  return error instanceof Error ? (error as ErrorWithDistribution)[DISTRIBUTION] : undefined;
}
