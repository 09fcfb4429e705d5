import type { RuleContext } from "../engine/rule-types.js";
import type { ResourceRef, StoredResource } from "../store/open-store.js";

/** Version states in which App Store Connect lets the developer edit the version and its metadata. */
export const EDITABLE_VERSION_STATES = new Set(["PREPARE_FOR_SUBMISSION", "READY_FOR_REVIEW", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"]);

/** States from which a version may be added to a review submission. */
export const SUBMITTABLE_VERSION_STATES = new Set(["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"]);

/** States of a version that is on the store or was replaced: anything else counts as the platform's one open version. */
export const RELEASED_VERSION_STATES = new Set(["READY_FOR_DISTRIBUTION", "PROCESSING_FOR_DISTRIBUTION", "REPLACED_WITH_NEW_VERSION"]);

/** A version that is not yet released may be given a phased release. */
export const PRE_RELEASE_VERSION_STATES = new Set([
  "PREPARE_FOR_SUBMISSION",
  "READY_FOR_REVIEW",
  "WAITING_FOR_REVIEW",
  "IN_REVIEW",
  "PENDING_DEVELOPER_RELEASE",
  "PENDING_APPLE_RELEASE",
  "DEVELOPER_REJECTED",
  "REJECTED",
  "METADATA_REJECTED",
  "INVALID_BINARY",
]);

/** App infos that are live or replaced cannot be edited; the editable one is any other. */
export const LOCKED_APP_INFO_STATES = new Set(["READY_FOR_DISTRIBUTION", "REPLACED_WITH_NEW_INFO", "WAITING_FOR_REVIEW", "IN_REVIEW", "PENDING_RELEASE", "ACCEPTED"]);
export const RETIRED_APP_INFO_STATES = new Set(["READY_FOR_DISTRIBUTION", "REPLACED_WITH_NEW_INFO"]);

/** The deprecated `appStoreState` that goes with each current `appVersionState`. */
const APP_STORE_STATE: Record<string, string> = {
  READY_FOR_DISTRIBUTION: "READY_FOR_SALE",
  PROCESSING_FOR_DISTRIBUTION: "PROCESSING_FOR_APP_STORE",
};

export const appStoreStateFor = (appVersionState: string): string => APP_STORE_STATE[appVersionState] ?? appVersionState;

export const stateOf = (version: StoredResource): string => String(version.attributes.appVersionState ?? "PREPARE_FOR_SUBMISSION");

/** Sets both state attributes of a version, without running hooks (used inside state machines). */
export function setVersionState(ctx: RuleContext, version: ResourceRef, state: string): StoredResource {
  return ctx.store.update("appStoreVersions", version.id, { attributes: { appVersionState: state, appStoreState: appStoreStateFor(state) } });
}

/** Compares dotted version strings numerically ("1.10" > "1.9"; missing parts count as zero). */
export function compareVersionStrings(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export const VERSION_STRING = /^\d+(\.\d+){0,2}$/;

/** The first related resource of `owner.rel`, read raw from the store (no hooks). */
export function firstTarget(ctx: RuleContext, owner: ResourceRef, rel: string): StoredResource | undefined {
  const ref = ctx.store.edges.targets(owner, rel)[0];
  return ref ? ctx.store.get(ref.type, ref.id) : undefined;
}

export function allTargets(ctx: RuleContext, owner: ResourceRef, rel: string): StoredResource[] {
  return ctx.store.edges.targets(owner, rel).flatMap((r) => ctx.store.get(r.type, r.id) ?? []);
}

export const refOf = (value: unknown): ResourceRef | undefined => (value && !Array.isArray(value) && typeof value === "object" ? (value as ResourceRef) : undefined);
