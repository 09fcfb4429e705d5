import type { AscClient, Resource, UploadOperation } from "../../client/index.js";
import { buildPath } from "../../client/index.js";
import { AsckitError, ValidationError } from "../../errors/asckit-error.js";
import { findApp } from "../apps.js";
import type { MediaKind } from "./media-kind.js";

/** Which App Store version the media belongs to. */
export interface VersionTarget {
  versionId?: string;
  /** The version string, e.g. "1.2.0"; without it, the app's one editable version for the platform. */
  version?: string;
  /** App id or exact bundle id (needed unless `versionId` is given). */
  app?: string;
  /** IOS (default), MAC_OS, TV_OS or VISION_OS. */
  platform?: string;
}

/** States in which a version's screenshots and previews can still be changed. */
export const EDITABLE_VERSION_STATES = ["PREPARE_FOR_SUBMISSION", "READY_FOR_REVIEW", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"];

const stateOf = (v: Resource) => String(v.attributes.appVersionState ?? v.attributes.appStoreState ?? "");

/** The version's id: as given, or looked up by exact version string (or editable state) for the app and platform. */
export async function resolveVersionId(client: AscClient, target: VersionTarget): Promise<string> {
  if (target.versionId) return target.versionId;
  if (!target.app) {
    throw new ValidationError("Say which version: --version-id ID, or --app with an optional --version.", { category: "usage", field: "--app" });
  }
  const platform = target.platform ?? "IOS";
  const appId = /^\d+$/.test(target.app) ? target.app : (await findApp(client, target.app)).id;
  const versions = await client.collect(`GET ${buildPath("/v1/apps/{id}/appStoreVersions", { id: appId })}`, {
    query: {
      "filter[platform]": [platform],
      ...(target.version ? { "filter[versionString]": [target.version] } : {}),
      "fields[appStoreVersions]": ["versionString", "platform", "appStoreState", "appVersionState"],
    },
  });
  // Filters can match loosely; decide exactly here.
  const onPlatform = versions.filter((v) => v.attributes.platform === undefined || v.attributes.platform === platform);
  const hits = target.version
    ? onPlatform.filter((v) => v.attributes.versionString === target.version)
    : onPlatform.filter((v) => EDITABLE_VERSION_STATES.includes(stateOf(v)));
  const label = (v: Resource) => `${String(v.attributes.versionString)} (${stateOf(v) || "?"}, ${v.id})`;
  if (hits.length === 1) return hits[0]!.id;
  if (!hits.length) {
    // Name what does exist (one more request, only on this error path).
    const others = target.version
      ? await client.collect(`GET ${buildPath("/v1/apps/{id}/appStoreVersions", { id: appId })}`, {
          query: { "filter[platform]": [platform], "fields[appStoreVersions]": ["versionString", "platform", "appStoreState", "appVersionState"] },
        }, { max: 5 })
      : onPlatform;
    throw new AsckitError(
      target.version ? `App ${target.app} has no ${platform} version "${target.version}".` : `App ${target.app} has no editable ${platform} version.`,
      { category: "not_found", hint: others.length ? `Versions: ${others.slice(0, 5).map(label).join(", ")}` : "Create the version first (`asckit versions create`)." },
    );
  }
  throw new AsckitError(`${hits.length} ${platform} versions match: ${hits.map(label).join(", ")}.`, { category: "conflict", hint: "Pass --version-id." });
}

/** A version localization with the ids of its sets of one media kind, by display or preview type. */
export interface LocalizationSets {
  id: string;
  locale: string;
  sets: Map<string, string>;
}

/** One request (per 200 locales): the version's localizations with their screenshot or preview sets included. */
export async function loadLocalizationSets(client: AscClient, versionId: string, kind: MediaKind): Promise<Map<string, LocalizationSets>> {
  const localizations = await client.collect(`GET ${buildPath("/v1/appStoreVersions/{id}/appStoreVersionLocalizations", { id: versionId })}`, {
    query: {
      "fields[appStoreVersionLocalizations]": ["locale", kind.localizationSets],
      include: [kind.localizationSets],
      [`fields[${kind.setType}]`]: [kind.setTypeAttribute],
      [`limit[${kind.localizationSets}]`]: 50,
    },
  });
  const out = new Map<string, LocalizationSets>();
  for (const loc of localizations) {
    const sets = new Map<string, string>();
    const related = loc.related[kind.localizationSets];
    for (const set of Array.isArray(related) ? related : []) {
      const type = String(set.attributes[kind.setTypeAttribute]);
      if (!sets.has(type)) sets.set(type, set.id);
    }
    out.set(String(loc.attributes.locale), { id: loc.id, locale: String(loc.attributes.locale), sets });
  }
  return out;
}

/** An uploaded (or half-uploaded) asset as the workflows reason about it. */
export interface RemoteAsset {
  id: string;
  fileName: string;
  fileSize: number | undefined;
  checksum: string | undefined;
  /** AWAITING_UPLOAD, UPLOAD_COMPLETE, PROCESSING (previews), COMPLETE or FAILED. */
  state: string;
  errors: Array<{ code: string; description: string }>;
  width: number | undefined;
  height: number | undefined;
  /** A reservation's upload operations, while it is AWAITING_UPLOAD (when they were asked for). */
  operations: UploadOperation[] | undefined;
  /** Previews: what the reservation was made with. */
  mimeType: string | undefined;
  previewFrameTimeCode: string | undefined;
}

export function remoteAsset(resource: Resource, kind: MediaKind): RemoteAsset {
  const a = resource.attributes;
  const delivery = (a[kind.stateAttribute] ?? a.assetDeliveryState) as { state?: string; errors?: Array<{ code?: string; description?: string }> } | null | undefined;
  const image = (kind.name === "screenshots" ? a.imageAsset : (a.previewFrameImage as { image?: unknown } | undefined)?.image) as { width?: number; height?: number } | null | undefined;
  return {
    id: resource.id,
    fileName: String(a.fileName ?? ""),
    fileSize: typeof a.fileSize === "number" ? a.fileSize : undefined,
    checksum: typeof a.sourceFileChecksum === "string" ? a.sourceFileChecksum.toLowerCase() : undefined,
    state: delivery?.state ?? "UNKNOWN",
    errors: (delivery?.errors ?? []).map((e) => ({ code: String(e.code ?? "UNKNOWN"), description: String(e.description ?? "") })),
    width: image?.width ?? undefined,
    height: image?.height ?? undefined,
    operations: Array.isArray(a.uploadOperations) ? (a.uploadOperations as UploadOperation[]) : undefined,
    mimeType: typeof a.mimeType === "string" ? a.mimeType : undefined,
    previewFrameTimeCode: typeof a.previewFrameTimeCode === "string" ? a.previewFrameTimeCode : undefined,
  };
}

/**
 * The assets of a set, in the set's order. `operations` also asks for the upload operations of
 * reservations not yet committed, so that an interrupted upload can be continued.
 */
export async function listSetAssets(client: AscClient, kind: MediaKind, setId: string, options: { operations?: boolean } = {}): Promise<RemoteAsset[]> {
  const assets = await client.collect(`GET ${buildPath(`/v1/${kind.setType}/{id}/${kind.assetsRelationship}`, { id: setId })}`, {
    query: { [`fields[${kind.assetType}]`]: [...kind.assetFields, ...(options.operations ? ["uploadOperations"] : [])] },
  });
  return assets.map((r) => remoteAsset(r, kind));
}

export const TERMINAL_STATES = new Set(["COMPLETE", "FAILED"]);
