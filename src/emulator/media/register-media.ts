import { randomUUID } from "node:crypto";
import { entityError, stateError } from "../api-failure.js";
import type { EmulatorEngine } from "../engine/index.js";
import type { ResourceRef, RuleContext, RuleHooks } from "../engine/index.js";
import { expireLostOperations, lostReservationCommit, type UploadStorage } from "../storage/index.js";
import type { StoredResource } from "../store/open-store.js";
import { takeScenarioOutcome } from "./media-scenario.js";
import { MAX_PREVIEWS, MAX_SCREENSHOTS } from "./media-specs.js";
import { processPreview, processScreenshot, type ProcessingOutcome } from "./process-asset.js";

/** What media needs from the feature wiring (a structural match for FeatureDeps in features.ts, kept local to avoid an import cycle). */
export interface MediaDeps {
  storage: UploadStorage;
}

interface AssetKind {
  assetType: "appScreenshots" | "appPreviews";
  setType: "appScreenshotSets" | "appPreviewSets";
  setRel: "appScreenshotSet" | "appPreviewSet";
  assetsRel: "appScreenshots" | "appPreviews";
  typeAttribute: "screenshotDisplayType" | "previewType";
  max: number;
  noun: string;
  process(bytes: Buffer, type: string): ProcessingOutcome;
  contentType(fileName: string, mimeType: unknown): string;
}

const SCREENSHOT: AssetKind = {
  assetType: "appScreenshots",
  setType: "appScreenshotSets",
  setRel: "appScreenshotSet",
  assetsRel: "appScreenshots",
  typeAttribute: "screenshotDisplayType",
  max: MAX_SCREENSHOTS,
  noun: "screenshot",
  process: processScreenshot,
  contentType: (name) => (/\.jpe?g$/i.test(name) ? "image/jpeg" : "image/png"),
};

const PREVIEW: AssetKind = {
  assetType: "appPreviews",
  setType: "appPreviewSets",
  setRel: "appPreviewSet",
  assetsRel: "appPreviews",
  typeAttribute: "previewType",
  max: MAX_PREVIEWS,
  noun: "app preview",
  process: processPreview,
  contentType: (name, mime) => (typeof mime === "string" && mime ? mime : /\.mov$/i.test(name) ? "video/quicktime" : /\.m4v$/i.test(name) ? "video/x-m4v" : "video/mp4"),
};

const OWNERS = ["appStoreVersionLocalization", "appCustomProductPageLocalization", "appStoreVersionExperimentTreatmentLocalization"] as const;

/** Private processing state, kept in `internal`. */
interface AssetInternal {
  storageKey?: string;
  /** When the upload was reserved (epoch ms): a reservation whose storage is lost reads as expired from then. */
  reservedAt?: number;
  committedAt?: number;
  outcome?: ProcessingOutcome | { state: "STUCK" };
}

const storageKey = (type: string, id: string) => `${type}/${id}`;

// Versions whose screenshots and previews can still change (as for the rest of the listing).
const EDITABLE = new Set(["PREPARE_FOR_SUBMISSION", "READY_FOR_REVIEW", "DEVELOPER_REJECTED", "REJECTED", "METADATA_REJECTED", "INVALID_BINARY"]);

/** Refuses API changes to the media of a version that is in review or released (409, like the listing). */
function assertEditable(ctx: RuleContext, localization: ResourceRef | undefined): void {
  if (!ctx.request || !localization || localization.type !== "appStoreVersionLocalizations") return;
  const versionRef = ctx.store.edges.targets(localization, "appStoreVersion")[0];
  const version = versionRef && ctx.store.get(versionRef.type, versionRef.id);
  const state = version?.attributes.appVersionState;
  if (typeof state === "string" && !EDITABLE.has(state)) {
    throw stateError(`The version is ${state}; its screenshots and previews can no longer be changed.`, "STATE_ERROR.ENTITY_STATE_INVALID");
  }
}

const localizationOfSet = (ctx: RuleContext, set: ResourceRef | undefined): ResourceRef | undefined =>
  set ? ctx.store.edges.targets(set, "appStoreVersionLocalization")[0] : undefined;

/**
 * Screenshot and preview sets and their assets with Apple's upload protocol:
 * - POST an asset reserves storage: `uploadOperations` and state AWAITING_UPLOAD;
 * - PATCH `uploaded: true` commits: size and MD5 are verified (409 on mismatch), then the state is
 *   UPLOAD_COMPLETE and, after processing (half the engine's processing delay for images, the whole
 *   delay for videos, computed on read), COMPLETE with `imageAsset` or FAILED with an error code
 *   (IMAGE_INCORRECT_DIMENSIONS for a wrong size; previews outside 15–30 s fail too);
 * - at most 10 screenshots and 3 previews per set, one set per display type per localization;
 * - reordering through the relationship PATCH must list every asset of the set exactly once.
 */
export function registerMedia(engine: EmulatorEngine, deps: MediaDeps): void {
  for (const kind of [SCREENSHOT, PREVIEW]) {
    engine.rules.register(kind.setType, setRules(kind));
    engine.rules.register(kind.assetType, assetRules(kind, deps));
    engine.registerHandler(`${kind.setType}_${kind.assetsRel}_replaceToManyRelationship`, (req) => {
      const data = engine.data(req.now);
      const set = data.require(kind.setType, req.params.id ?? "");
      const localization = engine.store.edges.targets(set, "appStoreVersionLocalization")[0];
      assertEditable({ now: req.now, config: engine.config, store: engine.store, data, request: req }, localization);
      const current = data.related(set, kind.assetsRel).map((r) => r.id);
      const sent = ((req.body as { data?: Array<{ id?: string }> } | undefined)?.data ?? []).map((r) => String(r.id));
      const same = sent.length === current.length && new Set(sent).size === sent.length && sent.every((id) => current.includes(id));
      if (!same) {
        throw entityError(
          "ENTITY_ERROR.RELATIONSHIP.INVALID",
          `The ordered list must contain each of the set's ${current.length} ${kind.noun}s exactly once; it had ${sent.length} entries.`,
          "/data",
        );
      }
      return undefined; // the generic engine replaces the linkage in the order sent
    });
  }
}

function setRules(kind: AssetKind): RuleHooks {
  return {
    beforeCreate(ctx, draft) {
      const owners = OWNERS.filter((rel) => {
        const v = draft.relationships[rel];
        return v !== undefined && v !== null && !(Array.isArray(v) && !v.length);
      });
      if (owners.length !== 1) {
        throw entityError("ENTITY_ERROR.RELATIONSHIP.REQUIRED", `A ${kind.setType} set belongs to exactly one of ${OWNERS.join(", ")}.`, "/data/relationships");
      }
      const ownerRef = draft.relationships[owners[0]!] as ResourceRef;
      assertEditable(ctx, ownerRef);
      const type = draft.attributes[kind.typeAttribute];
      const inverse = ctx.data.model.inverse(kind.setType, owners[0]!);
      const siblings = inverse ? ctx.data.relatedResources(ownerRef, inverse) : [];
      if (siblings.some((s) => s.attributes[kind.typeAttribute] === type)) {
        throw entityError(
          "ENTITY_ERROR.ATTRIBUTE.INVALID",
          `This localization already has a ${kind.setType === "appScreenshotSets" ? "screenshot" : "preview"} set for ${String(type)}.`,
          `/data/attributes/${kind.typeAttribute}`,
        );
      }
    },
    beforeDelete(ctx, set) {
      assertEditable(ctx, localizationOfSet(ctx, set));
      // Deleting a set deletes its assets.
      for (const ref of ctx.data.related(set, kind.assetsRel)) ctx.data.remove(ref.type, ref.id);
    },
  };
}

function deliveryState(kind: AssetKind, state: string, errors: ProcessingOutcome["errors"] = []): Record<string, unknown> {
  const value = { state, errors, warnings: [] as unknown[] };
  if (kind === SCREENSHOT) return { assetDeliveryState: value };
  // `assetDeliveryState` is deprecated for previews but still sent; it has no PROCESSING state.
  return { videoDeliveryState: value, assetDeliveryState: { ...value, state: state === "PROCESSING" ? "UPLOAD_COMPLETE" : state } };
}

const stateOf = (kind: AssetKind, r: StoredResource) =>
  ((kind === SCREENSHOT ? r.attributes.assetDeliveryState : r.attributes.videoDeliveryState) as { state?: string } | undefined)?.state;

function assetRules(kind: AssetKind, deps: MediaDeps): RuleHooks {
  const processingMs = (ctx: RuleContext) => (kind === SCREENSHOT ? ctx.config.processingDelayMs / 2 : ctx.config.processingDelayMs);

  return {
    beforeCreate(ctx, draft) {
      const setRef = draft.relationships[kind.setRel];
      if (!setRef || Array.isArray(setRef)) throw entityError("ENTITY_ERROR.RELATIONSHIP.REQUIRED", `The '${kind.setRel}' relationship is required.`, `/data/relationships/${kind.setRel}`);
      assertEditable(ctx, localizationOfSet(ctx, setRef));
      const count = ctx.data.related(setRef, kind.assetsRel).length;
      if (count >= kind.max) {
        throw entityError(
          "ENTITY_ERROR.RELATIONSHIP.INVALID",
          `The ${kind.setType === "appScreenshotSets" ? "screenshot" : "preview"} set already has ${count} ${kind.noun}s, the maximum is ${kind.max}.`,
          `/data/relationships/${kind.setRel}`,
        );
      }
      const { fileName, fileSize } = draft.attributes;
      if (typeof fileSize !== "number" || !Number.isInteger(fileSize) || fileSize < 1) {
        throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", "fileSize must be the file's size in bytes (a positive integer).", "/data/attributes/fileSize");
      }
      if (typeof fileName !== "string" || !fileName.trim()) throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", "fileName must not be empty.", "/data/attributes/fileName");
      const id = (draft.id ??= ctx.store.newId(kind.assetType));
      const key = storageKey(kind.assetType, id);
      const contentType = kind.contentType(fileName, draft.attributes.mimeType);
      // Apple's `UploadOperation` (screenshots, previews) has only these five fields; partNumber and
      // expiration belong to the build upload's DeliveryFileUploadOperation, so they stay in storage.
      const operations = deps.storage
        .reserve({ key, fileSize, contentType, baseUrl: ctx.request?.baseUrl ?? "http://127.0.0.1", now: ctx.now })
        .map(({ method, url, length, offset, requestHeaders }) => ({ method, url, length, offset, requestHeaders }));
      const token = `PurpleSource${kind === SCREENSHOT ? 211 : 221}/v4/${id.slice(0, 2)}/${id.slice(2, 4)}/${randomUUID()}/${fileName}`;
      draft.attributes = {
        fileSize,
        fileName,
        sourceFileChecksum: null,
        uploadOperations: operations,
        ...(kind === SCREENSHOT
          ? { imageAsset: null, assetToken: token, assetType: "SCREENSHOT" }
          : { previewFrameTimeCode: draft.attributes.previewFrameTimeCode ?? null, mimeType: contentType, videoUrl: null, previewFrameImage: null, previewImage: null }),
        ...deliveryState(kind, "AWAITING_UPLOAD"),
      };
      Object.assign(draft.internal, { storageKey: key, reservedAt: ctx.now } satisfies AssetInternal);
    },

    beforeUpdate(ctx, current, patch) {
      const uploaded = patch.attributes.uploaded;
      delete patch.attributes.uploaded; // a command, not an attribute Apple returns
      if (uploaded !== true) return;
      if (stateOf(kind, current) !== "AWAITING_UPLOAD") {
        throw stateError(`The ${kind.noun} was already uploaded; delete it and reserve a new one to change it.`, "STATE_ERROR.ENTITY_STATE_INVALID");
      }
      const checksum = patch.attributes.sourceFileChecksum ?? current.attributes.sourceFileChecksum;
      const internal = current.internal as AssetInternal;
      const key = internal.storageKey ?? storageKey(kind.assetType, current.id);
      // A reservation the storage lost (a restart on a data file) fails as an expired one does.
      const committed = deps.storage.has(key)
        ? deps.storage.commit(key, typeof checksum === "string" && checksum ? { algorithm: "MD5", hash: checksum } : undefined, ctx.now, { returnBytes: true })
        : lostReservationCommit(`delete the ${kind.noun} and reserve it again`);
      if (!committed.ok) {
        const pointer = committed.code === "CHECKSUM_MISMATCH" ? "/data/attributes/sourceFileChecksum" : "/data/attributes/uploaded";
        throw entityError(`ENTITY_ERROR.ATTRIBUTE.INVALID.${committed.code}`, committed.description, pointer);
      }
      const set = ctx.data.related(current, kind.setRel)[0];
      const type = String((set && ctx.store.get(set.type, set.id)?.attributes[kind.typeAttribute]) ?? "");
      const scripted = takeScenarioOutcome(ctx.store, String(current.attributes.fileName));
      const outcome = scripted ?? kind.process(committed.bytes!, type);
      Object.assign(patch.attributes, { uploadOperations: null, sourceFileChecksum: typeof checksum === "string" ? checksum : committed.md5, ...deliveryState(kind, "UPLOAD_COMPLETE") });
      patch.internal = { ...patch.internal, committedAt: ctx.now, outcome } satisfies AssetInternal;
    },

    onRead(ctx, asset) {
      const internal = asset.internal as AssetInternal;
      const state = stateOf(kind, asset);
      if (state === "AWAITING_UPLOAD" && !deps.storage.has(internal.storageKey ?? storageKey(kind.assetType, asset.id))) {
        const expired = expireLostOperations((asset.attributes.uploadOperations as Array<{ url: string }> | null | undefined) ?? [], internal.reservedAt ?? ctx.now);
        return expired ? ctx.store.update(asset.type, asset.id, { attributes: { uploadOperations: expired } }) : asset;
      }
      if (internal.committedAt === undefined || !internal.outcome || internal.outcome.state === "STUCK") return asset;
      if (state !== "UPLOAD_COMPLETE" && state !== "PROCESSING") return asset;
      const elapsed = ctx.now - internal.committedAt;
      const total = processingMs(ctx);
      let next: Record<string, unknown> | undefined;
      if (elapsed >= total) {
        const outcome = internal.outcome;
        next = { ...deliveryState(kind, outcome.state, outcome.errors), ...(outcome.state === "COMPLETE" ? finishedAttributes(kind, asset, outcome) : {}) };
      } else if (kind === PREVIEW && state === "UPLOAD_COMPLETE" && elapsed >= total / 4) {
        next = deliveryState(kind, "PROCESSING");
      }
      return next ? ctx.store.update(asset.type, asset.id, { attributes: next }) : asset;
    },

    beforeDelete(ctx, asset) {
      assertEditable(ctx, localizationOfSet(ctx, ctx.store.edges.targets(asset, kind.setRel)[0]));
      deps.storage.discard((asset.internal as AssetInternal).storageKey ?? storageKey(kind.assetType, asset.id));
    },
  };
}

function finishedAttributes(kind: AssetKind, asset: StoredResource, outcome: ProcessingOutcome): Record<string, unknown> {
  const token = String(asset.attributes.assetToken ?? `PurpleVideo/v4/${asset.id}`);
  const image = { templateUrl: `https://is1-ssl.mzstatic.com/image/thumb/${token}/{w}x{h}bb.{f}`, width: outcome.width ?? 0, height: outcome.height ?? 0 };
  if (kind === SCREENSHOT) return { imageAsset: image };
  return {
    videoUrl: `https://mvod.itunes.apple.com/itunes-assets/PurpleVideo/v4/${asset.id}/preview.m3u8`,
    previewFrameImage: { image, state: { state: "COMPLETE", errors: [], warnings: [] } },
    previewImage: image,
  };
}
