import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** MD5 (hex) of a file, streamed: the checksum Apple's commit step verifies. */
export async function fileMd5(path: string, onProgress?: (bytesDone: number) => void): Promise<string> {
  const hash = createHash("md5");
  let done = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onProgress?.(done);
  }
  return hash.digest("hex");
}
