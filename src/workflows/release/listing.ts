import type { AscClient, Resource } from "../../client/index.js";
import { APP_INFO_FIELDS, REVIEW_FIELDS, VERSION_FIELDS, VERSION_LOCALIZATION_FIELDS, type LocaleMetadata, type Metadata, type ReviewMetadata, type VersionMetadata } from "./metadata-model.js";
import { EDITABLE_STATES, findVersion, type ResolvedVersion, type VersionRef } from "./versions.js";

/** App infos that are on the store or replaced; any other one is the app info being prepared. */
const RETIRED_APP_INFO_STATES = new Set(["READY_FOR_DISTRIBUTION", "REPLACED_WITH_NEW_INFO"]);
const LOCKED_APP_INFO_STATES = new Set([...RETIRED_APP_INFO_STATES, "WAITING_FOR_REVIEW", "IN_REVIEW", "PENDING_RELEASE", "ACCEPTED"]);

/** Everything on App Store Connect that `metadata` reads and writes for one version. */
export interface Listing extends ResolvedVersion {
  versionLocalizations: Resource[];
  /** The app info that goes with this version: the one being prepared for an editable version, else the live one. */
  appInfo: Resource | undefined;
  appInfoLocalizations: Resource[];
  /** Whether App Store Connect accepts changes to the app info now. */
  appInfoEditable: boolean;
  reviewDetail: Resource | undefined;
}

const many = (r: Resource, rel: string): Resource[] => {
  const v = r.related[rel];
  return Array.isArray(v) ? v : [];
};

/** Reads a version's listing in two requests (plus the app lookup): the version with its localizations and review details, and the app infos with theirs. */
export async function readListing(client: AscClient, ref: VersionRef): Promise<Listing> {
  const resolved = await findVersion(client, ref, { listing: true });
  const infos = await client.collect(`GET /v1/apps/${encodeURIComponent(resolved.app.id)}/appInfos`, {
    query: { include: ["appInfoLocalizations"], "limit[appInfoLocalizations]": 50 },
  });
  const editableVersion = EDITABLE_STATES.has(String(resolved.version.attributes.appVersionState));
  const preparing = infos.find((i) => !RETIRED_APP_INFO_STATES.has(String(i.attributes.state)));
  const live = infos.find((i) => i.attributes.state === "READY_FOR_DISTRIBUTION");
  const appInfo = editableVersion ? (preparing ?? live ?? infos[0]) : (live ?? preparing ?? infos[0]);
  const detail = resolved.version.related.appStoreReviewDetail;
  return {
    ...resolved,
    versionLocalizations: many(resolved.version, "appStoreVersionLocalizations"),
    appInfo,
    appInfoLocalizations: appInfo ? many(appInfo, "appInfoLocalizations") : [],
    appInfoEditable: appInfo !== undefined && !LOCKED_APP_INFO_STATES.has(String(appInfo.attributes.state)),
    reviewDetail: detail && !Array.isArray(detail) ? detail : undefined,
  };
}

const pick = <K extends string>(r: Resource | undefined, keys: readonly K[]): Partial<Record<K, unknown>> =>
  Object.fromEntries(keys.map((k) => [k, r?.attributes[k] ?? null])) as Partial<Record<K, unknown>>;

/** The listing as files would hold it: every locale of either kind, every field (null when unset). */
export function listingToMetadata(listing: Listing): Metadata {
  const locales = new Set([...listing.versionLocalizations, ...listing.appInfoLocalizations].map((l) => String(l.attributes.locale)));
  const metadata: Metadata = { locales: {} };
  for (const locale of [...locales].sort()) {
    const info = listing.appInfoLocalizations.find((l) => l.attributes.locale === locale);
    const loc = listing.versionLocalizations.find((l) => l.attributes.locale === locale);
    metadata.locales[locale] = { ...pick(info, APP_INFO_FIELDS), ...pick(loc, VERSION_LOCALIZATION_FIELDS) } as LocaleMetadata;
  }
  metadata.review = { ...pick(listing.reviewDetail, REVIEW_FIELDS), demoAccountRequired: listing.reviewDetail?.attributes.demoAccountRequired === true } as ReviewMetadata;
  metadata.version = pick(listing.version, VERSION_FIELDS) as VersionMetadata;
  return metadata;
}
