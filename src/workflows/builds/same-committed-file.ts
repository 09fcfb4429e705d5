import type { AscClient, Resource } from "../../client/index.js";
import { listBuildUploadFiles } from "../../client/resources/build-uploads.js";
import { fileDigest } from "./file-md5.js";

export interface LocalPackage {
  path: string;
  fileSize: number;
  /** The file's MD5, computed at most once by the caller (it is needed for the commit anyway). */
  md5: () => Promise<string>;
  /** Stops the lookup and the hashing (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * The package file (ASSET) of a buildUpload when it was committed with exactly these bytes, else
 * undefined: the evidence that a build or upload holding this version and build number came from
 * this same file, so a re-run can report it instead of calling the number taken.
 *
 * The evidence is what App Store Connect recorded, not the local upload journal: GET
 * /v1/buildUploads/{id}/buildUploadFiles returns each file's `fileSize` (reserved) and
 * `sourceFileChecksums.file` ({hash, algorithm: MD5 | SHA_256}, sent with the commit and checked
 * against the bytes received, a mismatch failing the commit). The journal cannot serve: its entry is
 * removed once the commit succeeds, it lives on one machine (a CI re-run on a fresh runner has none),
 * and it records what this machine meant to send, not what was accepted. Same size and same digest of
 * the whole file is the same package. Anything less (no upload linked to the build, e.g. one sent by
 * Xcode or Transporter; no checksum recorded; an algorithm we do not know) proves nothing, and the
 * number stays taken: reporting someone else's binary as ours would be worse than a conflict.
 */
export async function sameCommittedFile(client: AscClient, buildUploadId: string, local: LocalPackage): Promise<Resource | undefined> {
  const files = await listBuildUploadFiles(client, buildUploadId, local.signal ? { signal: local.signal } : {});
  const asset = files.find((f) => f.attributes.assetType === "ASSET");
  if (!asset || Number(asset.attributes.fileSize) !== local.fileSize) return undefined;
  const recorded = (asset.attributes.sourceFileChecksums as { file?: { hash?: string; algorithm?: string } } | null | undefined)?.file;
  const algorithm = recorded?.algorithm === "MD5" ? "md5" : recorded?.algorithm === "SHA_256" ? "sha256" : undefined;
  if (!recorded?.hash || !algorithm) return undefined;
  const digest = algorithm === "md5" ? await local.md5() : await fileDigest(local.path, "sha256", local.signal ? { signal: local.signal } : {});
  return digest === recorded.hash.toLowerCase() ? asset : undefined;
}
