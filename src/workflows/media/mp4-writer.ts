export interface Mp4Options {
  width: number;
  height: number;
  /** Length of the video track. */
  durationSeconds: number;
  /** Frames per second (default 30, Apple's maximum for previews). */
  fps?: number;
  /** Bytes per frame (default 64); raise it to make a bigger file, e.g. to exercise multi-part uploads. */
  frameBytes?: number;
  /** Varies the frame bytes so two files of the same shape have different checksums. */
  seed?: number;
}

const u8 = (n: number) => Buffer.from([n & 0xff]);
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const zeros = (n: number) => Buffer.alloc(n);
const text = (s: string) => Buffer.from(s, "latin1");

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), text(type), body]);
}
const fullBox = (type: string, version: number, flags: number, ...payload: Buffer[]) =>
  box(type, u8(version), u8(flags >> 16), u16(flags & 0xffff), ...payload);

// Identity transform, as 16.16 / 2.30 fixed point.
const MATRIX = Buffer.concat([0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].map(u32));

// H.264 High profile, level 4.0 (what Apple asks for); parameter sets are placeholders: the
// container is what tools read for duration and size.
const SPS = Buffer.from([0x67, 0x64, 0x00, 0x28, 0xac, 0xd9, 0x40, 0x78, 0x02, 0x27, 0xe5, 0x84, 0x00]);
const PPS = Buffer.from([0x68, 0xeb, 0xe3, 0xcb, 0x22, 0xc0]);

/**
 * A small, structurally complete MP4 (ftyp, moov with one H.264 video track, mdat) whose container
 * says exactly `durationSeconds` at `width`×`height`. Players won't decode the frames, but every
 * box a parser reads for duration, resolution, frame count and codec is real and consistent,
 * which is what App Store preview checks look at before processing.
 */
export function createMp4(options: Mp4Options): Buffer {
  const { width, height, durationSeconds } = options;
  const fps = options.fps ?? 30;
  const frameBytes = options.frameBytes ?? 64;
  const timescale = fps * 1000;
  const totalTicks = Math.round(durationSeconds * timescale);
  const frameTicks = 1000;
  const fullFrames = Math.floor(totalTicks / frameTicks);
  const rest = totalTicks - fullFrames * frameTicks;
  const frames = fullFrames + (rest > 0 ? 1 : 0);
  const movieTimescale = 1000;
  const movieDuration = Math.round(durationSeconds * movieTimescale);

  const avcC = box("avcC", u8(1), u8(0x64), u8(0x00), u8(0x28), u8(0xff), u8(0xe1), u16(SPS.length), SPS, u8(1), u16(PPS.length), PPS);
  const avc1 = box(
    "avc1",
    zeros(6), u16(1), // reserved, data_reference_index
    zeros(16), // pre_defined, reserved
    u16(width), u16(height),
    u32(0x00480000), u32(0x00480000), // 72 dpi
    zeros(4), u16(1), // reserved, frame_count
    zeros(32), // compressorname
    u16(0x0018), u16(0xffff),
    avcC,
  );
  const stts = fullBox("stts", 0, 0, u32(rest > 0 ? 2 : 1), u32(fullFrames), u32(frameTicks), ...(rest > 0 ? [u32(1), u32(rest)] : []));
  const stsc = fullBox("stsc", 0, 0, u32(1), u32(1), u32(frames), u32(1));
  const stsz = fullBox("stsz", 0, 0, u32(frameBytes), u32(frames));

  const build = (chunkOffset: number) => {
    const stco = fullBox("stco", 0, 0, u32(1), u32(chunkOffset));
    const stbl = box("stbl", fullBox("stsd", 0, 0, u32(1), avc1), stts, stsc, stsz, stco);
    const minf = box("minf", fullBox("vmhd", 0, 1, zeros(8)), box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1))), stbl);
    const mdhd = fullBox("mdhd", 0, 0, u32(0), u32(0), u32(timescale), u32(totalTicks), u16(0x55c4), u16(0)); // language "und"
    const hdlr = fullBox("hdlr", 0, 0, u32(0), text("vide"), zeros(12), text("VideoHandler\0"));
    const tkhd = fullBox("tkhd", 0, 3, u32(0), u32(0), u32(1), u32(0), u32(movieDuration), zeros(8), u16(0), u16(0), u16(0), u16(0), MATRIX, u32(width * 65536), u32(height * 65536));
    const mvhd = fullBox("mvhd", 0, 0, u32(0), u32(0), u32(movieTimescale), u32(movieDuration), u32(0x00010000), u16(0x0100), zeros(10), MATRIX, zeros(24), u32(2));
    return Buffer.concat([
      box("ftyp", text("isom"), u32(512), text("isom"), text("iso2"), text("avc1"), text("mp41")),
      box("moov", mvhd, box("trak", tkhd, box("mdia", mdhd, hdlr, minf))),
    ]);
  };
  // The chunk offset points into mdat, after the header; its own size does not change the layout.
  const head = build(0);
  const header = build(head.length + 8);
  const payload = Buffer.alloc(frames * frameBytes);
  const seed = options.seed ?? 0;
  for (let i = 0; i < frames; i++) {
    // Each frame starts with a 4-byte NAL length and an IDR slice header byte, then filler.
    const at = i * frameBytes;
    if (frameBytes >= 5) {
      payload.writeUInt32BE(frameBytes - 4, at);
      payload[at + 4] = 0x65;
    }
    for (let j = at + 5; j < at + frameBytes; j += 97) payload[j] = (i + seed * 31 + j) & 0xff;
  }
  return Buffer.concat([header, u32(8 + payload.length), text("mdat"), payload]);
}
