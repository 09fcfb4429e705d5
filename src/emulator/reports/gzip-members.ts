import { gzipSync } from "node:zlib";

/**
 * Compresses report text the way Apple's servers sometimes do: as several gzip members back to
 * back (the body is still one valid gzip stream to `gunzip`, but readers that stop after the first
 * member lose data). `members` > 1 cuts at line boundaries.
 */
export function gzipReport(text: string, members = 1): Buffer {
  if (members <= 1 || text.length < 2) return gzipSync(text);
  const parts: string[] = [];
  let start = 0;
  for (let i = 1; i < members; i++) {
    const target = Math.floor((text.length * i) / members);
    const cut = text.indexOf("\n", target);
    if (cut === -1 || cut + 1 >= text.length) break;
    parts.push(text.slice(start, cut + 1));
    start = cut + 1;
  }
  parts.push(text.slice(start));
  return Buffer.concat(parts.map((p) => gzipSync(p)));
}
