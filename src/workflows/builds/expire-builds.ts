import type { AscClient, Resource } from "../../client/index.js";
import { createSemaphore, resolveDocument, updateBuild } from "../../client/index.js";
import { relatedOne } from "../resource-view.js";
import { withAttributes } from "./with-attributes.js";

export interface ExpireOutcome {
  build: Resource;
  result: "expired" | "already expired" | "failed";
  error?: Error;
}

/** Expires one build (irreversible: testers lose it). An already expired build is left as it is. */
export async function expireBuild(client: AscClient, build: Resource): Promise<ExpireOutcome> {
  if (build.attributes.expired === true) return { build, result: "already expired" };
  const updated = await updateBuild(client, build.id, { expired: true });
  return { build: withAttributes(build, updated.attributes), result: "expired" };
}

export interface ExpiryQuery {
  /** One app, or every app the key can see. */
  appId?: string;
  /** Builds uploaded more than this long before `now`. */
  olderThanMs: number;
  now: number;
}

/**
 * What `inUseReason` needs besides the build itself: the App Store version it is attached to, and
 * its external TestFlight state (beta detail and Beta App Review submission). One request either way.
 */
const IN_USE_QUERY = {
  include: ["preReleaseVersion", "app", "appStoreVersion", "buildBetaDetail", "betaAppReviewSubmission"],
  "fields[builds]": ["version", "uploadedDate", "expired", "processingState", "preReleaseVersion", "app", "appStoreVersion", "buildBetaDetail", "betaAppReviewSubmission"],
  "fields[preReleaseVersions]": ["version", "platform"],
  "fields[apps]": ["bundleId", "name"],
  "fields[appStoreVersions]": ["versionString", "platform", "appVersionState", "appStoreState"],
  "fields[buildBetaDetails]": ["internalBuildState", "externalBuildState"],
  "fields[betaAppReviewSubmissions]": ["betaReviewState"],
};

/** Unexpired builds uploaded before `now - olderThanMs`, oldest first, with what `inUseReason` reads. */
export async function findBuildsToExpire(client: AscClient, query: ExpiryQuery): Promise<Resource[]> {
  const cutoff = query.now - query.olderThanMs;
  const builds = await client.collect("GET /v1/builds", {
    query: {
      "filter[app]": query.appId ? [query.appId] : undefined,
      "filter[expired]": ["false"],
      ...IN_USE_QUERY,
      sort: ["uploadedDate"],
    },
  });
  return builds.filter((b) => b.attributes.expired !== true && Date.parse(String(b.attributes.uploadedDate)) < cutoff);
}

/** One build with what `inUseReason` reads (for `builds expire ID`). */
export async function getBuildForExpiry(client: AscClient, id: string): Promise<Resource> {
  const res = await client.request(`GET /v1/builds/${encodeURIComponent(id)}`, { query: IN_USE_QUERY });
  return resolveDocument(res.document).data as Resource;
}

/**
 * External TestFlight states in which testers outside the team have the build or are about to:
 * expiring it takes it from them (or throws away a review in progress). Internal-only builds are
 * what clean-ups are for, so INTERNAL states never count.
 */
const EXTERNAL_IN_USE: Record<string, string> = {
  IN_BETA_TESTING: "in external testing",
  BETA_APPROVED: "approved for external testing",
  WAITING_FOR_BETA_REVIEW: "waiting for Beta App Review",
  IN_BETA_REVIEW: "in Beta App Review",
};
const REVIEW_IN_PROGRESS: Record<string, string> = { WAITING_FOR_REVIEW: "waiting for Beta App Review", IN_REVIEW: "in Beta App Review" };

/**
 * Why expiring this build would hurt someone, or undefined when nothing uses it. A build attached to
 * an App Store version is in use in every state of that version but the final
 * REPLACED_WITH_NEW_VERSION: it is being prepared, in review, or what customers download. The build
 * must have been read with `findBuildsToExpire` or `getBuildForExpiry` (their includes).
 */
export function inUseReason(build: Resource): string | undefined {
  const version = relatedOne(build, "appStoreVersion");
  if (version) {
    // appStoreState is deprecated but still the only state on some older versions.
    const state = String(version.attributes.appVersionState ?? version.attributes.appStoreState ?? "");
    if (state !== "REPLACED_WITH_NEW_VERSION") return `attached to App Store version ${String(version.attributes.versionString ?? version.id)}${state ? ` (${state})` : ""}`;
  }
  const external = String(relatedOne(build, "buildBetaDetail")?.attributes.externalBuildState ?? "");
  if (EXTERNAL_IN_USE[external]) return EXTERNAL_IN_USE[external];
  const review = String(relatedOne(build, "betaAppReviewSubmission")?.attributes.betaReviewState ?? "");
  return REVIEW_IN_PROGRESS[review];
}

/**
 * Expires builds a few at a time. A failure does not stop the others: each outcome is reported, and
 * the caller decides the exit status. PATCH `expired: true` is idempotent, so nothing is re-read.
 */
export async function expireBuilds(client: AscClient, builds: readonly Resource[], options: { concurrency?: number; onOutcome?: (o: ExpireOutcome) => void } = {}): Promise<ExpireOutcome[]> {
  const slots = createSemaphore(options.concurrency ?? 4);
  return Promise.all(
    builds.map(async (build) => {
      await slots.acquire();
      try {
        const outcome = await expireBuild(client, build).catch((error: unknown): ExpireOutcome => ({ build, result: "failed", error: error instanceof Error ? error : new Error(String(error)) }));
        options.onOutcome?.(outcome);
        return outcome;
      } finally {
        slots.release();
      }
    }),
  );
}

/** Bundle id of the build's app when the response included it. */
export const appBundleIdOf = (build: Resource) => relatedOne(build, "app")?.attributes.bundleId as string | undefined;
