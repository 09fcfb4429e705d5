import type { AscClient, Resource } from "../client/index.js";
import { resolveDocument } from "../client/index.js";
import { FailedStateError, WaitTimeoutError } from "../errors/asckit-error.js";
import { abortableSleep } from "./builds/abortable-sleep.js";
import { relatedOne } from "./resource-view.js";

export interface BuildFilter {
  appId?: string;
  /** Marketing version (CFBundleShortVersionString), i.e. the pre-release version's `version`. */
  marketingVersion?: string;
  /** Build number (CFBundleVersion); Apple calls it `version` on builds. */
  buildNumber?: string;
  processingState?: string[];
  platform?: string;
  max?: number;
}

const BUILD_FIELDS = ["version", "uploadedDate", "expirationDate", "expired", "minOsVersion", "processingState", "buildAudienceType", "usesNonExemptEncryption", "preReleaseVersion", "app", "buildBetaDetail"];

/**
 * Builds, newest first. `filter[version]` is Apple's build-number filter and the marketing version
 * lives on the pre-release version, so both are also matched exactly here.
 */
export async function listBuilds(client: AscClient, filter: BuildFilter = {}): Promise<Resource[]> {
  const builds = await client.collect(
    "GET /v1/builds",
    {
      query: {
        "filter[app]": filter.appId ? [filter.appId] : undefined,
        "filter[version]": filter.buildNumber ? [filter.buildNumber] : undefined,
        "filter[preReleaseVersion.version]": filter.marketingVersion ? [filter.marketingVersion] : undefined,
        "filter[preReleaseVersion.platform]": filter.platform ? [filter.platform] : undefined,
        "filter[processingState]": filter.processingState,
        include: ["preReleaseVersion"],
        "fields[builds]": BUILD_FIELDS,
        "fields[preReleaseVersions]": ["version", "platform"],
        sort: ["-uploadedDate"],
      },
    },
    filter.max ? { max: filter.max } : {},
  );
  return builds.filter(
    (b) =>
      (!filter.buildNumber || b.attributes.version === filter.buildNumber) &&
      (!filter.marketingVersion || marketingVersionOf(b) === filter.marketingVersion),
  );
}

export function marketingVersionOf(build: Resource): string | undefined {
  return relatedOne(build, "preReleaseVersion")?.attributes.version as string | undefined;
}

export async function getBuild(client: AscClient, id: string): Promise<Resource> {
  const res = await client.request(`GET /v1/builds/${encodeURIComponent(id)}`, {
    query: {
      include: ["preReleaseVersion", "buildBetaDetail"],
      "fields[builds]": BUILD_FIELDS,
      "fields[preReleaseVersions]": ["version", "platform"],
    },
  });
  return resolveDocument(res.document).data as Resource;
}

/** A flat view of a build for output: Apple's attribute names plus the marketing version and beta states. */
export function buildView(build: Resource): Record<string, unknown> {
  const detail = relatedOne(build, "buildBetaDetail");
  return {
    id: build.id,
    version: build.attributes.version,
    marketingVersion: marketingVersionOf(build),
    platform: relatedOne(build, "preReleaseVersion")?.attributes.platform,
    ...build.attributes,
    ...(detail ? { internalBuildState: detail.attributes.internalBuildState, externalBuildState: detail.attributes.externalBuildState } : {}),
  };
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Called after every poll with the state seen and the time waited so far. */
  onPoll?: (state: string, elapsedMs: number) => void;
  /** Stops the wait between polls (it then rejects with the signal's reason). */
  signal?: AbortSignal;
  /**
   * When the caller's wait began (default: now). A wait that is the second half of a longer one
   * (upload, then build) passes its own start, so that `timeoutMs`, the elapsed time in `onPoll`
   * and the timeout message all count the whole wait, not just this half.
   */
  startedAt?: number;
}

export const TERMINAL_FAILURES = new Set(["INVALID", "FAILED"]);

/**
 * Polls a build until it is VALID and returns it as `getBuild` reads it (each poll is that read, so
 * the result has one shape however many polls it took). INVALID/FAILED raise FailedStateError
 * (their own exit code), running out of time raises WaitTimeoutError — never the same error for both.
 */
export async function waitForBuild(client: AscClient, id: string, options: WaitOptions): Promise<Resource> {
  const started = options.startedAt ?? options.now();
  for (;;) {
    // getBuild's own read: the build that ends the wait is the whole view, whichever poll it was.
    const build = await getBuild(client, id);
    const state = String(build.attributes.processingState);
    const elapsed = options.now() - started;
    options.onPoll?.(state, elapsed);
    if (state === "VALID") return build;
    if (TERMINAL_FAILURES.has(state)) {
      throw new FailedStateError(`Build ${id} (build number ${String(build.attributes.version)}) finished processing as ${state}.`, state,
        "Check the e-mail from App Store Connect for the reason, fix it, and upload a new build with a higher build number.");
    }
    const remaining = options.timeoutMs - elapsed;
    if (remaining <= 0) {
      throw new WaitTimeoutError(`Build ${id} is still ${state} after ${Math.round(elapsed / 1000)} s.`, `Processing goes on: \`asckit builds wait ${id}\` waits again (a longer --timeout if needed).`);
    }
    await abortableSleep(options.sleep, Math.min(options.intervalMs, remaining), options.signal);
  }
}
