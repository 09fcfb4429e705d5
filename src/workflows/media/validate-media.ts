import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import {
  MAX_PREVIEW_BYTES,
  MAX_PREVIEW_FPS,
  MAX_PREVIEW_SECONDS,
  MIN_PREVIEW_SECONDS,
  SAFE_PREVIEW_SECONDS,
  describeSizes,
  fitsSize,
  previewResolution,
  screenshotSizes,
  type PreviewType,
  type ScreenshotDisplayType,
} from "./display-types.js";
import { inspectImage, sniffImageFormat } from "./inspect-image.js";
import { fileReader, inspectVideo } from "./inspect-video.js";
import { mapLimit } from "./map-limit.js";
import { MediaValidationError } from "./media-errors.js";
import type { MediaKind } from "./media-kind.js";
import { readMediaLayout, type LayoutFile } from "./media-layout.js";

/** A local file that passed every check, with what the upload needs. */
export interface LocalMediaFile extends LayoutFile {
  fileSize: number;
  /** MD5 hex of the whole file: Apple's `sourceFileChecksum`. */
  md5: string;
  mimeType: string;
  width: number;
  height: number;
  durationSeconds?: number;
}

export interface LocalMediaSet {
  locale: string;
  type: string;
  files: LocalMediaFile[];
}

export interface LocalMedia {
  sets: LocalMediaSet[];
  /** Not fatal, worth reading (alpha channel, a preview close to 30 s, an unverified resolution). */
  warnings: string[];
  notes: string[];
}

const MIME: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".mp4": "video/mp4",
  ".m4v": "video/x-m4v",
  ".mov": "video/quicktime",
};

const seconds = (s: number) => `${s.toFixed(s % 1 ? 2 : 0)} s`;

async function md5OfFile(file: string): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

interface FileCheck {
  file?: LocalMediaFile;
  problems: string[];
  warnings: string[];
}

async function checkScreenshot(entry: LayoutFile, displayType: ScreenshotDisplayType): Promise<FileCheck> {
  const out: FileCheck = { problems: [], warnings: [] };
  const ext = path.extname(entry.fileName).toLowerCase();
  if (![".png", ".jpg", ".jpeg"].includes(ext)) {
    out.problems.push(`${entry.label}: unsupported file type "${ext || "(none)"}"; screenshots are .png, .jpg or .jpeg`);
    return out;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(entry.path);
  } catch (error) {
    out.problems.push(`${entry.label}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return out;
  }
  if (!bytes.length) {
    out.problems.push(`${entry.label}: the file is empty`);
    return out;
  }
  const facts = inspectImage(bytes);
  const claimed = ext === ".png" ? "png" : "jpeg";
  if (!facts.format) {
    out.problems.push(`${entry.label}: not a PNG or JPEG image (its first bytes are ${bytes.subarray(0, 4).toString("hex")})`);
    return out;
  }
  if (facts.format !== claimed) {
    out.problems.push(`${entry.label}: the file is really a ${facts.format.toUpperCase()}, not a ${claimed.toUpperCase()}; rename it to ${facts.format === "png" ? ".png" : ".jpg"} or export it again`);
    return out;
  }
  const sizes = screenshotSizes(displayType);
  if (!fitsSize(sizes, facts.width, facts.height)) {
    out.problems.push(`${entry.label}: ${facts.width}×${facts.height} is not a size for ${displayType} (accepted: ${describeSizes(sizes)})`);
  }
  if (facts.hasAlpha) out.warnings.push(`${entry.label}: has an alpha channel; Apple asks for RGB screenshots without transparency`);
  out.file = {
    ...entry,
    fileSize: bytes.length,
    md5: createHash("md5").update(bytes).digest("hex"),
    mimeType: MIME[ext]!,
    width: facts.width,
    height: facts.height,
  };
  return out;
}

async function checkPreview(entry: LayoutFile, previewType: PreviewType): Promise<FileCheck> {
  const out: FileCheck = { problems: [], warnings: [] };
  const ext = path.extname(entry.fileName).toLowerCase();
  if (![".mp4", ".mov", ".m4v"].includes(ext)) {
    out.problems.push(`${entry.label}: unsupported file type "${ext || "(none)"}"; previews are .mp4, .mov or .m4v`);
    return out;
  }
  const info = await stat(entry.path).catch(() => undefined);
  if (!info?.isFile()) {
    out.problems.push(`${entry.label}: cannot read the file`);
    return out;
  }
  if (!info.size) {
    out.problems.push(`${entry.label}: the file is empty`);
    return out;
  }
  if (info.size > MAX_PREVIEW_BYTES) {
    out.problems.push(`${entry.label}: ${(info.size / 1024 / 1024).toFixed(0)} MB is over Apple's 500 MB limit for previews`);
    return out;
  }
  const reader = await fileReader(entry.path);
  let facts;
  try {
    facts = await inspectVideo(reader);
    if (!facts.container) {
      const head = await reader.read(0, 8);
      const image = sniffImageFormat(head);
      out.problems.push(`${entry.label}: not an MP4/MOV video${image ? ` (it is a ${image.toUpperCase()} image)` : ""}`);
      return out;
    }
  } finally {
    await reader.close();
  }
  if (facts.error || facts.durationSeconds === undefined || !facts.width || !facts.height) {
    out.problems.push(`${entry.label}: cannot read the video (${facts.error ?? "no duration or size in the container"})`);
    return out;
  }
  const d = facts.durationSeconds;
  if (d < MIN_PREVIEW_SECONDS || d > MAX_PREVIEW_SECONDS) {
    out.problems.push(`${entry.label}: the video is ${seconds(d)} long; previews must be ${MIN_PREVIEW_SECONDS} to ${MAX_PREVIEW_SECONDS} seconds`);
  } else if (d > SAFE_PREVIEW_SECONDS) {
    out.warnings.push(`${entry.label}: ${seconds(d)} is close to the 30 s limit; Apple's rounding can push it over (keep it under ${SAFE_PREVIEW_SECONDS} s)`);
  }
  const resolution = previewResolution(previewType);
  if (resolution && !fitsSize(resolution.sizes, facts.width, facts.height)) {
    const line = `${entry.label}: ${facts.width}×${facts.height} is not the ${previewType} preview resolution (${describeSizes(resolution.sizes)})`;
    if (resolution.verified) out.problems.push(line);
    else out.warnings.push(`${line}; this resolution is not confirmed against Apple's page, so it is not enforced`);
  }
  if (facts.fps !== undefined && facts.fps > MAX_PREVIEW_FPS + 0.5) {
    out.problems.push(`${entry.label}: ${facts.fps.toFixed(1)} frames per second; previews are at most ${MAX_PREVIEW_FPS} fps`);
  }
  out.file = {
    ...entry,
    fileSize: info.size,
    md5: await md5OfFile(entry.path),
    mimeType: MIME[ext]!,
    width: facts.width,
    height: facts.height,
    durationSeconds: d,
  };
  return out;
}

/**
 * Reads the folder or manifest and checks every file before anything is sent: the real file type
 * (magic bytes, not the extension), exact pixel sizes for the display type, preview duration and
 * resolution from the video container, and the per-set limits. All problems are thrown together.
 */
export async function validateLocalMedia(input: string, kind: MediaKind, options: { concurrency?: number; allowEmpty?: boolean } = {}): Promise<LocalMedia> {
  const layout = await readMediaLayout(input, kind, { allowEmpty: options.allowEmpty });
  const problems = [...layout.problems];
  const warnings: string[] = [];
  const sets: LocalMediaSet[] = [];
  for (const set of layout.sets) {
    if (set.files.length > kind.maxPerSet) {
      problems.push(`${set.locale}/${set.type}: ${set.files.length} ${kind.name}; Apple allows at most ${kind.maxPerSet} per set`);
    }
    const checks = await mapLimit(set.files, options.concurrency ?? 8, (entry) =>
      kind.name === "screenshots" ? checkScreenshot(entry, set.type as ScreenshotDisplayType) : checkPreview(entry, set.type as PreviewType),
    );
    const files: LocalMediaFile[] = [];
    for (const check of checks) {
      problems.push(...check.problems);
      warnings.push(...check.warnings);
      if (!check.file) continue;
      const twin = files.find((f) => f.md5 === check.file!.md5);
      if (twin) problems.push(`${check.file.label}: same content as ${twin.label}; a set cannot hold the same ${kind.singular} twice`);
      else files.push(check.file);
    }
    sets.push({ locale: set.locale, type: set.type, files });
  }
  if (problems.length) {
    throw new MediaValidationError(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} with the ${kind.name}; nothing was uploaded`,
      problems,
      "Fix the files listed above and run the same command again.",
    );
  }
  return { sets, warnings, notes: layout.notes };
}
