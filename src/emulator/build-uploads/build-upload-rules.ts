import { entityError, stateError } from "../api-failure.js";
import type { EmulatorEngine } from "../engine/index.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { UploadStorage } from "../storage/index.js";
import type { ResourceRef, StoredResource } from "../store/open-store.js";
import { deliveryStateValue, uploadStateOf, uploadStateValue, type BuildUploadInternal } from "./upload-state.js";

const DOTTED = /^\d+(\.\d+){0,2}$/;

/** Upload processing (before the build shows up) takes this share of the engine's processing delay. */
export const uploadProcessingMs = (processingDelayMs: number) => Math.round(processingDelayMs / 2);

const refOf = (value: unknown): ResourceRef | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as ResourceRef) : undefined);

/** Whether an app already uses this version + build number, by a build or by an upload that has not failed. */
export function buildNumberHolder(ctx: RuleContext, app: ResourceRef, shortVersion: string, version: string, platform: string, except?: string): string | undefined {
  const versions = ctx.data.relatedResources(app, "preReleaseVersions").filter((v) => v.attributes.version === shortVersion && v.attributes.platform === platform);
  for (const v of versions) {
    const build = ctx.data.relatedResources(v, "builds").find((b) => b.attributes.version === version);
    if (build) return `build ${build.id}`;
  }
  const upload = ctx.store.edges
    .targets(app, "buildUploads")
    .map((ref) => ctx.store.get(ref.type, ref.id))
    .find(
      (u) =>
        u &&
        u.id !== except &&
        u.attributes.cfBundleShortVersionString === shortVersion &&
        u.attributes.cfBundleVersion === version &&
        u.attributes.platform === platform &&
        uploadStateOf(u.attributes) !== "FAILED",
    );
  return upload ? `build upload ${upload.id}` : undefined;
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
        const holder = buildNumberHolder(ctx, app, shortVersion, version, String(a.platform), undefined);
        if (holder)
          throw entityError(
            "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE",
            `The bundle version '${version}' has already been used for version '${shortVersion}' (${holder}). Upload a build with a higher build number.`,
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

/** After upload processing: the build appears (PROCESSING, then VALID by the build rules), or the upload fails. */
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
      // Another upload may have become a build with this number meanwhile.
      const holder = buildNumberHolder(ctx, app, String(upload.attributes.cfBundleShortVersionString), String(upload.attributes.cfBundleVersion), String(upload.attributes.platform), upload.id);
      if (holder?.startsWith("build ")) failures.push({ code: "DUPLICATE_BUILD_NUMBER", description: `The bundle version '${String(upload.attributes.cfBundleVersion)}' is already used by ${holder}.` });
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
