import type { AscClient, Resource } from "../../client/index.js";
import { createSemaphore, updateBuild } from "../../client/index.js";
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

/** Unexpired builds uploaded before `now - olderThanMs`, oldest first. */
export async function findBuildsToExpire(client: AscClient, query: ExpiryQuery): Promise<Resource[]> {
  const cutoff = query.now - query.olderThanMs;
  const builds = await client.collect("GET /v1/builds", {
    query: {
      "filter[app]": query.appId ? [query.appId] : undefined,
      "filter[expired]": ["false"],
      include: ["preReleaseVersion", "app"],
      "fields[builds]": ["version", "uploadedDate", "expired", "processingState", "preReleaseVersion", "app"],
      "fields[preReleaseVersions]": ["version", "platform"],
      "fields[apps]": ["bundleId", "name"],
      sort: ["uploadedDate"],
    },
  });
  return builds.filter((b) => b.attributes.expired !== true && Date.parse(String(b.attributes.uploadedDate)) < cutoff);
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
