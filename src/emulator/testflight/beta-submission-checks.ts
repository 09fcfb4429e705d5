import type { DataAccess } from "../engine/rule-types.js";
import type { StoredResource } from "../store/open-store.js";

/** One nested error of `meta.associatedErrors`, as Apple nests them under a resource path. */
export interface AssociatedError {
  status: string;
  code: string;
  title: string;
  detail: string;
  source?: { pointer: string };
}

const missing = (attribute: string, detail: string): AssociatedError => ({
  status: "409",
  code: "ENTITY_ERROR.ATTRIBUTE.REQUIRED",
  title: "An attribute value is required.",
  detail,
  source: { pointer: `/data/attributes/${attribute}` },
});

const badState = (detail: string): AssociatedError => ({
  status: "409",
  code: "STATE_ERROR.ENTITY_STATE_INVALID",
  title: "The resource is not in a valid state for this request.",
  detail,
});

const blank = (value: unknown) => typeof value !== "string" || value.trim() === "";

/** The localization Apple shows testers: the primary locale's, else the first one. */
export function primaryBetaLocalization(data: DataAccess, app: StoredResource): StoredResource | undefined {
  const all = data.relatedResources(app, "betaAppLocalizations");
  return all.find((l) => l.attributes.locale === app.attributes.primaryLocale) ?? all[0];
}

/**
 * Why a build cannot go to Beta App Review, keyed by the resource at fault (Apple's
 * `meta.associatedErrors` shape). Empty when it can.
 */
export function submissionProblems(data: DataAccess, build: StoredResource): Record<string, AssociatedError[]> {
  const problems: Record<string, AssociatedError[]> = {};
  const add = (path: string, error: AssociatedError) => (problems[path] ??= []).push(error);
  const a = build.attributes;
  const buildPath = `/v1/builds/${build.id}`;
  if (a.expired === true) add(buildPath, badState("The build has expired."));
  else if (a.processingState !== "VALID") add(buildPath, badState(`The build is ${String(a.processingState)}; only VALID builds can be submitted for Beta App Review.`));
  if (a.usesNonExemptEncryption === null || a.usesNonExemptEncryption === undefined)
    add(buildPath, missing("usesNonExemptEncryption", "Export compliance is missing: set usesNonExemptEncryption on the build (or ITSAppUsesNonExemptEncryption in Info.plist)."));

  const app = data.relatedResources(build, "app")[0];
  if (!app) return problems;
  const localization = primaryBetaLocalization(data, app);
  if (!localization) {
    add(`/v1/apps/${app.id}/betaAppLocalizations`, missing("description", "Beta app information is missing: add a beta app localization with a description, feedback email and privacy policy URL."));
  } else {
    const path = `/v1/betaAppLocalizations/${localization.id}`;
    const l = localization.attributes;
    if (blank(l.description)) add(path, missing("description", "A beta app description is required for external testing."));
    if (blank(l.feedbackEmail)) add(path, missing("feedbackEmail", "A feedback email is required for external testing."));
    if (blank(l.privacyPolicyUrl)) add(path, missing("privacyPolicyUrl", "A privacy policy URL is required for external testing."));
  }
  const detail = data.relatedResources(app, "betaAppReviewDetail")[0];
  const d = detail?.attributes ?? {};
  const detailPath = `/v1/betaAppReviewDetails/${detail?.id ?? app.id}`;
  const contact: Array<[string, string]> = [
    ["contactFirstName", "contact first name"],
    ["contactLastName", "contact last name"],
    ["contactPhone", "contact phone"],
    ["contactEmail", "contact email"],
  ];
  for (const [attribute, label] of contact) if (blank(d[attribute])) add(detailPath, missing(attribute, `The beta review ${label} is required.`));
  if (d.demoAccountRequired === true) {
    if (blank(d.demoAccountName)) add(detailPath, missing("demoAccountName", "A demo account name is required when demoAccountRequired is true."));
    if (blank(d.demoAccountPassword)) add(detailPath, missing("demoAccountPassword", "A demo account password is required when demoAccountRequired is true."));
  }
  return problems;
}
