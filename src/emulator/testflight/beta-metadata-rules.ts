import { entityError } from "../api-failure.js";
import type { EmulatorEngine } from "../engine/index.js";
import type { DataAccess, RelationshipValue, RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { ResourceRef, StoredResource } from "../store/open-store.js";

const LOCALE = /^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|\d{3}))?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 4000;

const invalid = (attribute: string, detail: string, code = "ENTITY_ERROR.ATTRIBUTE.INVALID") => entityError(code, detail, `/data/attributes/${attribute}`);
const refOf = (value: RelationshipValue | undefined): ResourceRef | undefined => (value && !Array.isArray(value) ? value : undefined);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** Apple's checks on the values it is sent (null clears a field). */
function checkValues(attributes: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    if ((key === "feedbackEmail" || key === "contactEmail") && !EMAIL.test(String(value))) throw invalid(key, `'${String(value)}' is not a valid email address.`);
    if ((key === "marketingUrl" || key === "privacyPolicyUrl") && !isHttpUrl(String(value))) throw invalid(key, `'${String(value)}' is not a valid URL.`);
    if ((key === "description" || key === "whatsNew" || key === "notes") && String(value).length > MAX_TEXT)
      throw invalid(key, `${key} can be at most ${MAX_TEXT} characters; it has ${String(value).length}.`);
  }
}

function checkLocale(locale: unknown): void {
  if (typeof locale !== "string" || !LOCALE.test(locale)) throw invalid("locale", `'${String(locale)}' is not a valid locale.`);
}

/** One localization per locale and owner (the app for beta app info, the build for What to Test). */
function uniqueLocale(ctx: RuleContext, owner: ResourceRef | undefined, rel: string, locale: unknown): void {
  if (!owner) return;
  const clash = ctx.data.relatedResources(owner, rel).some((l) => l.attributes.locale === locale);
  if (clash) throw invalid("locale", `A localization for '${String(locale)}' already exists.`, "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE");
}

export const betaAppLocalizationRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    checkLocale(draft.attributes.locale);
    uniqueLocale(ctx, refOf(draft.relationships.app), "betaAppLocalizations", draft.attributes.locale);
    checkValues(draft.attributes);
    draft.attributes = { feedbackEmail: null, marketingUrl: null, privacyPolicyUrl: null, tvOsPrivacyPolicy: null, description: null, ...draft.attributes };
  },
  beforeUpdate(_ctx, _current, patch) {
    checkValues(patch.attributes);
  },
};

export const betaBuildLocalizationRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    checkLocale(draft.attributes.locale);
    uniqueLocale(ctx, refOf(draft.relationships.build), "betaBuildLocalizations", draft.attributes.locale);
    checkValues(draft.attributes);
    draft.attributes = { whatsNew: null, ...draft.attributes };
  },
  beforeUpdate(_ctx, _current, patch) {
    checkValues(patch.attributes);
  },
};

export const betaAppReviewDetailRules: RuleHooks = {
  beforeUpdate(_ctx, _current, patch) {
    checkValues(patch.attributes);
  },
};

/**
 * Every app has exactly one betaAppReviewDetail (there is no POST); like Apple it shares the app's
 * id. Created with the app, and on first use for apps stored before this feature existed.
 */
export function ensureReviewDetail(data: DataAccess, appId: string): StoredResource | undefined {
  const app = data.get("apps", appId);
  if (!app) return undefined;
  const existing = data.related(app, "betaAppReviewDetail")[0];
  if (existing) return data.get(existing.type, existing.id);
  return data.create({
    type: "betaAppReviewDetails",
    id: data.get("betaAppReviewDetails", app.id) ? undefined : app.id,
    attributes: {
      contactFirstName: null,
      contactLastName: null,
      contactPhone: null,
      contactEmail: null,
      demoAccountName: null,
      demoAccountPassword: null,
      demoAccountRequired: false,
      notes: null,
    },
    relationships: { app },
  });
}

export const appReviewDetailRules: RuleHooks = {
  afterCreate(ctx, app) {
    ensureReviewDetail(ctx.data, app.id);
  },
};

/** Lazily creates review details for apps that predate them, before the generic engine answers. */
export function registerReviewDetailHandlers(engine: EmulatorEngine): void {
  const ensure = (now: number, ids: string[]) => {
    const data = engine.data(now);
    engine.store.transaction(() => ids.forEach((id) => ensureReviewDetail(data, id)));
    return undefined;
  };
  engine.registerHandler("betaAppReviewDetails_getCollection", (req) => ensure(req.now, (req.query["filter[app]"] ?? "").split(",").filter(Boolean)));
  engine.registerHandler("betaAppReviewDetails_getInstance", (req) => ensure(req.now, [req.params.id ?? ""]));
  engine.registerHandler("betaAppReviewDetails_updateInstance", (req) => ensure(req.now, [req.params.id ?? ""]));
  engine.registerHandler("apps_betaAppReviewDetail_getToOneRelated", (req) => ensure(req.now, [req.params.id ?? ""]));
  engine.registerHandler("apps_betaAppReviewDetail_getToOneRelationship", (req) => ensure(req.now, [req.params.id ?? ""]));
}

export const betaTesterInvitationRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const app = refOf(draft.relationships.app);
    const tester = refOf(draft.relationships.betaTester);
    if (!tester) throw entityError("ENTITY_ERROR.RELATIONSHIP.REQUIRED", "An invitation needs the betaTester relationship.", "/data/relationships/betaTester");
    if (app && !ctx.store.edges.has(tester, "apps", app))
      throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", `Beta tester '${tester.id}' is not a tester of app '${app.id}'; add them to one of its groups first.`, "/data/relationships/betaTester");
  },
  afterCreate(ctx, invitation) {
    const tester = ctx.store.edges.targets(invitation, "betaTester")[0];
    const current = tester && ctx.store.get(tester.type, tester.id);
    if (current && (current.attributes.state === "NOT_INVITED" || current.attributes.state === "REVOKED" || current.attributes.state === "INVITED"))
      ctx.store.update(current.type, current.id, { attributes: { state: "INVITED" } });
  },
};
