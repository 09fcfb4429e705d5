import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** MD5 (hex) of a file, streamed: the checksum Apple's commit step verifies. */
export function fileMd5(path: string, onProgress?: (bytesDone: number) => void): Promise<string> {
  return fileDigest(path, "md5", onProgress);
}

/** A file's digest (hex), streamed: MD5 or SHA-256, the two ChecksumAlgorithm values a commit may carry. */
export async function fileDigest(path: string, algorithm: "md5" | "sha256", onProgress?: (bytesDone: number) => void): Promise<string> {
  const hash = createHash(algorithm);
  let done = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onProgress?.(done);
  }
  return hash.digest("hex");
}
