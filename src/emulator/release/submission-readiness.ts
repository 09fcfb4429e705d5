import type { RuleContext } from "../engine/rule-types.js";
import type { StoredResource } from "../store/open-store.js";
import { reviewConfig } from "./review-config.js";
import { FIELD_LIMITS, isBlank } from "./text-rules.js";
import { RELEASED_VERSION_STATES, RETIRED_APP_INFO_STATES, allTargets, firstTarget } from "./version-states.js";

/** One nested error of `meta.associatedErrors`. */
export interface AssociatedError {
  code: string;
  detail: string;
  source?: { pointer: string };
}

export type AssociatedErrors = Record<string, AssociatedError[]>;

/** Display types App Review requires, one of each list per platform (6.9" or 6.5" iPhone for iOS). */
export const REQUIRED_SCREENSHOT_TYPES: Record<string, string[]> = {
  IOS: ["APP_IPHONE_67", "APP_IPHONE_65"],
  MAC_OS: ["APP_DESKTOP"],
  TV_OS: ["APP_APPLE_TV"],
  VISION_OS: ["APP_APPLE_VISION_PRO"],
};

const required = (attribute: string): AssociatedError => ({
  code: "ENTITY_ERROR.ATTRIBUTE.REQUIRED",
  detail: `You must provide a value for the attribute '${attribute}' with this request.`,
  source: { pointer: `/data/attributes/${attribute}` },
});

const tooLong = (attribute: string, value: string, max: number): AssociatedError => ({
  code: "ENTITY_ERROR.ATTRIBUTE.INVALID",
  detail: `The attribute '${attribute}' is ${[...value].length} characters; the maximum is ${max}.`,
  source: { pointer: `/data/attributes/${attribute}` },
});

/** The app's editable app info (the one not live or replaced), if any. */
export function editableAppInfo(ctx: RuleContext, app: { type: string; id: string }): StoredResource | undefined {
  return allTargets(ctx, app, "appInfos").find((i) => !RETIRED_APP_INFO_STATES.has(String(i.attributes.state)));
}

/**
 * Everything that keeps a version from going to App Review, keyed by the resource path Apple uses
 * in `meta.associatedErrors`. Empty when the version is complete. Pricing, availability, age rating
 * and content rights are not modelled by the emulator and never block.
 */
export function versionReadiness(ctx: RuleContext, version: StoredResource): AssociatedErrors {
  const errors: AssociatedErrors = {};
  const add = (path: string, error: AssociatedError) => void (errors[path] ??= []).push(error);
  const versionPath = `/v1/appStoreVersions/${version.id}`;
  const app = firstTarget(ctx, version, "app");
  const platform = String(version.attributes.platform ?? "IOS");

  const buildRef = ctx.store.edges.targets(version, "build")[0];
  const build = buildRef && ctx.data.get(buildRef.type, buildRef.id);
  if (!build) {
    add(versionPath, { code: "ENTITY_ERROR.RELATIONSHIP.REQUIRED", detail: "You must choose a build for this version before it can be submitted.", source: { pointer: "/data/relationships/build" } });
  } else {
    const buildPath = `/v1/builds/${build.id}`;
    if (build.attributes.processingState !== "VALID")
      add(buildPath, { code: "STATE_ERROR.ENTITY_STATE_INVALID", detail: `The build's processingState is ${String(build.attributes.processingState)}; only a VALID build can be submitted.` });
    if (build.attributes.expired === true) add(buildPath, { code: "STATE_ERROR.ENTITY_STATE_INVALID", detail: "The build has expired." });
    if (build.attributes.usesNonExemptEncryption === null || build.attributes.usesNonExemptEncryption === undefined) {
      if (!ctx.store.edges.targets(build, "appEncryptionDeclaration").length)
        add(buildPath, { code: "ENTITY_ERROR.ATTRIBUTE.REQUIRED", detail: "Export compliance is missing: answer usesNonExemptEncryption for the build.", source: { pointer: "/data/attributes/usesNonExemptEncryption" } });
    }
  }
  if (isBlank(version.attributes.copyright)) add(versionPath, required("copyright"));

  const detail = firstTarget(ctx, version, "appStoreReviewDetail");
  if (!detail) {
    add(versionPath, { code: "ENTITY_ERROR.RELATIONSHIP.REQUIRED", detail: "App Review information is missing: create the appStoreReviewDetail with a contact.", source: { pointer: "/data/relationships/appStoreReviewDetail" } });
  } else {
    const detailPath = `/v1/appStoreReviewDetails/${detail.id}`;
    for (const field of ["contactFirstName", "contactLastName", "contactPhone", "contactEmail"]) if (isBlank(detail.attributes[field])) add(detailPath, required(field));
    if (detail.attributes.demoAccountRequired === true)
      for (const field of ["demoAccountName", "demoAccountPassword"]) if (isBlank(detail.attributes[field])) add(detailPath, required(field));
  }

  const localizations = allTargets(ctx, version, "appStoreVersionLocalizations");
  const primaryLocale = String(app?.attributes.primaryLocale ?? "en-US");
  if (!localizations.some((l) => l.attributes.locale === primaryLocale))
    add(versionPath, { code: "ENTITY_ERROR.RELATIONSHIP.REQUIRED", detail: `A localization for the primary language ${primaryLocale} is required.`, source: { pointer: "/data/relationships/appStoreVersionLocalizations" } });
  const isUpdate = app
    ? allTargets(ctx, app, "appStoreVersions").some((v) => v.id !== version.id && v.attributes.platform === platform && RELEASED_VERSION_STATES.has(String(v.attributes.appVersionState)))
    : false;
  const config = reviewConfig(ctx.store);
  for (const loc of localizations) {
    const path = `/v1/appStoreVersionLocalizations/${loc.id}`;
    for (const field of ["description", "keywords", "supportUrl", ...(isUpdate ? ["whatsNew"] : [])]) if (isBlank(loc.attributes[field])) add(path, required(field));
    for (const [field, max] of Object.entries(FIELD_LIMITS)) {
      const value = loc.attributes[field];
      if (typeof value === "string" && [...value].length > max) add(path, tooLong(field, value, max));
    }
    if (config.requireScreenshots) {
      const wanted = REQUIRED_SCREENSHOT_TYPES[platform] ?? [];
      const sets = allTargets(ctx, loc, "appScreenshotSets").filter((s) => wanted.includes(String(s.attributes.screenshotDisplayType)));
      const ready = sets.some((s) => allTargets(ctx, s, "appScreenshots").some(isDelivered));
      if (wanted.length && !ready)
        add(path, {
          code: "ENTITY_ERROR.RELATIONSHIP.REQUIRED",
          detail: `Screenshots for ${wanted.join(" or ")} are required for ${loc.attributes.locale as string}.`,
          source: { pointer: "/data/relationships/appScreenshotSets" },
        });
    }
  }

  const info = app && editableAppInfo(ctx, app);
  if (info) {
    const infoLocs = allTargets(ctx, info, "appInfoLocalizations");
    for (const loc of localizations) {
      const infoLoc = infoLocs.find((l) => l.attributes.locale === loc.attributes.locale);
      if (!infoLoc) {
        add(`/v1/appInfos/${info.id}`, { code: "ENTITY_ERROR.RELATIONSHIP.REQUIRED", detail: `An app info localization (name) for ${String(loc.attributes.locale)} is required.`, source: { pointer: "/data/relationships/appInfoLocalizations" } });
        continue;
      }
      const path = `/v1/appInfoLocalizations/${infoLoc.id}`;
      if (isBlank(infoLoc.attributes.name)) add(path, required("name"));
      if (infoLoc.attributes.locale === primaryLocale && isBlank(infoLoc.attributes.privacyPolicyUrl)) add(path, required("privacyPolicyUrl"));
    }
  }
  return errors;
}

/** A screenshot counts once its delivery finished, or when no delivery state was recorded (generic data). */
function isDelivered(shot: StoredResource): boolean {
  const state = (shot.attributes.assetDeliveryState as { state?: string } | null | undefined)?.state;
  return state === undefined || state === "COMPLETE";
}

export const hasErrors = (errors: AssociatedErrors): boolean => Object.keys(errors).length > 0;
