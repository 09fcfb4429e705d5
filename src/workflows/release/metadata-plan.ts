import type { Resource } from "../../client/index.js";
import { isSecretField, maskSecret } from "../../errors/mask-secrets.js";
import { listingError } from "./listing-rules.js";
import type { Listing } from "./listing.js";
import { APP_INFO_FIELDS, REVIEW_FIELDS, VERSION_FIELDS, VERSION_LOCALIZATION_FIELDS, normalise, type Metadata } from "./metadata-model.js";
import { EDITABLE_STATES } from "./versions.js";

export type ChangeScope = "version" | "appInfoLocalization" | "versionLocalization" | "reviewDetail";

/** One field that differs between the files and App Store Connect. */
export interface FieldChange {
  scope: ChangeScope;
  locale?: string;
  field: string;
  /** Current value on App Store Connect (null when unset or when the resource does not exist yet). */
  from: unknown;
  to: unknown;
}

export type PlannedOperation =
  | { kind: "updateVersion"; id: string; attributes: Record<string, unknown> }
  | { kind: "createAppInfoLocalization"; parentId: string; locale: string; attributes: Record<string, unknown> }
  | { kind: "updateAppInfoLocalization"; id: string; parentId: string; locale: string; attributes: Record<string, unknown> }
  | { kind: "createVersionLocalization"; parentId: string; locale: string; attributes: Record<string, unknown> }
  | { kind: "updateVersionLocalization"; id: string; parentId: string; locale: string; attributes: Record<string, unknown> }
  | { kind: "createReviewDetail"; parentId: string; attributes: Record<string, unknown> }
  | { kind: "updateReviewDetail"; id: string; parentId: string; attributes: Record<string, unknown> };

export interface MetadataPlan {
  changes: FieldChange[];
  /** The requests that make App Store Connect match the files, in the order they are sent. */
  operations: PlannedOperation[];
}


const same = (a: unknown, b: unknown) => normalise(a) === normalise(b);

function diff(current: Resource | undefined, desired: Record<string, unknown> | undefined, fields: readonly string[], defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!desired) return out;
  for (const field of fields) {
    if (!(field in desired)) continue;
    const to = normalise(desired[field]) ?? defaults[field] ?? null;
    const from = normalise(current?.attributes[field]) ?? defaults[field] ?? null;
    if (!same(from, to)) out[field] = to;
  }
  return out;
}

/**
 * The field-level difference between the files and App Store Connect, and the fewest requests that
 * close it: one create or update per resource that differs, nothing for what already matches.
 * Problems that depend on the live state (a new locale without a name, a version that can no longer be
 * edited) are reported here, before any write.
 */
export function planMetadata(listing: Listing, desired: Metadata, options: { now: number }): MetadataPlan {
  const changes: FieldChange[] = [];
  const operations: PlannedOperation[] = [];
  const problems: string[] = [];
  const versionState = String(listing.version.attributes.appVersionState);
  const versionEditable = EDITABLE_STATES.has(versionState);
  const record = (scope: ChangeScope, current: Resource | undefined, attributes: Record<string, unknown>, locale?: string) => {
    for (const [field, to] of Object.entries(attributes)) {
      const from = normalise(current?.attributes[field]) ?? (field === "demoAccountRequired" ? false : null);
      // The demo account password, changed or not, is never shown.
      const hide = (v: unknown) => (isSecretField(field) ? maskSecret(v) : v);
      changes.push({ scope, ...(locale ? { locale } : {}), field, from: hide(from), to: hide(to) });
    }
  };

  const versionAttributes = diff(listing.version, desired.version, VERSION_FIELDS);
  if (Object.keys(versionAttributes).length) {
    if (!versionEditable) problems.push(`version.json: version ${String(listing.version.attributes.versionString)} is ${versionState} and can no longer be edited`);
    problems.push(...releaseProblems(listing.version, versionAttributes, options.now));
    record("version", listing.version, versionAttributes);
    operations.push({ kind: "updateVersion", id: listing.version.id, attributes: versionAttributes });
  }

  for (const locale of Object.keys(desired.locales).sort()) {
    const wanted = desired.locales[locale]!;
    const file = `${locale}.json`;
    const info = listing.appInfoLocalizations.find((l) => l.attributes.locale === locale);
    const infoChanges = diff(info, wanted, APP_INFO_FIELDS);
    if (Object.keys(infoChanges).length) {
      if (!listing.appInfo) problems.push(`${file}: the app has no app info to hold ${locale}`);
      else if (!listing.appInfoEditable) problems.push(`${file}: the app info is ${String(listing.appInfo.attributes.state)} and cannot be edited now (name, subtitle and privacy URLs change with a new version)`);
      else if (!info && normalise(infoChanges.name ?? null) === null) problems.push(`${file}: name is required to add ${locale} to the app info`);
      record("appInfoLocalization", info, infoChanges, locale);
      if (listing.appInfo)
        operations.push(
          info
            ? { kind: "updateAppInfoLocalization", id: info.id, parentId: listing.appInfo.id, locale, attributes: infoChanges }
            : { kind: "createAppInfoLocalization", parentId: listing.appInfo.id, locale, attributes: stripNulls(infoChanges) },
        );
    }
    const loc = listing.versionLocalizations.find((l) => l.attributes.locale === locale);
    const locChanges = diff(loc, wanted, VERSION_LOCALIZATION_FIELDS);
    const creating = !loc && Object.values(locChanges).some((v) => v !== null);
    if (loc ? Object.keys(locChanges).length : creating) {
      const onlyPromo = Object.keys(locChanges).every((f) => f === "promotionalText");
      if (!versionEditable && !(loc && onlyPromo)) problems.push(`${file}: version ${String(listing.version.attributes.versionString)} is ${versionState}; only promotionalText can change now`);
      if (!loc && !info && !wanted.name) problems.push(`${file}: adds ${locale} to the version but the app has no name in ${locale}; add "name"`);
      record("versionLocalization", loc, loc ? locChanges : stripNulls(locChanges), locale);
      operations.push(
        loc
          ? { kind: "updateVersionLocalization", id: loc.id, parentId: listing.version.id, locale, attributes: locChanges }
          : { kind: "createVersionLocalization", parentId: listing.version.id, locale, attributes: stripNulls(locChanges) },
      );
    }
  }

  const reviewChanges = diff(listing.reviewDetail, desired.review as Record<string, unknown> | undefined, REVIEW_FIELDS, { demoAccountRequired: false });
  if (Object.keys(reviewChanges).length) {
    if (!versionEditable) problems.push(`review.json: version ${String(listing.version.attributes.versionString)} is ${versionState}; App Review details can no longer change`);
    record("reviewDetail", listing.reviewDetail, reviewChanges);
    operations.push(
      listing.reviewDetail
        ? { kind: "updateReviewDetail", id: listing.reviewDetail.id, parentId: listing.version.id, attributes: reviewChanges }
        : { kind: "createReviewDetail", parentId: listing.version.id, attributes: stripNulls(reviewChanges) },
    );
  }
  if (problems.length) throw listingError(problems);
  return { changes, operations };
}

/**
 * How the release type and date that change fit the version as it is, the rules `versions update`
 * applies (and App Store Connect, which answers 409): a date only with SCHEDULED, whether that type
 * comes from version.json or is the live one, and a SCHEDULED release only with a future date.
 */
function releaseProblems(version: Resource, changes: Record<string, unknown>, now: number): string[] {
  const where = `version.json: version ${String(version.attributes.versionString)}`;
  const type = "releaseType" in changes ? changes.releaseType : version.attributes.releaseType;
  const date = "earliestReleaseDate" in changes ? changes.earliestReleaseDate : normalise(version.attributes.earliestReleaseDate);
  const problems: string[] = [];
  if (typeof changes.earliestReleaseDate === "string" && type !== "SCHEDULED")
    problems.push(`${where} is ${String(type)}: earliestReleaseDate needs "releaseType": "SCHEDULED" (or leave the date null)`);
  if (type === "SCHEDULED" && ("releaseType" in changes || "earliestReleaseDate" in changes)) {
    if (typeof date !== "string") problems.push(`${where}: a SCHEDULED release needs earliestReleaseDate`);
    else if (Date.parse(date) <= now) problems.push(`${where}: earliestReleaseDate ${date} is in the past; a SCHEDULED release needs a future date`);
  }
  return problems;
}

function stripNulls(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null));
}

/** "en-US description", "review contactEmail", "version copyright". */
export function changeLabel(change: FieldChange): string {
  const where = change.scope === "version" ? "version" : change.scope === "reviewDetail" ? "review" : `${change.locale}${change.scope === "appInfoLocalization" ? " (app info)" : ""}`;
  return `${where} ${change.field}`;
}
