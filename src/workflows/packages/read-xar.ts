import { open, type FileHandle } from "node:fs/promises";
import { inflateSync, gunzipSync } from "node:zlib";
import { parseXml, childText, type XmlElement } from "./parse-xml.js";

// A macOS installer package (.pkg) is a xar archive: a 28-byte big-endian header, a zlib-compressed
// XML table of contents, then a heap of (possibly compressed) file data.

export interface XarFile {
  /** Path inside the archive, e.g. `Demo.pkg/PackageInfo`. */
  path: string;
  /** Absolute file offset of the stored data. */
  offset: number;
  /** Stored (compressed) length. */
  length: number;
  /** Extracted size. */
  size: number;
  /** `application/octet-stream` (stored) or `application/x-gzip` (zlib), as xar writes them. */
  encoding: string;
}

export class XarFormatError extends Error {}

const MAGIC = 0x78617221; // "xar!"

export interface XarArchive {
  files: XarFile[];
  /** The stored bytes of a file, extracted. */
  read(file: XarFile, maxBytes: number): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openXar(path: string): Promise<XarArchive> {
  const handle = await open(path, "r");
  try {
    const header = Buffer.alloc(28);
    const { bytesRead } = await handle.read(header, 0, 28, 0);
    if (bytesRead < 28 || header.readUInt32BE(0) !== MAGIC) throw new XarFormatError("no xar header");
    const headerSize = header.readUInt16BE(4);
    const tocCompressed = Number(header.readBigUInt64BE(8));
    if (tocCompressed <= 0 || tocCompressed > 64 * 1024 * 1024) throw new XarFormatError("implausible table of contents size");
    const toc = Buffer.alloc(tocCompressed);
    const tocRead = await handle.read(toc, 0, tocCompressed, headerSize);
    if (tocRead.bytesRead < tocCompressed) throw new XarFormatError("truncated table of contents");
    let xml: XmlElement;
    try {
      xml = parseXml(inflateSync(toc).toString("utf8"));
    } catch (error) {
      throw new XarFormatError(`unreadable table of contents (${error instanceof Error ? error.message : String(error)})`);
    }
    const heap = headerSize + tocCompressed;
    const files: XarFile[] = [];
    const walk = (element: XmlElement, prefix: string) => {
      for (const f of element.children.filter((c) => c.name === "file")) {
        const name = childText(f, "name") ?? "";
        const path = prefix ? `${prefix}/${name}` : name;
        const data = f.children.find((c) => c.name === "data");
        if (data) {
          files.push({
            path,
            offset: heap + Number(childText(data, "offset") ?? NaN),
            length: Number(childText(data, "length") ?? NaN),
            size: Number(childText(data, "size") ?? NaN),
            encoding: data.children.find((c) => c.name === "encoding")?.attributes.style ?? "application/octet-stream",
          });
        }
        walk(f, path);
      }
    };
    const tocElement = xml.children.find((c) => c.name === "xar")?.children.find((c) => c.name === "toc");
    if (!tocElement) throw new XarFormatError("the table of contents has no <toc>");
    walk(tocElement, "");
    return {
      files,
      read: (file, maxBytes) => readFile(handle, file, maxBytes),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function readFile(handle: FileHandle, file: XarFile, maxBytes: number): Promise<Buffer> {
  if (!Number.isFinite(file.offset) || !Number.isFinite(file.length) || file.length < 0) throw new XarFormatError(`bad data range for ${file.path}`);
  if (file.length > maxBytes || file.size > maxBytes) throw new XarFormatError(`${file.path} is larger than ${maxBytes} bytes`);
  const stored = Buffer.alloc(file.length);
  const { bytesRead } = await handle.read(stored, 0, file.length, file.offset);
  if (bytesRead < file.length) throw new XarFormatError(`${file.path} is truncated`);
  if (file.encoding === "application/octet-stream") return stored;
  if (file.encoding === "application/x-gzip") return stored[0] === 0x1f && stored[1] === 0x8b ? gunzipSync(stored) : inflateSync(stored);
  throw new XarFormatError(`${file.path} uses the ${file.encoding} encoding, which asckit does not read`);
}
