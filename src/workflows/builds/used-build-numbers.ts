import type { AscClient, Resource } from "../../client/index.js";
import { listAppBuildUploads } from "../../client/resources/build-uploads.js";
import { relatedId, relatedOne } from "../resource-view.js";

/** A build number that is taken: by a build, or by an upload App Store Connect has not turned into one yet. */
export interface UsedBuildNumber {
  number: string;
  marketingVersion: string;
  platform: string | undefined;
  source: "build" | "upload";
  id: string;
  /** processingState of a build; the buildUpload's state of an upload. */
  state: string;
  resource: Resource;
  /**
   * For a build: the buildUpload it was made from, when the app's upload list still has it (its
   * files carry the checksum of the bytes that became this build).
   */
  upload?: Resource;
}

export interface UsedBuildNumbersOptions {
  appId: string;
  /** Only numbers under this marketing version (CFBundleShortVersionString); all when omitted. */
  marketingVersion?: string;
  platform?: string;
  /** Stops the lookups (Ctrl-C). */
  signal?: AbortSignal;
}

/** States of a buildUpload whose number is still spoken for (a FAILED upload frees it). */
const LIVE_UPLOAD_STATES = new Set(["AWAITING_UPLOAD", "PROCESSING", "COMPLETE"]);

/**
 * Every build number in use for an app (optionally one marketing version): its builds, expired ones
 * included, and its uploads still in flight. Apple's filters are re-checked exactly here.
 */
export async function usedBuildNumbers(client: AscClient, options: UsedBuildNumbersOptions): Promise<UsedBuildNumber[]> {
  const { appId, marketingVersion, platform } = options;
  const overrides = options.signal ? { signal: options.signal } : {};
  const [builds, uploads] = await Promise.all([
    client.collect("GET /v1/builds", {
      query: {
        "filter[app]": [appId],
        "filter[preReleaseVersion.version]": marketingVersion ? [marketingVersion] : undefined,
        "filter[preReleaseVersion.platform]": platform ? [platform] : undefined,
        include: ["preReleaseVersion"],
        "fields[builds]": ["version", "uploadedDate", "expirationDate", "expired", "minOsVersion", "processingState", "usesNonExemptEncryption", "preReleaseVersion"],
        "fields[preReleaseVersions]": ["version", "platform"],
      },
    }, overrides),
    listAppBuildUploads(client, appId, {
      "filter[cfBundleShortVersionString]": marketingVersion ? [marketingVersion] : undefined,
      "filter[platform]": platform ? [platform as "IOS"] : undefined,
      "fields[buildUploads]": ["cfBundleShortVersionString", "cfBundleVersion", "platform", "state", "createdDate", "uploadedDate", "build"],
      "fields[builds]": ["version", "processingState"],
      // Linkage `data` comes only with include: it tells which upload already became a build.
      include: ["build"],
    }, overrides),
  ]);
  const used: UsedBuildNumber[] = [];
  for (const b of builds) {
    const version = relatedOne(b, "preReleaseVersion");
    const mv = String(version?.attributes.version ?? "");
    const pf = version?.attributes.platform as string | undefined;
    if ((marketingVersion && mv !== marketingVersion) || (platform && pf !== platform)) continue;
    used.push({ number: String(b.attributes.version), marketingVersion: mv, platform: pf, source: "build", id: b.id, state: String(b.attributes.processingState), resource: b });
  }
  for (const u of uploads) {
    const state = uploadState(u);
    const mv = String(u.attributes.cfBundleShortVersionString ?? "");
    if (!LIVE_UPLOAD_STATES.has(state) || (marketingVersion && mv !== marketingVersion) || (platform && u.attributes.platform !== platform)) continue;
    // A completed upload and its build are one number, not two.
    const buildId = relatedId(u, "build");
    const build = buildId ? used.find((x) => x.source === "build" && x.id === buildId) : undefined;
    if (build) {
      build.upload = u;
      continue;
    }
    used.push({ number: String(u.attributes.cfBundleVersion), marketingVersion: mv, platform: u.attributes.platform as string | undefined, source: "upload", id: u.id, state, resource: u });
  }
  return used;
}

/** `attributes.state.state` of a buildUpload. */
export function uploadState(upload: Resource): string {
  const state = upload.attributes.state as { state?: string } | undefined;
  return String(state?.state ?? "UNKNOWN");
}
