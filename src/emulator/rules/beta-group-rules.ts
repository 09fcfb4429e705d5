import { createHash } from "node:crypto";
import { entityError } from "../api-failure.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { ResourceRef } from "../store/open-store.js";

const MAX_PUBLIC_LINK_LIMIT = 10_000;

/** An 8-character public link code like Apple's `https://testflight.apple.com/join/AbC12xYz`, reproducible per group. */
function publicLinkId(ctx: RuleContext, groupId: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const digest = createHash("sha256").update(`${ctx.store.meta.get<string>("idSeed") ?? ""}/publicLink/${groupId}`).digest();
  return Array.from(digest.subarray(0, 8), (b) => alphabet[b % alphabet.length]).join("");
}

const invalid = (attribute: string, detail: string) => entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", detail, `/data/attributes/${attribute}`);

/** Validates the combined attributes and derives the read-only public link fields. */
function normalise(ctx: RuleContext, groupId: string, a: Record<string, unknown>): Record<string, unknown> {
  const internal = a.isInternalGroup === true;
  if (!internal && a.hasAccessToAllBuilds === true) throw invalid("hasAccessToAllBuilds", "Only internal groups can have access to all builds.");
  if (internal && a.publicLinkEnabled === true) throw invalid("publicLinkEnabled", "Internal groups cannot have a public link.");
  const limit = a.publicLinkLimit;
  if (limit !== null && limit !== undefined && (typeof limit !== "number" || limit < 1 || limit > MAX_PUBLIC_LINK_LIMIT))
    throw invalid("publicLinkLimit", `The public link limit must be between 1 and ${MAX_PUBLIC_LINK_LIMIT}.`);
  const out = { ...a };
  if (a.publicLinkEnabled === true) {
    const id = typeof a.publicLinkId === "string" ? a.publicLinkId : publicLinkId(ctx, groupId);
    out.publicLinkId = id;
    out.publicLink = `https://testflight.apple.com/join/${id}`;
  } else {
    out.publicLinkId = null;
    out.publicLink = null;
  }
  return out;
}

function ensureUniqueName(ctx: RuleContext, app: ResourceRef | undefined, name: unknown, exceptId?: string): void {
  if (!app || typeof name !== "string") return;
  const clash = ctx.store.edges
    .targets(app, "betaGroups")
    .some((g) => g.id !== exceptId && String(ctx.store.get(g.type, g.id)?.attributes.name ?? "").toLowerCase() === name.toLowerCase());
  if (clash) throw invalid("name", `A group with the name '${name}' already exists for this app.`);
}

export const betaGroupRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const app = draft.relationships.app;
    ensureUniqueName(ctx, app && !Array.isArray(app) ? app : undefined, draft.attributes.name);
    const internal = draft.attributes.isInternalGroup === true;
    const id = (draft.id ??= ctx.store.newId("betaGroups"));
    draft.attributes = normalise(ctx, id, {
      isInternalGroup: internal,
      hasAccessToAllBuilds: false,
      publicLinkEnabled: false,
      publicLinkLimitEnabled: false,
      publicLinkLimit: null,
      feedbackEnabled: true,
      iosBuildsAvailableForAppleSiliconMac: false,
      iosBuildsAvailableForAppleVision: false,
      ...draft.attributes,
      createdDate: new Date(ctx.now).toISOString(),
    });
  },
  beforeUpdate(ctx, current, patch) {
    if ("name" in patch.attributes) ensureUniqueName(ctx, ctx.store.edges.targets(current, "app")[0], patch.attributes.name, current.id);
    const merged = normalise(ctx, current.id, { ...current.attributes, ...patch.attributes });
    patch.attributes = { ...patch.attributes, publicLinkId: merged.publicLinkId, publicLink: merged.publicLink };
  },
  beforeLink(ctx, group, rel, change) {
    if (rel !== "builds" || !change.added.length) return;
    if (group.attributes.isInternalGroup === true && group.attributes.hasAccessToAllBuilds === true)
      throw entityError(
        "ENTITY_ERROR.RELATIONSHIP.INVALID",
        "Builds cannot be assigned to an internal group that has access to all builds.",
        "/data",
      );
    const app = ctx.store.edges.targets(group, "app")[0];
    for (const build of change.added) {
      const buildApp = ctx.store.edges.targets(build, "app")[0];
      if (app && buildApp && buildApp.id !== app.id)
        throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", `The build '${build.id}' does not belong to the app of beta group '${group.id}'.`, "/data");
    }
  },
};
