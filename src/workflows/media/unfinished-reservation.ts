import { operationExpiresAt } from "../upload-operation-expiry.js";
import type { MediaKind } from "./media-kind.js";
import type { RemoteAsset } from "./media-target.js";
import type { LocalMediaFile } from "./validate-media.js";

/**
 * Uploads that would end within this margin are not started on an old reservation: the URLs could
 * expire half-way through, and a fresh reservation costs one request.
 */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * Why the reservation an interrupted run left for `file` (AWAITING_UPLOAD, same set and file name)
 * cannot simply be continued, or undefined when it can. Apple keeps a reservation's upload
 * operations valid for up to a week and lets parts be sent again until the commit, so continuing
 * means sending every part from the file as it is now and committing with its MD5: the asset then
 * holds these bytes, whatever the interrupted run had sent. That needs operations that cover the
 * file exactly and have not expired, and (previews) the same type and poster frame the reservation
 * was made with. An operation without a readable expiry is trusted; if the storage refuses it, the
 * upload starts over once (see retryOnceIfDead).
 */
export function whyNotContinued(asset: RemoteAsset, file: LocalMediaFile, kind: MediaKind, now: number): string | undefined {
  const operations = asset.operations ?? [];
  if (!operations.length) return "App Store Connect gave no upload operations for it";
  if (asset.fileSize !== file.fileSize || operations.reduce((sum, op) => sum + op.length, 0) !== file.fileSize) {
    return `it was reserved for ${asset.fileSize ?? "?"} bytes and the file now has ${file.fileSize}`;
  }
  if (operations.some((op) => operationExpiresAt(op) <= now + EXPIRY_MARGIN_MS)) return "its upload URLs have expired";
  if (kind.name === "previews") {
    if (asset.mimeType !== undefined && asset.mimeType !== file.mimeType) return `it was reserved as ${asset.mimeType}, the file is ${file.mimeType}`;
    if ((asset.previewFrameTimeCode ?? undefined) !== (file.previewFrameTimeCode ?? undefined)) return "it was reserved with another poster frame time code";
  }
  return undefined;
}
