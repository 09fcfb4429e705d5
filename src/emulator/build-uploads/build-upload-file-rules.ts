import { randomBytes } from "node:crypto";
import { entityError, stateError } from "../api-failure.js";
import type { EmulatorEngine } from "../engine/index.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { ApiRequest, ApiResult } from "../engine-types.js";
import { expireLostOperations, lostReservationCommit, type CommitResult, type UploadOperation, type UploadStorage } from "../storage/index.js";
import type { ResourceRef, StoredResource } from "../store/open-store.js";
import { partSizeFor } from "./part-size.js";
import { readBundleInfo } from "./read-bundle-info.js";
import { deliveryStateValue, uploadStateOf, uploadStateValue, type BuildUploadInternal, type DeliveryStateValue } from "./upload-state.js";

const CONTENT_TYPES: Record<string, string> = {
  "com.apple.ipa": "application/octet-stream",
  "com.apple.pkg": "application/octet-stream",
  "com.pkware.zip-archive": "application/zip",
  "com.apple.binary-property-list": "application/octet-stream",
  "com.apple.xml-property-list": "application/xml",
};

/** buildUploadFiles: reserving a file on create returns its pre-signed `uploadOperations`. */
export function createBuildUploadFileRules(storage: UploadStorage): RuleHooks {
  return {
    beforeCreate(ctx, draft) {
      const ref = draft.relationships.buildUpload as ResourceRef | undefined;
      const upload = ref && ctx.data.require("buildUploads", ref.id);
      if (!upload) throw entityError("ENTITY_ERROR.RELATIONSHIP.REQUIRED", "A build upload file needs its buildUpload.", "/data/relationships/buildUpload");
      const state = uploadStateOf(upload.attributes);
      if (state !== "AWAITING_UPLOAD") throw stateError(`The build upload is ${state}; files can only be added while it is AWAITING_UPLOAD.`, "STATE_ERROR.ENTITY_STATE_INVALID");
      const a = draft.attributes;
      if (a.assetType === "ASSET" && ctx.data.related(upload, "assetFile").length)
        throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", "The build upload already has its ASSET file.", "/data/attributes/assetType");
      const fileSize = Number(a.fileSize);
      draft.id ??= ctx.store.newId("buildUploadFiles");
      draft.internal = { ...draft.internal, reservedAt: ctx.now };
      const uploadOperations = storage.reserve({
        key: draft.id,
        fileSize,
        contentType: CONTENT_TYPES[String(a.uti)] ?? "application/octet-stream",
        baseUrl: ctx.request?.baseUrl ?? "http://127.0.0.1",
        now: ctx.now,
        partSize: partSizeFor(fileSize),
      });
      draft.attributes = {
        fileName: a.fileName,
        fileSize,
        uti: a.uti,
        assetType: a.assetType,
        assetToken: `${randomBytes(8).toString("hex")}/${String(a.fileName)}`,
        assetDeliveryState: deliveryStateValue("AWAITING_UPLOAD"),
        sourceFileChecksums: null,
        uploadOperations,
      };
    },
    onRead(ctx, file) {
      return expireIfStorageLost(ctx, file, storage);
    },
    afterCreate(ctx, file) {
      const upload = ctx.store.edges.targets(file, "buildUpload")[0];
      if (!upload) return;
      ctx.data.link(upload, "buildUploadFiles", [file], "add");
      const kind = { ASSET: "assetFile", ASSET_DESCRIPTION: "assetDescriptionFile", ASSET_SPI: "assetSpiFile" }[String(file.attributes.assetType)];
      if (kind) ctx.data.link(upload, kind, [file], "replace");
    },
  };
}

/** A reservation whose storage is gone (a restart on a data file) reads as expired: see expireLostOperations. */
function expireIfStorageLost(ctx: RuleContext, file: StoredResource, storage: UploadStorage): StoredResource {
  if ((file.attributes.assetDeliveryState as DeliveryStateValue | undefined)?.state !== "AWAITING_UPLOAD" || storage.has(file.id)) return file;
  const operations = (file.attributes.uploadOperations as UploadOperation[] | null | undefined) ?? [];
  const expired = expireLostOperations(operations, typeof file.internal.reservedAt === "number" ? file.internal.reservedAt : ctx.now);
  return expired ? ctx.store.update(file.type, file.id, { attributes: { uploadOperations: expired } }) : file;
}

interface CommitBody {
  data?: { attributes?: { uploaded?: boolean | null; sourceFileChecksums?: { file?: { hash?: string; algorithm?: string } } | null } };
}

/**
 * PATCH /v1/buildUploadFiles/{id} ("Commit a Build Upload File"): storage checks that every byte
 * arrived and the checksum matches; a mismatch fails the file and its upload with the reason. A
 * good ASSET file moves its upload to PROCESSING, remembering what its Info.plist says.
 */
export function createCommitHandler(engine: EmulatorEngine, storage: UploadStorage): (request: ApiRequest) => Promise<ApiResult | undefined> {
  return async (request) => {
    const id = request.params.id ?? "";
    const data = engine.data(request.now);
    const file = data.require("buildUploadFiles", id);
    const attributes = (request.body as CommitBody | undefined)?.data?.attributes ?? {};
    if (attributes.uploaded !== true) return undefined;
    const current = (file.attributes.assetDeliveryState as DeliveryStateValue | undefined)?.state;
    if (current !== "AWAITING_UPLOAD") throw stateError(`The file was already committed (${current}).`, "STATE_ERROR.ENTITY_STATE_INVALID");
    const uploadRef = engine.store.edges.targets(file, "buildUpload")[0];
    const upload = uploadRef && data.require(uploadRef.type, uploadRef.id);
    const checksum = attributes.sourceFileChecksums?.file;
    if (checksum && checksum.algorithm !== "MD5" && checksum.algorithm !== "SHA_256")
      throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `Unknown checksum algorithm '${String(checksum.algorithm)}'.`, "/data/attributes/sourceFileChecksums/file/algorithm");

    const isAsset = file.attributes.assetType === "ASSET";
    const result: CommitResult = !storage.has(id)
      ? lostReservationCommit("delete the build upload and reserve the file again")
      : storage.commit(id, checksum?.hash ? { algorithm: checksum.algorithm as "MD5" | "SHA_256", hash: checksum.hash } : undefined, request.now, { returnBytes: isAsset && file.attributes.uti === "com.apple.ipa" });
    const sourceFileChecksums = attributes.sourceFileChecksums ?? null;
    if (!result.ok) {
      const errors = [{ code: result.code, description: result.description }];
      engine.store.transaction(() => {
        data.update("buildUploadFiles", id, { attributes: { assetDeliveryState: deliveryStateValue("FAILED", errors), sourceFileChecksums } });
        if (upload && isAsset) data.update(upload.type, upload.id, { attributes: { state: uploadStateValue("FAILED", errors) } });
      });
      return engine.documents.single(request, data.require("buildUploadFiles", id));
    }

    const internal: BuildUploadInternal = { committedAt: request.now };
    if (result.bytes) {
      const read = await readBundleInfo(result.bytes);
      const failures: NonNullable<BuildUploadInternal["failures"]> = [];
      if (!read.ok) failures.push({ code: read.code, description: read.description });
      else if (upload) {
        const { info } = read;
        const app = engine.store.edges.targets(upload, "app")[0];
        const bundleId = app && engine.store.get(app.type, app.id)?.attributes.bundleId;
        if (info.shortVersion !== upload.attributes.cfBundleShortVersionString)
          failures.push({ code: "BUNDLE_SHORT_VERSION_MISMATCH", description: `Info.plist has CFBundleShortVersionString '${info.shortVersion ?? ""}', the upload says '${String(upload.attributes.cfBundleShortVersionString)}'.` });
        if (info.version !== upload.attributes.cfBundleVersion)
          failures.push({ code: "BUNDLE_VERSION_MISMATCH", description: `Info.plist has CFBundleVersion '${info.version ?? ""}', the upload says '${String(upload.attributes.cfBundleVersion)}'.` });
        if (typeof bundleId === "string" && info.bundleId?.toLowerCase() !== bundleId.toLowerCase())
          failures.push({ code: "BUNDLE_ID_MISMATCH", description: `Info.plist has CFBundleIdentifier '${info.bundleId ?? ""}', the app's bundle ID is '${bundleId}'.` });
        if (info.minimumOsVersion) internal.minimumOsVersion = info.minimumOsVersion;
        if (info.usesNonExemptEncryption !== undefined) internal.usesNonExemptEncryption = info.usesNonExemptEncryption;
      }
      if (failures.length) internal.failures = failures;
    }
    engine.store.transaction(() => {
      data.update("buildUploadFiles", id, { attributes: { assetDeliveryState: deliveryStateValue("UPLOAD_COMPLETE"), sourceFileChecksums } });
      if (upload && isAsset) {
        data.update(upload.type, upload.id, { attributes: { state: uploadStateValue("PROCESSING"), uploadedDate: new Date(request.now).toISOString() }, internal: { ...internal } });
      }
    });
    return engine.documents.single(request, data.require("buildUploadFiles", id));
  };
}
