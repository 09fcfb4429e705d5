import type { AscClient, Resource } from "../../client/index.js";
import { buildPath, resolveDocument } from "../../client/index.js";
import { ValidationError } from "../../errors/asckit-error.js";
import { findApp } from "../apps.js";
import { listBuilds, marketingVersionOf } from "../builds.js";
import { exactlyOne } from "../exact-match.js";
import { relatedOne } from "../resource-view.js";

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

export async function resolveBuild(client: AscClient, ref: BuildRef): Promise<Resource> {
  if ("buildId" in ref) return getTestflightBuild(client, ref.buildId);
  const app = await findApp(client, ref.app);
  const candidates = await listBuilds(client, { appId: app.id, marketingVersion: ref.marketingVersion, buildNumber: ref.buildNumber, ...(ref.platform ? { platform: ref.platform } : {}) });
  const build = exactlyOne(candidates, () => true, {
    what: "build",
    value: `${ref.marketingVersion} (${ref.buildNumber}) of ${String(app.attributes.bundleId)}`,
    label: (b) => `${b.id} (${marketingVersionOf(b) ?? "?"} build ${String(b.attributes.version)})`,
    hint: `List the app's builds with \`asckit builds list --app ${String(app.attributes.bundleId)}\`.`,
  });
  return getTestflightBuild(client, build.id);
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
