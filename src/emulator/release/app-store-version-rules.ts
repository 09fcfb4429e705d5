import { entityError, stateError } from "../api-failure.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { ResourceRef } from "../store/open-store.js";
import { ensureEditableAppInfo } from "./app-info-rules.js";
import { carryOverListing, deleteListingMedia } from "./carry-over-listing.js";
import { advanceScheduledRelease } from "./release-version.js";
import { advanceSubmissionsOf } from "./review-timeline.js";
import {
  EDITABLE_VERSION_STATES,
  RELEASED_VERSION_STATES,
  VERSION_STRING,
  allTargets,
  compareVersionStrings,
  firstTarget,
  refOf,
  stateOf,
} from "./version-states.js";

const invalid = (attribute: string, detail: string) => entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", detail, `/data/attributes/${attribute}`);
const relationshipInvalid = (detail: string, pointer = "/data") => entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", detail, pointer);

function checkVersionString(ctx: RuleContext, app: ResourceRef | undefined, platform: string, versionString: unknown, exceptId?: string): void {
  if (typeof versionString !== "string" || !VERSION_STRING.test(versionString))
    throw invalid("versionString", `'${String(versionString)}' is not a valid version string: use one to three period-separated integers, such as 1.2.0.`);
  if (!app) return;
  const siblings = allTargets(ctx, app, "appStoreVersions").filter((v) => v.id !== exceptId && v.attributes.platform === platform);
  if (siblings.some((v) => v.attributes.versionString === versionString))
    throw invalid("versionString", `The version string '${versionString}' has already been used for ${platform}.`);
  const released = siblings.filter((v) => RELEASED_VERSION_STATES.has(stateOf(v)));
  const highest = released.map((v) => String(v.attributes.versionString)).sort(compareVersionStrings).pop();
  if (highest && compareVersionStrings(versionString, highest) <= 0)
    throw invalid("versionString", `The version number must be higher than the previously approved version (${highest}).`);
}

function checkReleaseType(ctx: RuleContext, attributes: Record<string, unknown>): void {
  const type = attributes.releaseType;
  const date = attributes.earliestReleaseDate;
  if (type === "SCHEDULED") {
    if (typeof date !== "string" || Number.isNaN(Date.parse(date)))
      throw invalid("earliestReleaseDate", "A SCHEDULED release needs an earliestReleaseDate.");
    if (Date.parse(date) <= ctx.now) throw invalid("earliestReleaseDate", "The earliestReleaseDate must be in the future.");
  } else if (date !== null && date !== undefined) {
    throw invalid("earliestReleaseDate", "An earliestReleaseDate can only be set when releaseType is SCHEDULED.");
  }
}

export const appStoreVersionRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const app = refOf(draft.relationships.app);
    // Reading the app first lets its hooks (the demo's lazy history) run before the checks below.
    if (app) ctx.data.get(app.type, app.id);
    const platform = String(draft.attributes.platform);
    checkVersionString(ctx, app, platform, draft.attributes.versionString);
    if (app) {
      const open = allTargets(ctx, app, "appStoreVersions").find((v) => v.attributes.platform === platform && !RELEASED_VERSION_STATES.has(stateOf(v)));
      if (open)
        throw relationshipInvalid(`You cannot create a new version of the App in the current state: version ${String(open.attributes.versionString)} (${stateOf(open)}) is still open for ${platform}.`, "/data/relationships/app");
    }
    const attributes = {
      copyright: null,
      reviewType: "APP_STORE",
      releaseType: "AFTER_APPROVAL",
      earliestReleaseDate: null,
      usesIdfa: null,
      downloadable: true,
      ...draft.attributes,
      appStoreState: "PREPARE_FOR_SUBMISSION",
      appVersionState: "PREPARE_FOR_SUBMISSION",
      createdDate: new Date(ctx.now).toISOString(),
    };
    checkReleaseType(ctx, attributes);
    draft.attributes = attributes;
  },
  afterCreate(ctx, version) {
    const app = firstTarget(ctx, version, "app");
    if (app) ensureEditableAppInfo(ctx, app);
    if (!ctx.store.edges.targets(version, "appStoreVersionLocalizations").length) carryOverListing(ctx, version);
  },
  beforeUpdate(ctx, current, patch) {
    const changes = Object.keys(patch.attributes).filter((k) => patch.attributes[k] !== current.attributes[k]);
    const relationships = Object.keys(patch.relationships);
    if ((changes.length || relationships.length) && !EDITABLE_VERSION_STATES.has(stateOf(current)))
      throw stateError(`The version is ${stateOf(current)} and can no longer be edited.`, "STATE_ERROR.ENTITY_STATE_INVALID");
    if (changes.includes("versionString"))
      checkVersionString(ctx, firstTarget(ctx, current, "app"), String(current.attributes.platform), patch.attributes.versionString, current.id);
    if (changes.includes("releaseType") || changes.includes("earliestReleaseDate")) {
      const merged = { ...current.attributes, ...patch.attributes };
      // Leaving SCHEDULED drops the date, as App Store Connect does.
      if (merged.releaseType !== "SCHEDULED" && !("earliestReleaseDate" in patch.attributes)) patch.attributes.earliestReleaseDate = null;
      checkReleaseType(ctx, { ...current.attributes, ...patch.attributes });
    }
  },
  beforeLink(ctx, version, rel, change) {
    if (rel !== "build" || !change.added.length || version.type !== "appStoreVersions") return;
    if (!EDITABLE_VERSION_STATES.has(stateOf(version)))
      throw stateError(`The version is ${stateOf(version)}; its build can no longer be changed.`, "STATE_ERROR.ENTITY_STATE_INVALID");
    const buildRef = change.added[0]!;
    const build = ctx.data.get(buildRef.type, buildRef.id);
    if (!build) throw relationshipInvalid(`There is no build with id '${buildRef.id}'.`);
    if (firstTarget(ctx, build, "app")?.id !== firstTarget(ctx, version, "app")?.id)
      throw relationshipInvalid(`The build '${build.id}' belongs to another app.`);
    if (build.attributes.processingState !== "VALID")
      throw relationshipInvalid(`The build '${build.id}' is ${String(build.attributes.processingState)}; only a VALID build can be attached.`);
    if (build.attributes.expired === true) throw relationshipInvalid(`The build '${build.id}' has expired.`);
    const prv = firstTarget(ctx, build, "preReleaseVersion");
    if (prv && prv.attributes.platform !== version.attributes.platform)
      throw relationshipInvalid(`The build '${build.id}' is for ${String(prv.attributes.platform)}, the version for ${String(version.attributes.platform)}.`);
    if (prv && prv.attributes.version !== version.attributes.versionString)
      throw relationshipInvalid(`The build '${build.id}' has version ${String(prv.attributes.version)}, which does not match the version string ${String(version.attributes.versionString)}.`);
  },
  beforeDelete(ctx, version) {
    if (stateOf(version) !== "PREPARE_FOR_SUBMISSION")
      throw stateError(`The version is ${stateOf(version)} and cannot be deleted.`, "STATE_ERROR.ENTITY_STATE_INVALID");
    for (const loc of allTargets(ctx, version, "appStoreVersionLocalizations")) {
      deleteListingMedia(ctx, loc);
      ctx.store.delete(loc.type, loc.id);
    }
  },
  onRead(ctx, version) {
    advanceSubmissionsOf(ctx, version);
    const current = ctx.store.get(version.type, version.id) ?? version;
    advanceScheduledRelease(ctx, current);
    return ctx.store.get(version.type, version.id) ?? current;
  },
};
