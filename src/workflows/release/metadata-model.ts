import { APP_STORE_LOCALES, limitProblem, localeProblem, urlProblem } from "./listing-rules.js";
import { RELEASE_TYPES } from "./versions.js";

/** Fields of an app info localization (one per locale, shared by every version of the app). */
export const APP_INFO_FIELDS = ["name", "subtitle", "privacyPolicyUrl", "privacyChoicesUrl"] as const;
/** Fields of an App Store version localization. */
export const VERSION_LOCALIZATION_FIELDS = ["description", "keywords", "whatsNew", "promotionalText", "supportUrl", "marketingUrl"] as const;
/** A locale's file holds both, app info first: that is the order of the App Store product page. */
export const LOCALE_FIELDS = [...APP_INFO_FIELDS, ...VERSION_LOCALIZATION_FIELDS] as const;
export const REVIEW_FIELDS = ["contactFirstName", "contactLastName", "contactPhone", "contactEmail", "demoAccountRequired", "demoAccountName", "demoAccountPassword", "notes"] as const;
export const VERSION_FIELDS = ["copyright", "releaseType", "earliestReleaseDate"] as const;

export type AppInfoField = (typeof APP_INFO_FIELDS)[number];
export type VersionLocalizationField = (typeof VERSION_LOCALIZATION_FIELDS)[number];
export type LocaleField = (typeof LOCALE_FIELDS)[number];
export type ReviewField = (typeof REVIEW_FIELDS)[number];
export type VersionField = (typeof VERSION_FIELDS)[number];

/** A field left out is left alone; null (or "") clears it. */
export type LocaleMetadata = Partial<Record<LocaleField, string | null>>;
export type ReviewMetadata = Partial<Record<Exclude<ReviewField, "demoAccountRequired">, string | null>> & { demoAccountRequired?: boolean | null };
export type VersionMetadata = Partial<Record<VersionField, string | null>>;

/** The listing of one App Store version as asckit reads and writes it. */
export interface Metadata {
  locales: Record<string, LocaleMetadata>;
  review?: ReviewMetadata;
  version?: VersionMetadata;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Empty strings mean "no value", as in App Store Connect's forms. */
export const normalise = (value: unknown): unknown => (value === "" || value === undefined ? null : value);

/**
 * Every problem in a metadata set, each prefixed with where it is ("en-US.json: keywords is 101
 * characters, 1 over the limit of 100"). Checked before any request.
 */
export function metadataProblems(metadata: Metadata, files: { locale: (l: string) => string; review: string; version: string } = defaultNames): string[] {
  const problems: string[] = [];
  for (const [locale, fields] of Object.entries(metadata.locales)) {
    const where = files.locale(locale);
    const bad = localeProblem(locale);
    if (bad) problems.push(`${where}: ${bad}`);
    problems.push(...objectProblems(fields, LOCALE_FIELDS, where));
    for (const [field, value] of Object.entries(fields)) {
      if (value !== null && typeof value !== "string") continue;
      const p = limitProblem(field, value) ?? (field.endsWith("Url") ? urlProblem(field, value) : undefined);
      if (p) problems.push(`${where}: ${p}`);
    }
    if ("name" in fields && normalise(fields.name) === null) problems.push(`${where}: name cannot be empty (the app needs a name in every locale)`);
  }
  if (metadata.review) {
    const where = files.review;
    const r = metadata.review;
    problems.push(...objectProblems(r, REVIEW_FIELDS, where, ["demoAccountRequired"]));
    if (typeof r.contactEmail === "string" && r.contactEmail !== "" && !EMAIL.test(r.contactEmail)) problems.push(`${where}: contactEmail "${r.contactEmail}" is not an e-mail address`);
    if (r.demoAccountRequired === true)
      for (const f of ["demoAccountName", "demoAccountPassword"] as const) if (f in r && normalise(r[f]) === null) problems.push(`${where}: ${f} is needed when demoAccountRequired is true`);
  }
  if (metadata.version) {
    const where = files.version;
    const v = metadata.version;
    problems.push(...objectProblems(v, VERSION_FIELDS, where));
    if (v.releaseType !== undefined && v.releaseType !== null && !(RELEASE_TYPES as readonly string[]).includes(v.releaseType))
      problems.push(`${where}: releaseType "${v.releaseType}" is not one of ${RELEASE_TYPES.join(", ")}`);
    if (typeof v.earliestReleaseDate === "string" && Number.isNaN(Date.parse(v.earliestReleaseDate))) problems.push(`${where}: earliestReleaseDate "${v.earliestReleaseDate}" is not an ISO 8601 date`);
    // Without the key the version's own date stands; the plan checks that against the live version.
    if (v.releaseType === "SCHEDULED" && "earliestReleaseDate" in v && !v.earliestReleaseDate) problems.push(`${where}: a SCHEDULED release needs earliestReleaseDate`);
    if (v.releaseType && v.releaseType !== "SCHEDULED" && v.earliestReleaseDate) problems.push(`${where}: earliestReleaseDate needs releaseType SCHEDULED`);
  }
  return problems;
}

function objectProblems(value: object, allowed: readonly string[], where: string, booleans: string[] = []): string[] {
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (!allowed.includes(key)) {
      const near = allowed.find((a) => a.toLowerCase().startsWith(key.toLowerCase().slice(0, 4)));
      problems.push(`${where}: unknown field "${key}"${near ? ` (did you mean ${near}?)` : ""}`);
    } else if (booleans.includes(key) ? v !== null && typeof v !== "boolean" : v !== null && typeof v !== "string") {
      problems.push(`${where}: ${key} must be ${booleans.includes(key) ? "true, false" : "a string"} or null`);
    }
  }
  return problems;
}

const defaultNames = { locale: (l: string) => l, review: "review", version: "version" };

export const isLocaleName = (name: string) => APP_STORE_LOCALES.includes(name);
