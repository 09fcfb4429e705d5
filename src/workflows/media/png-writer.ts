import { deflateSync } from "node:zlib";

export interface PngOptions {
  width: number;
  height: number;
  /** Top colour as [r, g, b]; the image fades vertically to `bottom` (default: the same colour). */
  top: readonly [number, number, number];
  bottom?: readonly [number, number, number];
  /** Adds an alpha channel (colour type 6), which App Store screenshots must not have. */
  alpha?: boolean;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/**
 * A valid PNG of exactly `width`×`height`: a vertical gradient, one colour per row. Each row uses
 * PNG's "Sub" filter, so after its first pixel it is all zeros and a 1290×2796 screenshot deflates
 * in milliseconds to a few kilobytes.
 */
export function createPng(options: PngOptions): Buffer {
  const { width, height, top } = options;
  const bottom = options.bottom ?? top;
  const channels = options.alpha ? 4 : 3;
  const stride = 1 + width * channels;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const t = height > 1 ? y / (height - 1) : 0;
    const at = y * stride;
    raw[at] = 1; // filter: Sub
    for (let c = 0; c < 3; c++) raw[at + 1 + c] = Math.round(top[c]! + (bottom[c]! - top[c]!) * t);
    if (options.alpha) raw[at + 4] = 200;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = options.alpha ? 6 : 2; // RGBA or RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 6 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A distinct, pleasant colour pair for screenshot number `index` (so generated files differ in checksum). */
export function paletteFor(index: number): { top: [number, number, number]; bottom: [number, number, number] } {
  const hue = (index * 47) % 360;
  const rgb = (h: number, l: number): [number, number, number] => {
    const f = (n: number) => {
      const k = (n + h / 30) % 12;
      return Math.round(255 * (l - 0.45 * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
    };
    return [f(0), f(8), f(4)];
  };
  return { top: rgb(hue, 0.55), bottom: rgb((hue + 40) % 360, 0.3) };
}
