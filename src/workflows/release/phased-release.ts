import type { AscClient, Resource } from "../../client/index.js";
import { AscApiError, resolveDocument } from "../../client/index.js";
import type { components } from "../../spec/openapi.js";
import { AsckitError, ValidationError } from "../../errors/asckit-error.js";
import { relatedOne } from "../resource-view.js";
import { versionFlags } from "./command-flags.js";
import { confirmOrStop } from "../confirm.js";
import { findVersion, releaseVersion, resolveApp, versionView, type IrreversibleOptions, type ResolvedVersion, type VersionRef } from "./versions.js";

/** Share of users who get the update automatically on each day of Apple's 7-day phased release. */
export const ROLLOUT_PERCENT = [1, 2, 5, 10, 20, 50, 100] as const;

export type PhasedState = "INACTIVE" | "ACTIVE" | "PAUSED" | "COMPLETE";

export interface PhasedReleaseView {
  id: string;
  phasedReleaseState: PhasedState;
  startDate: string | null;
  currentDayNumber: number | null;
  /** Days paused so far (Apple allows 30 in total). */
  totalPauseDuration: number | null;
  /** Share of automatic-update users who get the version today. */
  rolloutPercent: number | null;
}

export function phasedReleaseView(resource: Resource): PhasedReleaseView {
  const a = resource.attributes;
  const state = String(a.phasedReleaseState) as PhasedState;
  const day = typeof a.currentDayNumber === "number" ? a.currentDayNumber : null;
  return {
    id: resource.id,
    phasedReleaseState: state,
    startDate: (a.startDate as string | null | undefined) ?? null,
    currentDayNumber: day,
    totalPauseDuration: (a.totalPauseDuration as number | null | undefined) ?? null,
    rolloutPercent: state === "COMPLETE" ? 100 : state === "INACTIVE" || day === null ? 0 : (ROLLOUT_PERCENT[Math.min(day, 7) - 1] ?? null),
  };
}

/** Phased release exists for App Store versions only: a TestFlight build has no such thing. */
export function phasedReleaseForBuild(buildRef: string): never {
  throw new ValidationError(`Phased release applies only to App Store releases, not to TestFlight builds (got build "${buildRef}").`, {
    field: "build",
    category: "usage",
    hint: "Name the App Store version instead: asckit phased-release start --version 1.2.0 --app com.example.app. TestFlight builds reach testers through groups (`asckit testflight …`).",
  });
}

/**
 * The version a phased-release command names. When nothing matches but the reference is a build
 * (an id, or a build number of the app), people meant a TestFlight build: say that phased release
 * is for App Store releases instead of "no version matches".
 */
export async function findPhasedTarget(client: AscClient, ref: VersionRef): Promise<ResolvedVersion> {
  try {
    return await findVersion(client, ref);
  } catch (error) {
    if (!(error instanceof AsckitError) || error.category !== "not_found") throw error;
    if (await isBuild(client, ref)) phasedReleaseForBuild(ref.version);
    throw error;
  }
}

async function isBuild(client: AscClient, ref: VersionRef): Promise<boolean> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(ref.version))
    return client.request(`GET /v1/builds/${encodeURIComponent(ref.version)}`, { query: { "fields[builds]": ["version"] } }).then(
      () => true,
      () => false,
    );
  let appId: string;
  try {
    appId = (await resolveApp(client, ref.app)).id;
  } catch {
    return false;
  }
  const builds = await client.collect("GET /v1/builds", { query: { "filter[app]": [appId], "filter[version]": [ref.version], "fields[builds]": ["version"], limit: 10 } }, { max: 10 });
  return builds.some((b) => b.attributes.version === ref.version);
}

export async function getPhasedRelease(client: AscClient, versionId: string): Promise<Resource | undefined> {
  try {
    const res = await client.request(`GET /v1/appStoreVersions/${encodeURIComponent(versionId)}/appStoreVersionPhasedRelease`);
    return (resolveDocument(res.document).data as Resource | null) ?? undefined;
  } catch (error) {
    if (error instanceof AscApiError && error.status === 404) return undefined;
    throw error;
  }
}

export interface PhasedReleaseResult {
  version: ReturnType<typeof versionView>;
  phasedRelease: PhasedReleaseView | null;
  changed: boolean;
  message: string;
}

const label = (t: ResolvedVersion) => `version ${String(t.version.attributes.versionString)}`;
/** `asckit phased-release <verb> --app … --version …`: complete as pasted, on an account with several apps too. */
const command = (verb: string, t: ResolvedVersion) => `\`asckit phased-release ${verb} ${versionFlags(t.app, String(t.version.attributes.versionString), t.platform)}\``;

/** The phased release included with a version read (versions are always read with it). */
const includedPhased = (version: Resource): Resource | undefined => relatedOne(version, "appStoreVersionPhasedRelease");

export async function phasedReleaseStatus(client: AscClient, ref: VersionRef): Promise<PhasedReleaseResult> {
  const target = await findPhasedTarget(client, ref);
  const phased = includedPhased(target.version);
  const view = phased ? phasedReleaseView(phased) : null;
  const message = !view
    ? `${label(target)} has no phased release; it goes to everyone when released.`
    : view.phasedReleaseState === "INACTIVE"
      ? `${label(target)} will be released in phases over 7 days once it is released.`
      : `${label(target)}: phased release ${view.phasedReleaseState}${view.currentDayNumber ? `, day ${view.currentDayNumber} of 7 (${view.rolloutPercent}% of automatic updates)` : ""}.`;
  return { version: versionView(target.version), phasedRelease: view, changed: false, message };
}

const PRE_RELEASE = new Set(["PREPARE_FOR_SUBMISSION", "READY_FOR_REVIEW", "WAITING_FOR_REVIEW", "IN_REVIEW", "PENDING_DEVELOPER_RELEASE", "PENDING_APPLE_RELEASE", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"]);

/**
 * Sets up a 7-day phased release for a version. Before release it is created INACTIVE and starts by
 * itself when the version goes live; for a version waiting for its developer (PENDING_DEVELOPER_RELEASE)
 * this also releases it, so the rollout starts now. Idempotent: an existing phased release is reported.
 */
export async function startPhasedRelease(client: AscClient, ref: VersionRef, options: IrreversibleOptions = {}): Promise<PhasedReleaseResult> {
  const target = await findPhasedTarget(client, ref);
  const state = String(target.version.attributes.appVersionState);
  let phased = includedPhased(target.version);
  if (phased && phasedReleaseView(phased).phasedReleaseState !== "INACTIVE") {
    const view = phasedReleaseView(phased);
    return { version: versionView(target.version), phasedRelease: view, changed: false, message: `${label(target)} already has a phased release (${view.phasedReleaseState}).${view.phasedReleaseState === "PAUSED" ? ` Resume it with ${command("resume", target)}.` : ""}` };
  }
  if (!phased && !PRE_RELEASE.has(state))
    throw new AsckitError(`${label(target)} is ${state}; a phased release has to be set up before the version is released.`, {
      category: "conflict",
      hint: "Set it up on the next version before its release.",
    });
  const releasing = state === "PENDING_DEVELOPER_RELEASE";
  if (options.dryRun) {
    const steps = [...(phased ? [] : ["create a phased release"]), ...(releasing ? [`release ${label(target)} so the 7-day rollout starts now`] : ["it starts when the version is released"])];
    return { version: versionView(target.version), phasedRelease: phased ? phasedReleaseView(phased) : null, changed: false, message: `dry run: would ${steps.join(", then ")}.` };
  }
  // Only releasing is irreversible; a phased release set up before approval can still be deleted. Asked before any write.
  if (releasing) await confirmOrStop(options, `Release ${label(target)} on the App Store now, over 7 days? This cannot be undone.`, `${label(target)} was not released`);
  if (!phased) {
    const body: components["schemas"]["AppStoreVersionPhasedReleaseCreateRequest"] = {
      data: {
        type: "appStoreVersionPhasedReleases",
        attributes: { phasedReleaseState: "INACTIVE" },
        relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: target.version.id } } },
      },
    };
    try {
      const res = await client.request("POST /v1/appStoreVersionPhasedReleases", { body });
      phased = resolveDocument(res.document).data as Resource;
    } catch (error) {
      phased = await getPhasedRelease(client, target.version.id);
      if (!phased) throw error;
    }
  }
  // Releasing reads the version back with its phased release, now ACTIVE.
  const version = releasing ? (await releaseVersion(client, target)).version : target.version;
  if (releasing) phased = includedPhased(version) ?? phased;
  const view = phasedReleaseView(phased);
  const message = releasing
    ? `${label(target)} released with a phased release: ${view.phasedReleaseState}, day ${view.currentDayNumber ?? 1} of 7 (${view.rolloutPercent ?? 1}% of automatic updates).`
    : `${label(target)} will be released in phases over 7 days once it is released (it is ${String(version.attributes.appVersionState)}).`;
  return { version: versionView(version), phasedRelease: view, changed: true, message };
}

const TRANSITIONS: Record<"PAUSED" | "ACTIVE" | "COMPLETE", { from: PhasedState[]; verb: string }> = {
  PAUSED: { from: ["ACTIVE"], verb: "pause" },
  ACTIVE: { from: ["PAUSED"], verb: "resume" },
  COMPLETE: { from: ["ACTIVE", "PAUSED"], verb: "complete" },
};

/** pause (ACTIVE → PAUSED), resume (PAUSED → ACTIVE) or complete (release to everyone now). Repeating one is reported, not an error. */
export async function setPhasedReleaseState(client: AscClient, ref: VersionRef, to: "PAUSED" | "ACTIVE" | "COMPLETE", options: IrreversibleOptions = {}): Promise<PhasedReleaseResult> {
  const target = await findPhasedTarget(client, ref);
  const phased = includedPhased(target.version);
  const { from, verb } = TRANSITIONS[to];
  if (!phased)
    throw new AsckitError(`${label(target)} has no phased release to ${verb}.`, { category: "not_found", hint: `Start one with ${command("start", target)}.` });
  const view = phasedReleaseView(phased);
  const base = { version: versionView(target.version) };
  if (view.phasedReleaseState === to) return { ...base, phasedRelease: view, changed: false, message: `The phased release of ${label(target)} is already ${to}.` };
  if (!from.includes(view.phasedReleaseState))
    throw new AsckitError(`Cannot ${verb} the phased release of ${label(target)}: it is ${view.phasedReleaseState}.`, {
      category: "conflict",
      hint: view.phasedReleaseState === "INACTIVE" ? "It starts when the version is released." : view.phasedReleaseState === "COMPLETE" ? "The version is already available to everyone." : undefined,
    });
  if (to === "PAUSED" && (view.totalPauseDuration ?? 0) >= 30)
    throw new AsckitError(`The phased release of ${label(target)} was already paused for ${view.totalPauseDuration} days; Apple allows 30 in total.`, { category: "conflict" });
  if (options.dryRun) return { ...base, phasedRelease: view, changed: false, message: `dry run: would ${verb} the phased release of ${label(target)} (${view.phasedReleaseState} → ${to}).` };
  // Pause and resume can be undone; completing releases the version to everyone for good.
  if (to === "COMPLETE")
    await confirmOrStop(options, `Release ${label(target)} to everyone now, ending its phased release on day ${view.currentDayNumber ?? "?"}? This cannot be undone.`, `The phased release of ${label(target)} was not completed`);
  const body: components["schemas"]["AppStoreVersionPhasedReleaseUpdateRequest"] = { data: { type: "appStoreVersionPhasedReleases", id: view.id, attributes: { phasedReleaseState: to } } };
  let updated: Resource;
  try {
    updated = resolveDocument((await client.request(`PATCH /v1/appStoreVersionPhasedReleases/${view.id}`, { body })).document).data as Resource;
  } catch (error) {
    const now = await getPhasedRelease(client, target.version.id);
    if (!now || now.attributes.phasedReleaseState !== to) throw error;
    updated = now;
  }
  const after = phasedReleaseView(updated);
  const detail = to === "COMPLETE" ? "the version is now available to everyone" : to === "PAUSED" ? `paused on day ${after.currentDayNumber ?? "?"} (${after.totalPauseDuration ?? 0} of 30 pause days used)` : `resumed on day ${after.currentDayNumber ?? "?"}`;
  return { ...base, phasedRelease: after, changed: true, message: `Phased release of ${label(target)}: ${detail}.` };
}
