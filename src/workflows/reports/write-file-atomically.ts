import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Writes a stream to `file` through a temporary file in the same directory, renamed into place
 * only once everything was written and flushed. A failed download (network error, bad gzip,
 * integrity check) leaves no file behind and never half-overwrites an existing one.
 */
export async function writeFileAtomically(file: string, source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): Promise<{ bytes: number }> {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.partial`);
  const handle = await open(temp, "wx", 0o644);
  let bytes = 0;
  try {
    for await (const chunk of source) {
      const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset);
        offset += bytesWritten;
      }
      bytes += data.length;
    }
    await handle.sync();
    await handle.close();
    await rename(temp, file);
    return { bytes };
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
}
