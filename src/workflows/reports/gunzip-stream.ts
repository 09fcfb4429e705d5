import { Readable, pipeline } from "node:stream";
import { createGunzip } from "node:zlib";

/**
 * Decompresses a report body as it arrives. Apple's bodies may hold several gzip members one after
 * the other; zlib's Gunzip reads on into the next member, so nothing after the first is lost.
 * A body without the gzip magic (some eras sent plain TSV) passes through unchanged.
 */
export async function* gunzipStream(source: AsyncIterable<Uint8Array>, options: { onFormat?: (gzip: boolean) => void } = {}): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  // Gather the two magic bytes, even from a source that hands out one byte at a time.
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  if (head.length === 0) return;
  const rest: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => iterator };

  async function* all(): AsyncGenerator<Uint8Array> {
    yield head;
    yield* rest;
  }

  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  // Told before the first byte comes out, so a caller keeping the raw body knows what it holds.
  options.onFormat?.(gzip);
  if (gzip) {
    // Big chunks: each one is a round trip to the zlib thread, and the parser should not wait on it.
    const gunzip = createGunzip({ chunkSize: 64 * 1024 });
    // pipeline (not pipe) so a failing source — a dropped connection — fails the iteration too.
    pipeline(Readable.from(all(), { objectMode: false }), gunzip, () => {});
    for await (const chunk of gunzip) yield chunk as Buffer;
    return;
  }
  for await (const chunk of all()) yield Buffer.from(chunk);
}
