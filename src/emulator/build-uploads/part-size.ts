const KIB = 1024;
const MIB = 1024 * KIB;

/**
 * How the emulator splits a reserved build file into upload operations. Apple does not document its
 * part size; 5 MiB parts for large files, and at least ~8 parts (of no less than 64 KiB) for small
 * ones, so that parallel parts, per-part retries and resumption happen even with small test packages.
 */
export function partSizeFor(fileSize: number): number {
  return Math.min(5 * MIB, Math.max(64 * KIB, Math.ceil(fileSize / 8)));
}
