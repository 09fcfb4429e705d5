import { entityError, stateError } from "../api-failure.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { StoredResource } from "../store/open-store.js";
import { PRE_RELEASE_VERSION_STATES, refOf, stateOf } from "./version-states.js";

const DAY_MS = 86_400_000;
/** Apple's rollout lasts seven days. */
export const PHASED_RELEASE_DAYS = 7;
/** A phased release can be paused for up to 30 days in total; then it resumes by itself. */
export const MAX_PAUSE_MS = 30 * DAY_MS;

interface PhasedInternal {
  startedAt?: number;
  /** Pause time already over (not counting a pause in progress). */
  pausedMs?: number;
  pausedAt?: number;
}

const stateInvalid = (detail: string) => stateError(detail, "STATE_ERROR.ENTITY_STATE_INVALID");

function versionOf(ctx: RuleContext, phased: StoredResource): StoredResource | undefined {
  const ref = ctx.store.edges.targets(phased, "appStoreVersion")[0];
  // Reading the version advances its review and release, which may start this phased release.
  return ref ? ctx.data.get(ref.type, ref.id) : undefined;
}

/** Derived attributes and automatic transitions (day 8 completes it; 30 days of pause resume it). */
function advance(ctx: RuleContext, phased: StoredResource): StoredResource {
  const i = phased.internal as PhasedInternal;
  const state = String(phased.attributes.phasedReleaseState);
  if (i.startedAt === undefined || (state !== "ACTIVE" && state !== "PAUSED")) return phased;
  let pausedMs = i.pausedMs ?? 0;
  let changes: Record<string, unknown> = {};
  let internal: PhasedInternal = {};
  let activeState = state;
  if (state === "PAUSED" && i.pausedAt !== undefined && pausedMs + (ctx.now - i.pausedAt) >= MAX_PAUSE_MS) {
    pausedMs = MAX_PAUSE_MS;
    activeState = "ACTIVE";
    internal = { pausedMs, pausedAt: undefined };
    changes.phasedReleaseState = "ACTIVE";
  }
  const currentPause = activeState === "PAUSED" && i.pausedAt !== undefined ? ctx.now - i.pausedAt : 0;
  const rolledOutMs = ctx.now - i.startedAt - pausedMs - currentPause;
  const day = Math.floor(rolledOutMs / DAY_MS) + 1;
  if (activeState === "ACTIVE" && day > PHASED_RELEASE_DAYS) changes = { ...changes, phasedReleaseState: "COMPLETE", currentDayNumber: PHASED_RELEASE_DAYS };
  else changes.currentDayNumber = Math.max(1, Math.min(day, PHASED_RELEASE_DAYS));
  changes.totalPauseDuration = Math.floor((pausedMs + currentPause) / DAY_MS);
  const same = Object.entries(changes).every(([k, v]) => phased.attributes[k] === v);
  if (same && !Object.keys(internal).length) return phased;
  return ctx.store.update(phased.type, phased.id, { attributes: changes, internal: internal as Record<string, unknown> });
}

export const phasedReleaseRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const ref = refOf(draft.relationships.appStoreVersion);
    const version = ref && ctx.data.get("appStoreVersions", ref.id);
    if (!version) throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", "An App Store version is required.", "/data/relationships/appStoreVersion");
    if (ctx.store.edges.targets(version, "appStoreVersionPhasedRelease").length)
      throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", "This version already has a phased release; update it instead.", "/data/relationships/appStoreVersion");
    if (!PRE_RELEASE_VERSION_STATES.has(stateOf(version)))
      throw stateInvalid(`The version is ${stateOf(version)}; a phased release can only be set up for a version that has not been released yet.`);
    const requested = draft.attributes.phasedReleaseState ?? "INACTIVE";
    if (requested !== "INACTIVE")
      throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", "A phased release is created INACTIVE and starts when its version is released.", "/data/attributes/phasedReleaseState");
    draft.attributes = { phasedReleaseState: "INACTIVE", startDate: null, totalPauseDuration: 0, currentDayNumber: null };
    draft.internal = { pausedMs: 0 };
  },
  afterCreate(ctx, phased) {
    // The spec gives phased releases no `appStoreVersion` relationship to read back: link the version's side.
    const ref = ctx.store.edges.targets(phased, "appStoreVersion")[0];
    if (ref) ctx.store.edges.add(ref, "appStoreVersionPhasedRelease", phased);
  },
  beforeUpdate(ctx, current, patch) {
    const target = patch.attributes.phasedReleaseState;
    patch.attributes = {};
    if (target === undefined || target === current.attributes.phasedReleaseState) return;
    const from = String(current.attributes.phasedReleaseState);
    const i = current.internal as PhasedInternal;
    if (from === "COMPLETE") throw stateInvalid("The phased release is COMPLETE; the version is available to everyone.");
    if (target === "INACTIVE") throw stateInvalid("A phased release that has started cannot be made INACTIVE again.");
    if (from === "INACTIVE") {
      if (target === "PAUSED") throw stateInvalid("Only an ACTIVE phased release can be paused.");
      const version = versionOf(ctx, current);
      if (!version || version.attributes.appVersionState !== "READY_FOR_DISTRIBUTION")
        throw stateInvalid(`The phased release starts when the version is released; the version is ${version ? stateOf(version) : "missing"}.`);
      patch.attributes = { phasedReleaseState: target === "COMPLETE" ? "COMPLETE" : "ACTIVE", startDate: new Date(ctx.now).toISOString(), currentDayNumber: 1, totalPauseDuration: 0 };
      patch.internal = { startedAt: ctx.now, pausedMs: 0 };
      return;
    }
    if (target === "PAUSED") {
      if (from !== "ACTIVE") throw stateInvalid("Only an ACTIVE phased release can be paused.");
      if ((i.pausedMs ?? 0) >= MAX_PAUSE_MS) throw stateInvalid("The phased release has already been paused for the maximum of 30 days in total.");
      patch.attributes = { phasedReleaseState: "PAUSED" };
      patch.internal = { pausedAt: ctx.now };
    } else if (target === "ACTIVE") {
      patch.attributes = { phasedReleaseState: "ACTIVE" };
      patch.internal = { pausedMs: (i.pausedMs ?? 0) + (i.pausedAt !== undefined ? ctx.now - i.pausedAt : 0), pausedAt: undefined };
    } else if (target === "COMPLETE") {
      patch.attributes = { phasedReleaseState: "COMPLETE" };
      if (from === "PAUSED") patch.internal = { pausedMs: (i.pausedMs ?? 0) + (i.pausedAt !== undefined ? ctx.now - i.pausedAt : 0), pausedAt: undefined };
    }
  },
  afterUpdate(ctx, phased) {
    advance(ctx, phased);
  },
  beforeDelete(_ctx, phased) {
    if (phased.attributes.phasedReleaseState !== "INACTIVE")
      throw stateInvalid(`The phased release is ${String(phased.attributes.phasedReleaseState)}; only one that has not started can be removed (release to everyone with COMPLETE instead).`);
  },
  onRead(ctx, phased) {
    versionOf(ctx, phased);
    return advance(ctx, ctx.store.get(phased.type, phased.id) ?? phased);
  },
};
