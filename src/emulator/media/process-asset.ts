import { imageSize } from "image-size";
import { createFile, MP4BoxBuffer, type Movie } from "mp4box";
import { fits, PREVIEW_SECONDS, PREVIEW_SIZES, SCREENSHOT_SIZES } from "./media-specs.js";

/** What Apple's processing of a committed file ends in. Error codes other than IMAGE_INCORRECT_DIMENSIONS are the emulator's own names. */
export interface ProcessingOutcome {
  state: "COMPLETE" | "FAILED";
  errors: Array<{ code: string; description: string }>;
  width?: number;
  height?: number;
}

const failed = (code: string, description: string, size: { width?: number; height?: number } = {}): ProcessingOutcome => ({
  state: "FAILED",
  errors: [{ code, description }],
  ...size,
});

/** Screenshots: a PNG or JPEG whose pixel size is one the set's display type accepts. */
export function processScreenshot(bytes: Buffer, displayType: string): ProcessingOutcome {
  let size: { width: number; height: number; type?: string };
  try {
    size = imageSize(bytes);
  } catch {
    return failed("IMAGE_INCORRECT_FORMAT", "The file is not an image App Store Connect can read (PNG or JPEG).");
  }
  if (size.type !== "png" && size.type !== "jpg") return failed("IMAGE_INCORRECT_FORMAT", `Screenshots must be PNG or JPEG, not ${size.type ?? "unknown"}.`);
  const { width, height } = size;
  if (!fits(SCREENSHOT_SIZES[displayType], width, height)) {
    return failed("IMAGE_INCORRECT_DIMENSIONS", `The dimensions of the screenshot (${width}x${height}) are wrong for ${displayType}.`, { width, height });
  }
  return { state: "COMPLETE", errors: [], width, height };
}

function readMovie(bytes: Buffer): Movie | undefined {
  const file = createFile();
  let movie: Movie | undefined;
  file.onError = () => undefined;
  file.onReady = (m) => void (movie = m);
  try {
    const copy = new Uint8Array(bytes).buffer;
    file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, 0), true);
    file.flush();
  } catch {
    return undefined;
  }
  return movie;
}

/** Previews: an MP4/MOV with a video track, 15–30 s long, at the preview type's resolution (where it is known). */
export function processPreview(bytes: Buffer, previewType: string): ProcessingOutcome {
  const movie = readMovie(bytes);
  const track = movie?.videoTracks[0];
  if (!movie || !track) return failed("VIDEO_INCORRECT_FORMAT", "The file is not a video App Store Connect can read (H.264 or ProRes in MP4/MOV).");
  let seconds = movie.timescale ? movie.duration / movie.timescale : 0;
  if (!seconds && movie.fragment_duration?.den) seconds = movie.fragment_duration.num / movie.fragment_duration.den;
  const width = track.track_width || track.video?.width || 0;
  const height = track.track_height || track.video?.height || 0;
  if (seconds < PREVIEW_SECONDS.min) return failed("VIDEO_DURATION_TOO_SHORT", `The app preview is ${seconds.toFixed(2)} seconds long; previews must be at least ${PREVIEW_SECONDS.min} seconds.`, { width, height });
  if (seconds > PREVIEW_SECONDS.max) return failed("VIDEO_DURATION_TOO_LONG", `The app preview is ${seconds.toFixed(2)} seconds long; previews must be at most ${PREVIEW_SECONDS.max} seconds.`, { width, height });
  if (!fits(PREVIEW_SIZES[previewType], width, height)) {
    return failed("VIDEO_INCORRECT_DIMENSIONS", `The app preview resolution (${width}x${height}) is wrong for ${previewType}.`, { width, height });
  }
  return { state: "COMPLETE", errors: [], width, height };
}
