import type { AscClient, Resource } from "../../client/index.js";
import { NotFoundError, resolveDocument } from "../../client/index.js";
import type { components } from "../../spec/openapi.js";
import { AsckitError, ValidationError } from "../../errors/asckit-error.js";
import { findApp, listApps } from "../apps.js";
import { confirmOrStop, type Confirm } from "../confirm.js";
import { exactlyOne } from "../exact-match.js";
import { relatedId, relatedOne, viewOf, type ResourceView } from "../resource-view.js";
import { appFlags } from "./command-flags.js";

export const PLATFORMS = ["IOS", "MAC_OS", "TV_OS", "VISION_OS"] as const;
export type Platform = (typeof PLATFORMS)[number];
export const RELEASE_TYPES = ["MANUAL", "AFTER_APPROVAL", "SCHEDULED"] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

/** Apple accepts one to three period-separated integers (facts §12.2). */
export const VERSION_STRING = /^\d+(\.\d+){0,2}$/;

/** States in which App Store Connect lets the developer edit a version and its listing. */
export const EDITABLE_STATES = new Set(["PREPARE_FOR_SUBMISSION", "READY_FOR_REVIEW", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateVersionString(value: string, flag = "version"): void {
  if (VERSION_STRING.test(value)) return;
  let why = "use one to three period-separated integers, such as 1.2 or 1.2.3";
  if (/[^0-9.]/.test(value)) why = `"${value.match(/[^0-9.]/)![0]}" is not allowed; only digits and periods are`;
  else if (value.split(".").length > 3) why = "Apple allows at most three parts (major.minor.patch)";
  else if (/(^\.|\.\.|\.$)/.test(value) || value === "") why = "it has an empty part";
  // The nearest valid string: the first three numeric parts (1.2.3.4 → 1.2.3, v2.0 → 2.0).
  const parts = value.split(/[^0-9]+/).filter(Boolean).slice(0, 3);
  const hint = parts.length ? `Use e.g. ${parts.join(".")} (CFBundleShortVersionString takes the same form).` : "Use e.g. 1.0 or 1.2.3.";
  throw new ValidationError(`Invalid version string "${value}": ${why}.`, { field: flag, category: "usage", hint });
}

export function validatePlatform(value: string | undefined): Platform {
  const platform = (value ?? "IOS").toUpperCase();
  if ((PLATFORMS as readonly string[]).includes(platform)) return platform as Platform;
  throw new ValidationError(`Invalid platform "${value}".`, { field: "platform", category: "usage", hint: `Use one of ${PLATFORMS.join(", ")}.` });
}

/** The app by id or exact bundle id; without a reference, the account's only app. */
export async function resolveApp(client: AscClient, ref?: string): Promise<Resource> {
  if (ref) return findApp(client, ref);
  const apps = await listApps(client, { max: 2 });
  if (apps.length === 1) return apps[0]!;
  throw new ValidationError(apps.length ? "This account has several apps: say which one." : "This account has no apps.", {
    field: "app",
    category: "usage",
    hint: "Pass --app with the app id or its bundle id (see `asckit apps list`).",
  });
}

const VERSION_INCLUDE = ["build", "appStoreVersionPhasedRelease"];
const BUILD_FIELDS = ["version", "processingState", "expired", "uploadedDate", "usesNonExemptEncryption"];

export interface VersionFilter {
  platform?: string;
  versionString?: string;
  /** appVersionState values. */
  states?: string[];
}

/** Also include the version's localizations and App Review details (one request instead of three). */
export interface ListingOption {
  listing?: boolean;
}

const LISTING_INCLUDE = ["appStoreVersionLocalizations", "appStoreReviewDetail"];

/** An app's App Store versions (newest first, as Apple lists them), with their builds. */
export async function listVersions(client: AscClient, appId: string, filter: VersionFilter = {}, options: ListingOption = {}): Promise<Resource[]> {
  const versions = await client.collect(`GET /v1/apps/${encodeURIComponent(appId)}/appStoreVersions`, {
    query: {
      "filter[platform]": filter.platform ? [filter.platform] : undefined,
      "filter[versionString]": filter.versionString ? [filter.versionString] : undefined,
      "filter[appVersionState]": filter.states,
      include: options.listing ? [...VERSION_INCLUDE, ...LISTING_INCLUDE] : VERSION_INCLUDE,
      "fields[builds]": BUILD_FIELDS,
      // Apple has at most 39 App Store locales, so one page of included localizations holds them all.
      "limit[appStoreVersionLocalizations]": options.listing ? 50 : undefined,
    },
  });
  return versions.filter((v) => !filter.versionString || v.attributes.versionString === filter.versionString);
}

export async function getVersion(client: AscClient, id: string, options: ListingOption = {}): Promise<Resource> {
  const res = await client.request(`GET /v1/appStoreVersions/${encodeURIComponent(id)}`, {
    query: {
      include: [...VERSION_INCLUDE, "app", ...(options.listing ? LISTING_INCLUDE : [])],
      "fields[builds]": BUILD_FIELDS,
      "fields[apps]": ["name", "bundleId", "sku", "primaryLocale"],
      "limit[appStoreVersionLocalizations]": options.listing ? 50 : undefined,
    },
  });
  return resolveDocument(res.document).data as Resource;
}

export interface VersionRef {
  /** App id or bundle id; optional when the account has one app or `version` is a version id. */
  app?: string;
  /** Version string (e.g. 1.2.0) or an appStoreVersion id. */
  version: string;
  platform?: string;
}

export interface ResolvedVersion {
  app: Resource;
  version: Resource;
  platform: Platform;
}

/** A version by id, or by exact version string and platform within an app. */
export async function findVersion(client: AscClient, ref: VersionRef, options: ListingOption = {}): Promise<ResolvedVersion> {
  if (UUID.test(ref.version)) {
    const version = await getVersion(client, ref.version, options);
    const app = relatedOne(version, "app") ?? (await findApp(client, relatedId(version, "app") ?? ref.app ?? ""));
    return { app, version, platform: version.attributes.platform as Platform };
  }
  validateVersionString(ref.version);
  const platform = validatePlatform(ref.platform);
  const app = await resolveApp(client, ref.app);
  const candidates = await listVersions(client, app.id, { platform, versionString: ref.version }, options);
  const version = exactlyOne(candidates, (v) => v.attributes.versionString === ref.version && v.attributes.platform === platform, {
    what: "App Store version",
    value: `${ref.version} (${platform})`,
    label: (v) => `${String(v.attributes.versionString)} ${String(v.attributes.platform)}`,
    hint: `Create it with \`asckit versions create ${ref.version} ${appFlags(app, platform)}\`.`,
  });
  return { app, version, platform };
}

/** A flat view for output: Apple's attribute names, plus the attached build's number and state. */
export function versionView(version: Resource): ResourceView {
  const build = relatedOne(version, "build");
  const phased = relatedOne(version, "appStoreVersionPhasedRelease");
  return {
    ...viewOf(version),
    buildId: relatedId(version, "build") ?? null,
    buildNumber: build?.attributes.version ?? null,
    buildState: build?.attributes.processingState ?? null,
    ...(phased ? { phasedReleaseState: phased.attributes.phasedReleaseState } : {}),
  };
}

export interface VersionChanges {
  versionString?: string;
  copyright?: string | null;
  releaseType?: ReleaseType;
  /** ISO 8601; only with SCHEDULED. */
  earliestReleaseDate?: string | null;
  /** Build id, or build number within the app and version. */
  build?: string;
}

/**
 * The checks of a create or update that need no App Store Connect state: the version string, the
 * release type's name, and the date's format and future. `versions update` runs these before any
 * request; how the release type and date fit together depends on the version as it is
 * (`validateVersionChanges` with `current`).
 */
export function validateVersionChangeFormats(changes: VersionChanges, now: number): void {
  if (changes.versionString !== undefined) validateVersionString(changes.versionString);
  if (changes.releaseType !== undefined && !(RELEASE_TYPES as readonly string[]).includes(changes.releaseType))
    throw new ValidationError(`Invalid release type "${changes.releaseType}".`, { field: "release-type", category: "usage", hint: `Use one of ${RELEASE_TYPES.join(", ")}.` });
  if (changes.earliestReleaseDate) {
    const t = Date.parse(changes.earliestReleaseDate);
    if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(changes.earliestReleaseDate))
      throw new ValidationError(`Invalid release date "${changes.earliestReleaseDate}".`, { field: "release-date", category: "usage", hint: "Use ISO 8601, e.g. 2025-07-01T09:00:00Z." });
    if (t <= now) throw new ValidationError(`The release date ${changes.earliestReleaseDate} is in the past.`, { field: "release-date", hint: "A scheduled release needs a future date." });
  }
}

/**
 * Local checks of a create or update, so nothing is sent that Apple would refuse. For an update,
 * `current` is the version as it is: a date alone is fine on a version already SCHEDULED, and
 * SCHEDULED alone is fine on a version that already has a date.
 */
export function validateVersionChanges(changes: VersionChanges, now: number, current?: Resource): void {
  validateVersionChangeFormats(changes, now);
  const type = changes.releaseType ?? (current?.attributes.releaseType as string | undefined);
  const date = changes.earliestReleaseDate !== undefined ? changes.earliestReleaseDate : (current?.attributes.earliestReleaseDate as string | null | undefined);
  if (changes.earliestReleaseDate && type !== "SCHEDULED")
    throw new ValidationError(`A release date needs --release-type SCHEDULED${current ? ` (version ${String(current.attributes.versionString)} is ${String(type)})` : ""}.`, {
      field: "release-date",
      category: "usage",
      hint: "Add --release-type SCHEDULED to release on that date, or drop --release-date.",
    });
  if (type === "SCHEDULED" && !date)
    throw new ValidationError("A SCHEDULED release needs a date.", { field: "release-date", category: "usage", hint: "Pass --release-date, e.g. 2025-07-01T09:00:00Z." });
}

export interface CreateVersionInput extends VersionChanges {
  app: Resource;
  platform: Platform;
  versionString: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  now: number;
}

export interface VersionWriteResult {
  version: Resource | undefined;
  created: boolean;
  /** What a dry run would do, or what was done. */
  actions: string[];
  /**
   * The values that change, by the names of `versionView` (Apple's attribute names, plus buildId,
   * buildNumber and buildState for an attached build): a dry run's resulting values.
   */
  planned: Record<string, unknown>;
}

/**
 * Creates an App Store version, or returns the one that already has this version string (so a
 * re-run after a lost response never duplicates). The build, if given, is checked before any write.
 */
export async function createVersion(client: AscClient, input: CreateVersionInput, options: WriteOptions): Promise<VersionWriteResult> {
  validateVersionString(input.versionString);
  validateVersionChanges(input, options.now);
  const existing = await listVersions(client, input.app.id, { platform: input.platform });
  const same = existing.find((v) => v.attributes.versionString === input.versionString);
  if (same) {
    const result = await updateVersion(client, { app: input.app, version: same, platform: input.platform }, stripCreateOnly(input), options);
    return { ...result, created: false, actions: [`version ${input.versionString} already exists (${same.id})`, ...result.actions] };
  }
  const open = existing.find((v) => !["READY_FOR_DISTRIBUTION", "PROCESSING_FOR_DISTRIBUTION", "REPLACED_WITH_NEW_VERSION"].includes(String(v.attributes.appVersionState)));
  if (open)
    throw new AsckitError(`Version ${String(open.attributes.versionString)} (${String(open.attributes.appVersionState)}) is still open for ${input.platform}; App Store Connect allows one version in preparation per platform.`, {
      category: "conflict",
      hint: `Change it instead: asckit versions update ${String(open.attributes.versionString)} ${appFlags(input.app, input.platform)} --version-string ${input.versionString}`,
    });
  const build = input.build ? await resolveBuild(client, { app: input.app, platform: input.platform, versionString: input.versionString }, input.build) : undefined;
  const actions = [`create version ${input.versionString} (${input.platform})${build ? ` with build ${String(build.attributes.version)}` : ""}`];
  const planned = {
    versionString: input.versionString,
    platform: input.platform,
    ...(input.copyright !== undefined ? { copyright: input.copyright } : {}),
    ...(input.releaseType ? { releaseType: input.releaseType } : {}),
    ...(input.earliestReleaseDate ? { earliestReleaseDate: input.earliestReleaseDate } : {}),
    ...(build ? { buildId: build.id, buildNumber: build.attributes.version ?? null, buildState: build.attributes.processingState ?? null } : {}),
  };
  if (options.dryRun) return { version: undefined, created: false, actions, planned };
  const body: components["schemas"]["AppStoreVersionCreateRequest"] = {
    data: {
      type: "appStoreVersions",
      attributes: {
        platform: input.platform,
        versionString: input.versionString,
        ...(input.copyright !== undefined ? { copyright: input.copyright } : {}),
        ...(input.releaseType ? { releaseType: input.releaseType } : {}),
        ...(input.earliestReleaseDate ? { earliestReleaseDate: input.earliestReleaseDate } : {}),
      },
      relationships: {
        app: { data: { type: "apps", id: input.app.id } },
        ...(build ? { build: { data: { type: "builds", id: build.id } } } : {}),
      },
    },
  };
  try {
    await client.request("POST /v1/appStoreVersions", { body });
  } catch (error) {
    // A lost response may hide a success: look before reporting a failure.
    const again = (await listVersions(client, input.app.id, { platform: input.platform, versionString: input.versionString }))[0];
    if (!again || isClientError(error)) throw error;
  }
  const created = (await listVersions(client, input.app.id, { platform: input.platform, versionString: input.versionString }))[0];
  return { version: created, created: true, actions, planned };
}

const isClientError = (error: unknown) => error instanceof Error && "status" in error && typeof error.status === "number" && error.status < 500;

function stripCreateOnly(input: CreateVersionInput): VersionChanges {
  const { app: _app, platform: _platform, versionString: _versionString, ...changes } = input;
  return changes;
}

/** Applies only what differs from the version as it is; a build is checked (VALID, same app, same version) before any write. */
export async function updateVersion(client: AscClient, target: ResolvedVersion, changes: VersionChanges, options: WriteOptions): Promise<VersionWriteResult> {
  const { version } = target;
  validateVersionChanges(changes, options.now, version);
  const attributes: Record<string, unknown> = {};
  for (const key of ["versionString", "copyright", "releaseType", "earliestReleaseDate"] as const) {
    if (changes[key] !== undefined && changes[key] !== version.attributes[key]) attributes[key] = changes[key];
  }
  if (attributes.releaseType && attributes.releaseType !== "SCHEDULED" && version.attributes.earliestReleaseDate) attributes.earliestReleaseDate = null;
  const build = changes.build
    ? await resolveBuild(client, { app: target.app, platform: target.platform, versionString: String(attributes.versionString ?? version.attributes.versionString) }, changes.build)
    : undefined;
  const attachBuild = build && build.id !== relatedId(version, "build");
  const actions = [
    ...Object.entries(attributes).map(([k, v]) => `set ${k} to ${v === null ? "null" : JSON.stringify(v)}`),
    ...(attachBuild ? [`attach build ${String(build.attributes.version)} (${build.id})`] : []),
  ];
  const planned = { ...attributes, ...(attachBuild ? { buildId: build.id, buildNumber: build.attributes.version ?? null, buildState: build.attributes.processingState ?? null } : {}) };
  if (!actions.length) return { version, created: false, actions: ["nothing to change"], planned };
  // Checked for a dry run too: it must not promise what the real run would refuse.
  const state = String(version.attributes.appVersionState);
  if (!EDITABLE_STATES.has(state))
    throw new AsckitError(`Version ${String(version.attributes.versionString)} is ${state} and can no longer be edited.`, { category: "conflict", hint: "Create a new version for further changes." });
  if (options.dryRun) return { version, created: false, actions, planned };
  if (Object.keys(attributes).length) {
    const body: components["schemas"]["AppStoreVersionUpdateRequest"] = { data: { type: "appStoreVersions", id: version.id, attributes } };
    await client.request(`PATCH /v1/appStoreVersions/${version.id}`, { body });
  }
  if (attachBuild) {
    const body: components["schemas"]["AppStoreVersionBuildLinkageRequest"] = { data: { type: "builds", id: build.id } };
    await client.request(`PATCH /v1/appStoreVersions/${version.id}/relationships/build`, { body });
  }
  return { version: await getVersion(client, version.id), created: false, actions, planned };
}

/**
 * A build that can go with the version: found by id or by build number, and checked to be VALID,
 * unexpired, of the same app and platform, and of the same version string. Throws before any write.
 */
export async function resolveBuild(client: AscClient, target: { app: Resource; platform: Platform; versionString: string }, ref: string): Promise<Resource> {
  let build: Resource;
  if (/^\d+(\.\d+)*$/.test(ref) && ref.length < 20) {
    const candidates = await client.collect("GET /v1/builds", {
      query: {
        "filter[app]": [target.app.id],
        "filter[version]": [ref],
        include: ["preReleaseVersion", "app"],
        "fields[builds]": [...BUILD_FIELDS, "preReleaseVersion", "app"],
        "fields[preReleaseVersions]": ["version", "platform"],
      },
    });
    const exact = candidates.filter((b) => b.attributes.version === ref);
    const matching = exact.filter((b) => relatedOne(b, "preReleaseVersion")?.attributes.version === target.versionString);
    build = exactlyOne(matching.length ? matching : exact, () => true, {
      what: "build",
      value: `number ${ref}`,
      label: (b) => `${String(relatedOne(b, "preReleaseVersion")?.attributes.version)} (${String(b.attributes.version)}) ${b.id}`,
      hint: `List builds with \`asckit builds list ${appFlags(target.app, target.platform)}\`.`,
    });
  } else {
    try {
      const res = await client.request(`GET /v1/builds/${encodeURIComponent(ref)}`, {
        query: { include: ["preReleaseVersion", "app"], "fields[builds]": [...BUILD_FIELDS, "preReleaseVersion", "app"], "fields[preReleaseVersions]": ["version", "platform"] },
      });
      build = resolveDocument(res.document).data as Resource;
    } catch (error) {
      if (error instanceof NotFoundError) throw new AsckitError(`No build with id "${ref}".`, { category: "not_found", hint: `List builds with \`asckit builds list ${appFlags(target.app, target.platform)}\`.` });
      throw error;
    }
  }
  const label = `Build ${String(build.attributes.version)} (${build.id})`;
  const appId = relatedId(build, "app");
  if (appId && appId !== target.app.id)
    throw new ValidationError(`${label} belongs to another app (${appId}), not ${String(target.app.attributes.bundleId ?? target.app.id)}.`, { field: "build" });
  const state = String(build.attributes.processingState);
  if (state !== "VALID")
    throw new ValidationError(`${label} is ${state}; only a VALID build can be attached to an App Store version.`, {
      field: "build",
      hint: state === "PROCESSING" ? `Wait for it with \`asckit builds wait ${build.id}\`.` : "Upload a new build with a higher build number.",
    });
  if (build.attributes.expired === true) throw new ValidationError(`${label} has expired.`, { field: "build", hint: "Upload a new build." });
  const prv = relatedOne(build, "preReleaseVersion");
  if (prv && prv.attributes.platform && prv.attributes.platform !== target.platform)
    throw new ValidationError(`${label} is for ${String(prv.attributes.platform)}, not ${target.platform}.`, { field: "build" });
  if (prv && prv.attributes.version !== target.versionString)
    throw new ValidationError(`${label} has version ${String(prv.attributes.version)}, but the App Store version is ${target.versionString}.`, {
      field: "build",
      hint: "The build's CFBundleShortVersionString must match the App Store version string.",
    });
  return build;
}

export interface ReleaseResult {
  version: Resource;
  released: boolean;
  message: string;
}

export interface IrreversibleOptions {
  dryRun?: boolean;
  /** Asked once the state checks pass and just before the irreversible write (see confirmOrStop). */
  confirm?: Confirm;
}

/** Releases a version that is PENDING_DEVELOPER_RELEASE; a version already on the store is reported, not an error. */
export async function releaseVersion(client: AscClient, target: ResolvedVersion, options: IrreversibleOptions = {}): Promise<ReleaseResult> {
  const { version } = target;
  const state = String(version.attributes.appVersionState);
  const name = `Version ${String(version.attributes.versionString)}`;
  if (state === "READY_FOR_DISTRIBUTION" || state === "PROCESSING_FOR_DISTRIBUTION")
    return { version, released: false, message: `${name} is already released (${state}).` };
  if (state !== "PENDING_DEVELOPER_RELEASE")
    throw new AsckitError(`${name} is ${state}; only a version that is PENDING_DEVELOPER_RELEASE can be released.`, {
      category: "conflict",
      hint: state === "PENDING_APPLE_RELEASE" ? "It is scheduled and goes live on its release date." : "Submit it for review first, and release it once it is approved.",
    });
  if (options.dryRun) return { version, released: false, message: `dry run: would release ${name} to the App Store.` };
  const phased = relatedOne(version, "appStoreVersionPhasedRelease");
  const reach = phased && phased.attributes.phasedReleaseState === "INACTIVE" ? "on the App Store now (its 7-day phased release starts)" : "to everyone on the App Store now";
  await confirmOrStop(options, `Release version ${String(version.attributes.versionString)} ${reach}? This cannot be undone.`, `${name} was not released`);
  const body: components["schemas"]["AppStoreVersionReleaseRequestCreateRequest"] = {
    data: { type: "appStoreVersionReleaseRequests", relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: version.id } } } },
  };
  try {
    await client.request("POST /v1/appStoreVersionReleaseRequests", { body });
  } catch (error) {
    const after = await getVersion(client, version.id);
    if (isClientError(error) || after.attributes.appVersionState === "PENDING_DEVELOPER_RELEASE") throw error;
  }
  const after = await getVersion(client, version.id);
  return { version: after, released: true, message: `${name} released; it is ${String(after.attributes.appVersionState)}.` };
}
