import type { RuleContext } from "../engine/rule-types.js";
import type { StoredResource } from "../store/open-store.js";
import { RETIRED_APP_INFO_STATES, allTargets, firstTarget, setVersionState } from "./version-states.js";

/**
 * Puts a version on the store at `at`: it becomes READY_FOR_DISTRIBUTION, the version it replaces
 * REPLACED_WITH_NEW_VERSION, the editable app info goes live, and a phased release set up before
 * release starts (ACTIVE, day 1 from `at`).
 */
export function releaseVersion(ctx: RuleContext, version: StoredResource, at: number): void {
  const app = firstTarget(ctx, version, "app");
  if (app) {
    for (const other of allTargets(ctx, app, "appStoreVersions")) {
      if (other.id !== version.id && other.attributes.platform === version.attributes.platform && other.attributes.appVersionState === "READY_FOR_DISTRIBUTION")
        setVersionState(ctx, other, "REPLACED_WITH_NEW_VERSION");
    }
    const infos = allTargets(ctx, app, "appInfos");
    const next = infos.find((i) => !RETIRED_APP_INFO_STATES.has(String(i.attributes.state)));
    if (next) {
      for (const live of infos) {
        if (live.attributes.state === "READY_FOR_DISTRIBUTION")
          ctx.store.update(live.type, live.id, { attributes: { state: "REPLACED_WITH_NEW_INFO", appStoreState: "REPLACED_WITH_NEW_VERSION" } });
      }
      ctx.store.update(next.type, next.id, { attributes: { state: "READY_FOR_DISTRIBUTION", appStoreState: "READY_FOR_SALE" } });
    }
  }
  setVersionState(ctx, version, "READY_FOR_DISTRIBUTION");
  ctx.store.update(version.type, version.id, { internal: { releasedAt: at } });
  const phased = firstTarget(ctx, version, "appStoreVersionPhasedRelease");
  if (phased && phased.attributes.phasedReleaseState === "INACTIVE") {
    ctx.store.update(phased.type, phased.id, {
      attributes: { phasedReleaseState: "ACTIVE", startDate: new Date(at).toISOString(), totalPauseDuration: 0, currentDayNumber: 1 },
      internal: { startedAt: at, pausedMs: 0 },
    });
  }
}

/** What happens to an approved version, by its release type, at the moment of approval. */
export function approveVersion(ctx: RuleContext, version: StoredResource, at: number): void {
  const releaseType = String(version.attributes.releaseType ?? "AFTER_APPROVAL");
  const app = firstTarget(ctx, version, "app");
  const info = app && allTargets(ctx, app, "appInfos").find((i) => !RETIRED_APP_INFO_STATES.has(String(i.attributes.state)));
  if (info) ctx.store.update(info.type, info.id, { attributes: { state: "PENDING_RELEASE", appStoreState: "PENDING_DEVELOPER_RELEASE" } });
  if (releaseType === "MANUAL") {
    setVersionState(ctx, version, "PENDING_DEVELOPER_RELEASE");
    return;
  }
  const earliest = typeof version.attributes.earliestReleaseDate === "string" ? Date.parse(version.attributes.earliestReleaseDate) : NaN;
  if (releaseType === "SCHEDULED" && earliest > at) {
    setVersionState(ctx, version, "PENDING_APPLE_RELEASE");
    return;
  }
  releaseVersion(ctx, version, at);
}

/** A SCHEDULED version waiting for its date goes live once the clock passes it. */
export function advanceScheduledRelease(ctx: RuleContext, version: StoredResource): void {
  if (version.attributes.appVersionState !== "PENDING_APPLE_RELEASE") return;
  const earliest = typeof version.attributes.earliestReleaseDate === "string" ? Date.parse(version.attributes.earliestReleaseDate) : NaN;
  if (Number.isFinite(earliest) && ctx.now >= earliest) releaseVersion(ctx, version, earliest);
}
