// The Payload of a component package is a cpio archive in the "odc" format (what pkgbuild writes),
// usually gzip-compressed. Read as a stream so a large payload never sits in memory.

/** Pulls exact byte counts out of a chunk stream. */
function byteReader(chunks: AsyncIterator<Buffer>) {
  let buffered: Buffer = Buffer.alloc(0);
  const fill = async (n: number) => {
    while (buffered.length < n) {
      const next = await chunks.next();
      if (next.done) return false;
      buffered = buffered.length ? Buffer.concat([buffered, next.value]) : next.value;
    }
    return true;
  };
  return {
    async read(n: number): Promise<Buffer | undefined> {
      if (!(await fill(n))) return undefined;
      const out = buffered.subarray(0, n);
      buffered = buffered.subarray(n);
      return out;
    },
    async skip(n: number): Promise<boolean> {
      while (n > 0) {
        if (!buffered.length && !(await fill(1))) return false;
        const take = Math.min(n, buffered.length);
        buffered = buffered.subarray(take);
        n -= take;
      }
      return true;
    },
  };
}

/**
 * The first member whose name satisfies `wanted`, or undefined (end of archive, or not odc cpio).
 * Members larger than `maxBytes` are skipped.
 */
export async function findInCpio(stream: AsyncIterable<Buffer>, wanted: (name: string) => boolean, maxBytes: number): Promise<{ name: string; bytes: Buffer } | undefined> {
  const reader = byteReader(stream[Symbol.asyncIterator]());
  for (;;) {
    const header = await reader.read(76);
    if (!header || header.toString("latin1", 0, 6) !== "070707") return undefined;
    const nameSize = parseInt(header.toString("latin1", 59, 65), 8);
    const fileSize = parseInt(header.toString("latin1", 65, 76), 8);
    if (!Number.isFinite(nameSize) || !Number.isFinite(fileSize)) return undefined;
    const nameBytes = await reader.read(nameSize);
    if (!nameBytes) return undefined;
    const name = nameBytes.toString("utf8").replace(/\0+$/, "");
    if (name === "TRAILER!!!") return undefined;
    if (wanted(name) && fileSize <= maxBytes) {
      const bytes = await reader.read(fileSize);
      return bytes ? { name, bytes: Buffer.from(bytes) } : undefined;
    }
    if (!(await reader.skip(fileSize))) return undefined;
  }
}
