// Screenshots and app previews: local checks, Apple's asset upload protocol, listing and preflight.
export * from "./display-types.js";
export { inspectImage, sniffImageFormat, type ImageFacts, type ImageFormat } from "./inspect-image.js";
export { inspectVideo, fileReader, bytesReader, isIsoMedia, type VideoFacts, type ByteReader } from "./inspect-video.js";
export { MediaAssetError, MediaUploadError, MediaValidationError } from "./media-errors.js";
export { SCREENSHOTS, PREVIEWS, mediaKind, type MediaKind } from "./media-kind.js";
export { readMediaLayout, type LayoutFile, type LayoutSet, type MediaLayout } from "./media-layout.js";
export { resolveVersionId, loadLocalizationSets, listSetAssets, EDITABLE_VERSION_STATES, type VersionTarget, type RemoteAsset } from "./media-target.js";
export { validateLocalMedia, type LocalMedia, type LocalMediaFile, type LocalMediaSet } from "./validate-media.js";
export {
  uploadMedia,
  uploadScreenshots,
  uploadPreviews,
  assertMediaSettled,
  type UploadMediaOptions,
  type UploadMediaResult,
  type MediaFileOutcome,
  type MediaSetOutcome,
  type MediaProgress,
} from "./upload-media.js";
export { listMedia, type MediaRow } from "./list-media.js";
export { mediaChecks, type MediaCheckOptions } from "./media-preflight.js";
export { localMediaChecks } from "./local-media-checks.js";
export { createPng, paletteFor, type PngOptions } from "./png-writer.js";
export { createMp4, type Mp4Options } from "./mp4-writer.js";
