import { entityError, stateError } from "../api-failure.js";
import type { EmulatorEngine } from "../engine/index.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { UploadStorage } from "../storage/index.js";
import type { ResourceRef, StoredResource } from "../store/open-store.js";
import { compareBuildNumbers, highest, nextBuildNumber, sameBuildNumber } from "./build-number-order.js";
import { deliveryStateValue, uploadStateOf, uploadStateValue, type BuildUploadInternal } from "./upload-state.js";
import { versionTrainFailures } from "./version-train.js";

const DOTTED = /^\d+(\.\d+){0,2}$/;

/** Upload processing (before the build shows up) takes this share of the engine's processing delay. */
export const uploadProcessingMs = (processingDelayMs: number) => Math.round(processingDelayMs / 2);

const refOf = (value: unknown): ResourceRef | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as ResourceRef) : undefined);

/** The build numbers an app uses for one version and platform: its builds and its uploads that have not failed. */
export interface BuildNumbersInUse {
  /** What already holds this number (the same number as compared by Apple: "3" = "3.0"), if anything. */
  holder: string | undefined;
  /** Whether that holder is a build (rather than an upload in flight). */
  heldByBuild: boolean;
  /** The highest number in use, if any. */
  highest: string | undefined;
  /** One above the highest. */
  next: string;
}

export function buildNumbersInUse(ctx: RuleContext, app: ResourceRef, shortVersion: string, version: string, platform: string, except?: string): BuildNumbersInUse {
  const used: Array<{ number: string; label: string; build: boolean }> = [];
  const versions = ctx.data.relatedResources(app, "preReleaseVersions").filter((v) => v.attributes.version === shortVersion && v.attributes.platform === platform);
  for (const v of versions) for (const b of ctx.data.relatedResources(v, "builds")) used.push({ number: String(b.attributes.version), label: `build ${b.id}`, build: true });
  for (const ref of ctx.store.edges.targets(app, "buildUploads")) {
    const u = ctx.store.get(ref.type, ref.id);
    if (!u || u.id === except || uploadStateOf(u.attributes) === "FAILED") continue;
    if (u.attributes.cfBundleShortVersionString !== shortVersion || u.attributes.platform !== platform) continue;
    // A completed upload and the build it became are one number; the build is named.
    if (uploadStateOf(u.attributes) === "COMPLETE" && ctx.store.edges.targets(u, "build").length) continue;
    used.push({ number: String(u.attributes.cfBundleVersion), label: `build upload ${u.id}`, build: false });
  }
  const top = highest(used.map((u) => u.number));
  const holders = used.filter((u) => sameBuildNumber(u.number, version));
  const holder = holders.find((h) => h.build) ?? holders[0];
  return { holder: holder?.label, heldByBuild: holder?.build === true, highest: top, next: nextBuildNumber(top) };
}

/**
 * buildUploads: version checks and the 409 DUPLICATE for a used version + build number on create;
 * AWAITING_UPLOAD → (commit) PROCESSING → COMPLETE with a new build, or FAILED, advanced lazily from
 * the clock on read.
 */
export function createBuildUploadRules(engine: EmulatorEngine, storage: UploadStorage): RuleHooks {
  return {
    beforeCreate(ctx, draft) {
      const a = draft.attributes;
      const shortVersion = String(a.cfBundleShortVersionString ?? "");
      const version = String(a.cfBundleVersion ?? "");
      if (!DOTTED.test(shortVersion))
        throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `'${shortVersion}' is not a valid version string: use one to three period-separated integers.`, "/data/attributes/cfBundleShortVersionString");
      if (!DOTTED.test(version))
        throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `'${version}' is not a valid build number: use one to three period-separated integers.`, "/data/attributes/cfBundleVersion");
      const app = refOf(draft.relationships.app);
      if (app) {
        // Apple compares build numbers as numbers ("3.0" is "3") and wants each new one higher than
        // every earlier one of the same version (ITMS-90061), not merely unused.
        const inUse = buildNumbersInUse(ctx, app, shortVersion, version, String(a.platform), undefined);
        if (inUse.holder)
          throw entityError(
            "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE",
            `The bundle version '${version}' has already been used for version '${shortVersion}' (${inUse.holder}). The next free build number is '${inUse.next}'.`,
            "/data/attributes/cfBundleVersion",
          );
        if (inUse.highest !== undefined && compareBuildNumbers(version, inUse.highest) < 0)
          throw entityError(
            "ENTITY_ERROR.ATTRIBUTE.INVALID",
            `The bundle version '${version}' must be higher than the previously uploaded version '${inUse.highest}' for version '${shortVersion}'. The next free build number is '${inUse.next}'.`,
            "/data/attributes/cfBundleVersion",
          );
      }
      draft.attributes = {
        cfBundleShortVersionString: shortVersion,
        cfBundleVersion: version,
        platform: a.platform,
        createdDate: new Date(ctx.now).toISOString(),
        uploadedDate: null,
        state: uploadStateValue("AWAITING_UPLOAD"),
      };
    },
    afterCreate(ctx, upload) {
      // The spec's BuildUpload has no `app` relationship to mirror, so the app side is linked here.
      const app = ctx.store.edges.targets(upload, "app")[0];
      if (app) ctx.data.link(app, "buildUploads", [upload], "add");
    },
    beforeDelete(ctx, upload) {
      const state = uploadStateOf(upload.attributes);
      if (state === "PROCESSING" || state === "COMPLETE") throw stateError(`The build upload is ${state} and can no longer be deleted.`, "STATE_ERROR.ENTITY_STATE_INVALID");
      for (const file of ctx.data.related(upload, "buildUploadFiles")) {
        storage.discard(file.id);
        ctx.store.delete(file.type, file.id);
      }
    },
    onRead(ctx, upload) {
      return settle(engine, ctx, upload);
    },
  };
}

/**
 * After upload processing: the build appears (PROCESSING, then VALID by the build rules), or the
 * upload fails: with what the commit found in the Info.plist, with a version train an approved App
 * Store version closed (judged now, as Apple's processing does, not at POST), or with a number
 * another upload's build took meanwhile.
 */
function settle(engine: EmulatorEngine, ctx: RuleContext, upload: StoredResource): StoredResource {
  const internal = upload.internal as BuildUploadInternal;
  const committedAt = internal.committedAt;
  if (uploadStateOf(upload.attributes) !== "PROCESSING" || committedAt === undefined) return upload;
  if (ctx.now < committedAt + uploadProcessingMs(ctx.config.processingDelayMs)) return upload;
  return ctx.store.transaction(() => {
    const files = ctx.data.related(upload, "buildUploadFiles");
    const setFiles = (state: "COMPLETE" | "FAILED", errors: Array<{ code: string; description: string }>) => {
      for (const f of files) ctx.store.update(f.type, f.id, { attributes: { assetDeliveryState: deliveryStateValue(state, errors) } });
    };
    const app = ctx.store.edges.targets(upload, "app")[0];
    const failures = [...(internal.failures ?? [])];
    if (app && failures.length === 0) {
      // Reading the app first lets its hooks (the demo's lazy App Store history) run.
      ctx.data.get(app.type, app.id);
      failures.push(...versionTrainFailures(ctx, app, String(upload.attributes.cfBundleShortVersionString), String(upload.attributes.platform)));
    }
    if (app && failures.length === 0) {
      // Another upload may have become a build with this number meanwhile.
      const { holder, heldByBuild } = buildNumbersInUse(ctx, app, String(upload.attributes.cfBundleShortVersionString), String(upload.attributes.cfBundleVersion), String(upload.attributes.platform), upload.id);
      if (heldByBuild) failures.push({ code: "DUPLICATE_BUILD_NUMBER", description: `The bundle version '${String(upload.attributes.cfBundleVersion)}' is already used by ${holder}.` });
    }
    if (!app || failures.length) {
      setFiles("FAILED", failures);
      return ctx.store.update(upload.type, upload.id, { attributes: { state: uploadStateValue("FAILED", failures.length ? failures : [{ code: "APP_NOT_FOUND", description: "The app no longer exists." }]) } });
    }
    // COMPLETE first, so a read of this upload while the build is created cannot settle it twice.
    const completed = ctx.store.update(upload.type, upload.id, { attributes: { state: uploadStateValue("COMPLETE") } });
    const added = engine.scenario.addBuild({
      appId: app.id,
      version: String(upload.attributes.cfBundleVersion),
      marketingVersion: String(upload.attributes.cfBundleShortVersionString),
      platform: upload.attributes.platform as "IOS",
      // Processing counts from the commit, so the build is VALID processingDelayMs after it.
      uploadedDate: new Date(committedAt).toISOString(),
      processingDelayMs: ctx.config.processingDelayMs,
      ...(internal.usesNonExemptEncryption !== undefined ? { usesNonExemptEncryption: internal.usesNonExemptEncryption } : {}),
    });
    if (internal.minimumOsVersion) ctx.store.update("builds", added.buildId, { attributes: { minOsVersion: internal.minimumOsVersion } });
    ctx.data.link({ type: "builds", id: added.buildId }, "buildUpload", [upload], "replace");
    setFiles("COMPLETE", []);
    return ctx.store.get(completed.type, completed.id) ?? completed;
  });
}
