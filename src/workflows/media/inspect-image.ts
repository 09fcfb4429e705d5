import { imageSize } from "image-size";

export type ImageFormat = "png" | "jpeg";

export interface ImageFacts {
  /** What the bytes are, whatever the file is called; undefined when neither PNG nor JPEG. */
  format: ImageFormat | undefined;
  width: number;
  height: number;
  /** PNG colour types 4 and 6, or a tRNS chunk: Apple asks for RGB without transparency. */
  hasAlpha: boolean;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type from its magic bytes: never trust the extension. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 8 && Buffer.from(bytes.buffer, bytes.byteOffset, 8).equals(PNG_SIGNATURE)) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return undefined;
}

function pngHasAlpha(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const colorType = view[25];
  if (colorType === 4 || colorType === 6) return true;
  // A tRNS chunk before the image data makes a palette or RGB image transparent too.
  for (let offset = 8; offset + 8 <= view.length; ) {
    const length = view.readUInt32BE(offset);
    const type = view.toString("latin1", offset + 4, offset + 8);
    if (type === "tRNS") return true;
    if (type === "IDAT" || type === "IEND") return false;
    offset += 12 + length;
  }
  return false;
}

/** Format and pixel size from the file's own bytes (image-size reads the header only). */
export function inspectImage(bytes: Uint8Array): ImageFacts {
  const format = sniffImageFormat(bytes);
  if (!format) return { format, width: 0, height: 0, hasAlpha: false };
  try {
    const { width, height } = imageSize(bytes);
    return { format, width, height, hasAlpha: format === "png" && pngHasAlpha(bytes) };
  } catch {
    return { format: undefined, width: 0, height: 0, hasAlpha: false };
  }
}
