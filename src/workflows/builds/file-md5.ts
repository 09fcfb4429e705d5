import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** Stops a digest part-way (Ctrl-C): hashing a multi-GB package takes long enough to need it. */
export interface DigestOptions {
  onProgress?: (bytesDone: number) => void;
  signal?: AbortSignal;
}

/** MD5 (hex) of a file, streamed: the checksum Apple's commit step verifies. */
export function fileMd5(path: string, options: DigestOptions = {}): Promise<string> {
  return fileDigest(path, "md5", options);
}

/** A file's digest (hex), streamed: MD5 or SHA-256, the two ChecksumAlgorithm values a commit may carry. */
export async function fileDigest(path: string, algorithm: "md5" | "sha256", options: DigestOptions = {}): Promise<string> {
  const { onProgress, signal } = options;
  signal?.throwIfAborted();
  const hash = createHash(algorithm);
  let done = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, ...(signal ? { signal } : {}) })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onProgress?.(done);
  }
  return hash.digest("hex");
}
