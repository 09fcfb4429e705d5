import type { AscClient, Resource } from "../../client/index.js";
import { buildPath, resolveDocument } from "../../client/index.js";
import { listAppBuildUploads } from "../../client/resources/build-uploads.js";
import { AsckitError, FailedStateError, ValidationError } from "../../errors/asckit-error.js";
import { findApp } from "../apps.js";
import { listBuilds, marketingVersionOf, type WaitOptions } from "../builds.js";
import { sameBuildNumber } from "../builds/build-number.js";
import { stateDetails } from "../builds/state-details.js";
import { uploadState } from "../builds/used-build-numbers.js";
import { waitForUploadedBuild } from "../builds/wait-for-upload.js";
import { exactlyOne } from "../exact-match.js";
import { relatedId, relatedOne } from "../resource-view.js";

/** A build by id, or by app + marketing version + build number (matched exactly). */
export type BuildRef = { buildId: string } | { app: string; marketingVersion: string; buildNumber: string; platform?: string };

const STATUS_INCLUDE = ["app", "preReleaseVersion", "buildBetaDetail", "betaAppReviewSubmission", "betaGroups", "betaBuildLocalizations"];

export function checkBuildRef(ref: Partial<{ buildId: string; app: string; marketingVersion: string; buildNumber: string }>): BuildRef {
  if (ref.buildId) {
    if (ref.marketingVersion || ref.buildNumber) throw new ValidationError("Pass either --build ID or --version with --build-number, not both.", { field: "--build", category: "usage" });
    return { buildId: ref.buildId };
  }
  if (ref.app && ref.marketingVersion && ref.buildNumber) return { app: ref.app, marketingVersion: ref.marketingVersion, buildNumber: ref.buildNumber };
  throw new ValidationError("Which build? Pass --build ID, or --app with --version and --build-number.", { field: "--build", category: "usage" });
}

/**
 * The build with everything TestFlight needs in one request: app, version, beta detail (internal and
 * external states), review submission, groups and What to Test.
 */
export async function getTestflightBuild(client: AscClient, buildId: string): Promise<Resource> {
  const res = await client.request(`GET ${buildPath("/v1/builds/{id}", { id: buildId })}`, {
    query: {
      include: STATUS_INCLUDE,
      "fields[apps]": ["name", "bundleId", "primaryLocale"],
      "limit[betaGroups]": 50,
      "limit[betaBuildLocalizations]": 50,
    },
  });
  return resolveDocument(res.document).data as Resource;
}

export interface ResolveBuildOptions {
  /**
   * A build named by its numbers that is not there yet but whose buildUpload is in flight (or just
   * COMPLETE) is waited for, within this wait's timeout. Without it such a build is not found.
   */
  wait?: WaitOptions;
  /** A dry run does not wait: a build still on its way is reported instead. */
  dryRun?: boolean;
  /** Called when the build was found by waiting for its upload. */
  onUpload?: (found: { buildUploadId: string; buildId: string }) => void;
}

export async function resolveBuild(client: AscClient, ref: BuildRef, options: ResolveBuildOptions = {}): Promise<Resource> {
  if ("buildId" in ref) return getTestflightBuild(client, ref.buildId);
  const app = await findApp(client, ref.app);
  const candidates = await listBuilds(client, { appId: app.id, marketingVersion: ref.marketingVersion, buildNumber: ref.buildNumber, ...(ref.platform ? { platform: ref.platform } : {}) });
  if (!candidates.length) return getTestflightBuild(client, await buildFromUpload(client, app, ref, options));
  const build = exactlyOne(candidates, () => true, {
    what: "build",
    value: `${ref.marketingVersion} (${ref.buildNumber}) of ${String(app.attributes.bundleId)}`,
    label: (b) => `${b.id} (${marketingVersionOf(b) ?? "?"} build ${String(b.attributes.version)})`,
    hint: `List the app's builds with \`asckit builds list --app ${String(app.attributes.bundleId)}\`.`,
  });
  return getTestflightBuild(client, build.id);
}

/**
 * Right after `builds upload` (without --wait) the build does not exist yet: App Store Connect makes
 * it when the upload's processing ends. A live upload of these numbers is waited for; none at all
 * (or only failed ones) is an error that says so.
 */
async function buildFromUpload(client: AscClient, app: Resource, ref: Extract<BuildRef, { app: string }>, options: ResolveBuildOptions): Promise<string> {
  const bundleId = String(app.attributes.bundleId);
  const numbers = `${ref.marketingVersion} (${ref.buildNumber})`;
  const uploads = (
    await listAppBuildUploads(client, app.id, {
      "filter[cfBundleShortVersionString]": [ref.marketingVersion],
      "filter[cfBundleVersion]": [ref.buildNumber],
      ...(ref.platform ? { "filter[platform]": [ref.platform as "IOS"] } : {}),
      include: ["build"],
    })
  )
    // Apple's filters may match loosely; the numbers are compared the way App Store Connect does.
    .filter((u) => u.attributes.cfBundleShortVersionString === ref.marketingVersion && sameBuildNumber(String(u.attributes.cfBundleVersion), ref.buildNumber))
    .sort((a, b) => String(b.attributes.createdDate ?? "").localeCompare(String(a.attributes.createdDate ?? "")));
  const live = uploads.find((u) => uploadState(u) !== "FAILED");
  if (!live) {
    const failedUpload = uploads[0];
    if (failedUpload) {
      throw new FailedStateError(`There is no build ${numbers} of ${bundleId}: its upload ${failedUpload.id} FAILED (${stateDetails(failedUpload.attributes.state)}).`, "FAILED", "Fix what App Store Connect reported and upload again with a new build number.");
    }
    throw new AsckitError(`There is no build ${numbers} of ${bundleId}, and no upload of it either.`, {
      category: "not_found",
      hint: `Upload it with \`asckit builds upload FILE\`, or list the app's builds with \`asckit builds list --app ${bundleId}\`.`,
    });
  }
  const linked = relatedId(live, "build");
  if (uploadState(live) === "COMPLETE" && linked) return linked;
  const state = uploadState(live);
  if (options.dryRun || !options.wait) {
    throw new AsckitError(`Build ${numbers} of ${bundleId} does not exist yet: its buildUpload ${live.id} is ${state}.${options.dryRun ? " A real run waits for it (within --timeout); a dry run does not." : ""}`, {
      category: options.dryRun ? "conflict" : "not_found",
      hint: `Wait for it with \`asckit builds wait ${live.id}\`, then run this again.`,
    });
  }
  const wait = options.wait;
  const done = await waitForUploadedBuild(client, live.id, {
    timeoutMs: wait.timeoutMs,
    intervalMs: wait.intervalMs,
    now: wait.now,
    sleep: wait.sleep,
    appId: app.id,
    ...(wait.signal ? { signal: wait.signal } : {}),
    onPoll: (uploadStateNow, _processing, elapsed) => wait.onPoll?.(`upload ${uploadStateNow}`, elapsed),
  });
  options.onUpload?.({ buildUploadId: live.id, buildId: done.buildId });
  return done.buildId;
}

/** The TestFlight picture of a build, flat for output. */
export function testflightStatus(build: Resource): Record<string, unknown> {
  const detail = relatedOne(build, "buildBetaDetail");
  const submission = relatedOne(build, "betaAppReviewSubmission");
  const groups = build.related.betaGroups;
  const localizations = build.related.betaBuildLocalizations;
  return {
    id: build.id,
    app: relatedOne(build, "app")?.attributes.bundleId,
    marketingVersion: marketingVersionOf(build),
    version: build.attributes.version,
    processingState: build.attributes.processingState,
    usesNonExemptEncryption: build.attributes.usesNonExemptEncryption,
    internalBuildState: detail?.attributes.internalBuildState,
    externalBuildState: detail?.attributes.externalBuildState,
    betaReviewState: submission?.attributes.betaReviewState ?? null,
    groups: Array.isArray(groups) ? groups.map((g) => String(g.attributes.name)) : [],
    whatToTestLocales: Array.isArray(localizations) ? localizations.map((l) => String(l.attributes.locale)) : [],
  };
}
