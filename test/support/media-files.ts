// Real media files for the screenshot and preview tests, generated at run time (no binary fixtures).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createMp4, type Mp4Options } from "../../src/workflows/media/mp4-writer.js";
import { createPng, paletteFor } from "../../src/workflows/media/png-writer.js";

/** Writes a PNG of exactly width×height at `root/rel`; `index` picks a distinct colour (so a distinct checksum). */
export function writePng(root: string, rel: string, width: number, height: number, index = 0, options: { alpha?: boolean } = {}): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, createPng({ width, height, ...paletteFor(index), ...options }));
  return file;
}

/** The smallest JPEG header image-size (and any decoder) reads a size from: SOI, JFIF APP0, SOF0, EOI. */
export function createJpegHeader(width: number, height: number): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xd9]);
}

export function writeJpeg(root: string, rel: string, width: number, height: number): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, createJpegHeader(width, height));
  return file;
}

export function writeMp4(root: string, rel: string, options: Mp4Options): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, createMp4(options));
  return file;
}

/** `count` valid APP_IPHONE_67 screenshots (1290×2796) named 01.png… under root/locale/APP_IPHONE_67. */
export function writeIphoneShots(root: string, locale: string, count: number, firstIndex = 0): string[] {
  return Array.from({ length: count }, (_, i) => writePng(root, `${locale}/APP_IPHONE_67/${String(i + 1).padStart(2, "0")}.png`, 1290, 2796, firstIndex + i));
}
