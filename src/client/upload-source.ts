import { open } from "node:fs/promises";

/** Where upload parts come from: read `length` bytes at `offset`. */
export interface UploadSource {
  read(offset: number, length: number): Promise<Buffer>;
}

/** Reads parts from a file on demand, so a 4 GB build never sits in memory at once. */
export function fileSource(path: string): UploadSource {
  return {
    async read(offset, length) {
      const handle = await open(path, "r");
      try {
        const buffer = Buffer.alloc(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === length ? buffer : buffer.subarray(0, done);
      } finally {
        await handle.close();
      }
    },
  };
}

/** Serves parts from memory (small assets, tests). */
export function bufferSource(buf: Uint8Array): UploadSource {
  const whole = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return {
    read: async (offset, length) => whole.subarray(offset, offset + length),
  };
}
