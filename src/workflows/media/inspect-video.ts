import { open } from "node:fs/promises";
import type { Movie } from "mp4box";

export interface VideoFacts {
  /** An ISO base media file (MP4, MOV, M4V) by its first box, whatever the file is called. */
  container: boolean;
  /** Movie duration in seconds from the container (mvhd, or mehd for fragmented files). */
  durationSeconds: number | undefined;
  /** Display size of the first video track (tkhd), else its coded size. */
  width: number | undefined;
  height: number | undefined;
  /** Frames per second of the first video track. */
  fps: number | undefined;
  codec: string | undefined;
  /** Why the file could not be read, when it could not. */
  error?: string;
}

/** Random access to a file's bytes. */
export interface ByteReader {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

// Top-level box types an ISO BMFF / QuickTime file can start with.
const FIRST_BOXES = new Set(["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot"]);

export function isIsoMedia(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  return FIRST_BOXES.has(Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1", 4, 8));
}

const CHUNK = 1024 * 1024;

/**
 * Reads duration, resolution and frame rate with mp4box, feeding it only what it asks for: it
 * skips over `mdat` by position, so a 500 MB preview costs a few small reads, not 500 MB of memory.
 */
export async function inspectVideo(reader: ByteReader): Promise<VideoFacts> {
  const empty: VideoFacts = { container: false, durationSeconds: undefined, width: undefined, height: undefined, fps: undefined, codec: undefined };
  const head = await reader.read(0, Math.min(16, reader.size));
  if (!isIsoMedia(head)) return empty;
  const { createFile, MP4BoxBuffer } = await import("mp4box");
  const file = createFile();
  let parseError: string | undefined;
  let info: Movie | undefined;
  file.onError = (module: string, message?: string) => void (parseError ??= `${module}: ${message ?? "unreadable"}`);
  file.onReady = (movie) => void (info = movie);
  let position = 0;
  try {
    while (!info && !parseError && position < reader.size) {
      const bytes = await reader.read(position, Math.min(CHUNK, reader.size - position));
      if (!bytes.length) break;
      const copy = new Uint8Array(bytes).buffer;
      const next = file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, position), position + bytes.length >= reader.size);
      position = next > position ? next : position + bytes.length;
    }
    if (!info) file.flush();
  } catch (error) {
    parseError ??= error instanceof Error ? error.message : String(error);
  }
  const facts: VideoFacts = { ...empty, container: true };
  if (!info) return { ...facts, error: parseError ?? "no movie header (moov) found" };
  const movie: Movie = info;
  const track = movie.videoTracks[0];
  let duration = movie.timescale ? movie.duration / movie.timescale : 0;
  if (!duration && movie.fragment_duration?.den) duration = movie.fragment_duration.num / movie.fragment_duration.den;
  if (!duration && track?.timescale) duration = track.duration / track.timescale;
  const trackSeconds = track?.timescale ? (track.samples_duration || track.duration) / track.timescale : 0;
  return {
    ...facts,
    durationSeconds: duration || undefined,
    width: track ? track.track_width || track.video?.width : undefined,
    height: track ? track.track_height || track.video?.height : undefined,
    fps: track && trackSeconds > 0 ? track.nb_samples / trackSeconds : undefined,
    codec: track?.codec,
    ...(track ? {} : { error: "no video track" }),
  };
}

/** A reader over a file on disk. */
export async function fileReader(path: string): Promise<ByteReader & { close(): Promise<void> }> {
  const handle = await open(path, "r");
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

export const bytesReader = (bytes: Uint8Array): ByteReader => ({
  size: bytes.byteLength,
  read: async (offset, length) => bytes.subarray(offset, offset + length),
});
