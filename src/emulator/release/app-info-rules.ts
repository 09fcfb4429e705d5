import { entityError, stateError } from "../api-failure.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { ResourceRef, StoredResource } from "../store/open-store.js";
import { editableAppInfo } from "./submission-readiness.js";
import { checkListingAttributes, isBlank } from "./text-rules.js";
import { LOCKED_APP_INFO_STATES, allTargets, firstTarget, refOf } from "./version-states.js";

/**
 * Every app has an app info (age rating, categories, per-locale name, subtitle and privacy policy).
 * When the live one is locked, App Store Connect opens an editable copy for the next version.
 */
export function ensureEditableAppInfo(ctx: RuleContext, app: ResourceRef): StoredResource {
  const existing = editableAppInfo(ctx, app);
  if (existing) return existing;
  const live = allTargets(ctx, app, "appInfos").find((i) => i.attributes.state === "READY_FOR_DISTRIBUTION");
  const info = ctx.data.create({
    type: "appInfos",
    attributes: { appStoreState: "PREPARE_FOR_SUBMISSION", state: "PREPARE_FOR_SUBMISSION", appStoreAgeRating: live?.attributes.appStoreAgeRating ?? null, kidsAgeBand: null },
    relationships: { app },
  });
  const appResource = ctx.store.get(app.type, app.id);
  const source = live ? allTargets(ctx, live, "appInfoLocalizations") : [];
  if (source.length) {
    for (const loc of source) ctx.data.create({ type: "appInfoLocalizations", attributes: { ...loc.attributes }, relationships: { appInfo: info } });
  } else if (appResource) {
    ctx.data.create({
      type: "appInfoLocalizations",
      attributes: { locale: String(appResource.attributes.primaryLocale ?? "en-US"), name: String(appResource.attributes.name ?? "") },
      relationships: { appInfo: info },
    });
  }
  return ctx.store.get(info.type, info.id)!;
}

export const appRulesForRelease: RuleHooks = {
  afterCreate(ctx, app) {
    ensureEditableAppInfo(ctx, app);
  },
  onRead(ctx, app) {
    // Apps created before this feature existed (an older data file) get their app info on first read.
    if (!ctx.store.edges.targets(app, "appInfos").length) ensureEditableAppInfo(ctx, app);
    return app;
  },
};

function appInfoOf(ctx: RuleContext, ref: ResourceRef | undefined): StoredResource | undefined {
  return ref ? ctx.store.get("appInfos", ref.id) : undefined;
}

function assertEditable(info: StoredResource | undefined): void {
  if (info && LOCKED_APP_INFO_STATES.has(String(info.attributes.state)))
    throw stateError(`The app info is ${String(info.attributes.state)} and cannot be edited; edit the app info of the version being prepared.`, "STATE_ERROR.ENTITY_STATE_INVALID");
}

export const appInfoLocalizationRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const info = appInfoOf(ctx, refOf(draft.relationships.appInfo));
    checkListingAttributes(draft.attributes);
    if (isBlank(draft.attributes.name)) throw entityError("ENTITY_ERROR.ATTRIBUTE.REQUIRED", "You must provide a value for the attribute 'name' with this request.", "/data/attributes/name");
    if (info) {
      assertEditable(info);
      if (allTargets(ctx, info, "appInfoLocalizations").some((l) => l.attributes.locale === draft.attributes.locale))
        throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `A localization for locale '${String(draft.attributes.locale)}' already exists for this app info.`, "/data/attributes/locale");
    }
    draft.attributes = { subtitle: null, privacyPolicyUrl: null, privacyChoicesUrl: null, privacyPolicyText: null, ...draft.attributes };
  },
  beforeUpdate(ctx, current, patch) {
    assertEditable(firstTarget(ctx, current, "appInfo"));
    checkListingAttributes(patch.attributes);
    if ("name" in patch.attributes && isBlank(patch.attributes.name))
      throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", "The app name cannot be empty.", "/data/attributes/name");
  },
  beforeDelete(ctx, current) {
    const info = firstTarget(ctx, current, "appInfo");
    assertEditable(info);
    const app = info && firstTarget(ctx, info, "app");
    if (app && current.attributes.locale === app.attributes.primaryLocale)
      throw stateError("The localization of the app's primary language cannot be deleted.", "STATE_ERROR.ENTITY_STATE_INVALID");
  },
};
