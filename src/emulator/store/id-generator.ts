import { createHash } from "node:crypto";

/**
 * Id shapes Apple uses: apps (and in-app purchase products) have 10-digit numeric ids, the
 * provisioning resources 10-character upper-case alphanumerics, nearly everything else lowercase
 * UUIDs. Ids are derived from (seed, type, counter) so a run is reproducible.
 */
export type IdStyle = "numeric" | "alnum" | "uuid";

const NUMERIC_BASE: Record<string, number> = {
  apps: 6_450_000_000,
  inAppPurchases: 6_460_000_000,
  subscriptions: 6_470_000_000,
  subscriptionGroups: 2_140_000_000,
};

const ALNUM_TYPES = new Set(["bundleIds", "certificates", "devices", "profiles", "bundleIdCapabilities"]);

export function idStyleFor(type: string): IdStyle {
  if (type in NUMERIC_BASE) return "numeric";
  if (ALNUM_TYPES.has(type)) return "alnum";
  return "uuid";
}

export function deterministicId(seed: string, type: string, counter: number): string {
  const style = idStyleFor(type);
  if (style === "numeric") return String(NUMERIC_BASE[type]! + counter);
  const digest = createHash("sha256").update(`${seed}\u0000${type}\u0000${counter}`).digest();
  if (style === "alnum") {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    return Array.from(digest.subarray(0, 10), (b) => alphabet[b % alphabet.length]).join("");
  }
  const bytes = Buffer.from(digest.subarray(0, 16));
  // Mark as a version-4, RFC 4122 variant UUID so it looks like Apple's and passes UUID validators.
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
