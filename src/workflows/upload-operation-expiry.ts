import type { UploadOperation } from "../client/index.js";

/**
 * When an upload operation stops being good, in epoch ms (NaN when it does not say): build uploads
 * carry `expiration`; media URLs carry a signed `Expires` (Unix seconds). One reading for builds
 * and media, so both decide "expired" the same way.
 */
export function operationExpiresAt(op: UploadOperation): number {
  const expiration = (op as { expiration?: unknown }).expiration;
  if (typeof expiration === "string") return Date.parse(expiration);
  try {
    const seconds = new URL(op.url).searchParams.get("Expires");
    return seconds === null ? Number.NaN : Number(seconds) * 1000;
  } catch {
    return Number.NaN;
  }
}
