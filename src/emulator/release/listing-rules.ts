import { entityError, stateError } from "../api-failure.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { StoredResource } from "../store/open-store.js";
import { checkListingAttributes } from "./text-rules.js";
import { EDITABLE_VERSION_STATES, allTargets, firstTarget, refOf, stateOf } from "./version-states.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Promotional text can change at any time; everything else only while the version is editable. */
function assertVersionEditable(version: StoredResource | undefined, fields: string[]): void {
  if (!version || EDITABLE_VERSION_STATES.has(stateOf(version))) return;
  if (fields.every((f) => f === "promotionalText")) return;
  throw stateError(`The version is ${stateOf(version)}; its metadata can no longer be edited (only promotionalText can).`, "STATE_ERROR.ENTITY_STATE_INVALID");
}

const versionOf = (ctx: RuleContext, ref: unknown) => {
  const r = refOf(ref);
  return r ? ctx.store.get("appStoreVersions", r.id) : undefined;
};

export const versionLocalizationRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const version = versionOf(ctx, draft.relationships.appStoreVersion);
    checkListingAttributes(draft.attributes);
    if (version) {
      if (ctx.request) assertVersionEditable(version, ["locale"]);
      if (allTargets(ctx, version, "appStoreVersionLocalizations").some((l) => l.attributes.locale === draft.attributes.locale))
        throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `A localization for locale '${String(draft.attributes.locale)}' already exists for this version.`, "/data/attributes/locale");
    }
    draft.attributes = { description: null, keywords: null, marketingUrl: null, promotionalText: null, supportUrl: null, whatsNew: null, ...draft.attributes };
  },
  beforeUpdate(ctx, current, patch) {
    assertVersionEditable(firstTarget(ctx, current, "appStoreVersion"), Object.keys(patch.attributes));
    checkListingAttributes(patch.attributes);
  },
  beforeDelete(ctx, current) {
    const version = firstTarget(ctx, current, "appStoreVersion");
    assertVersionEditable(version, ["locale"]);
    const app = version && firstTarget(ctx, version, "app");
    if (app && current.attributes.locale === app.attributes.primaryLocale)
      throw stateError("The localization of the app's primary language cannot be deleted.", "STATE_ERROR.ENTITY_STATE_INVALID");
  },
};

function checkEmail(attributes: Record<string, unknown>): void {
  const email = attributes.contactEmail;
  if (typeof email === "string" && email !== "" && !EMAIL.test(email))
    throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `'${email}' is not a valid e-mail address.`, "/data/attributes/contactEmail");
}

export const reviewDetailRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const version = versionOf(ctx, draft.relationships.appStoreVersion);
    if (version) {
      if (ctx.request) assertVersionEditable(version, ["contactFirstName"]);
      if (ctx.store.edges.targets(version, "appStoreReviewDetail").length)
        throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", "This version already has App Review details; update them instead.", "/data/relationships/appStoreVersion");
    }
    checkEmail(draft.attributes);
    draft.attributes = {
      contactFirstName: null,
      contactLastName: null,
      contactPhone: null,
      contactEmail: null,
      demoAccountName: null,
      demoAccountPassword: null,
      demoAccountRequired: false,
      notes: null,
      ...draft.attributes,
    };
  },
  beforeUpdate(ctx, current, patch) {
    assertVersionEditable(firstTarget(ctx, current, "appStoreVersion"), Object.keys(patch.attributes));
    checkEmail(patch.attributes);
  },
};
