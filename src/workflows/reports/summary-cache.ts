import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomically } from "./write-file-atomically.js";

/**
 * A directory of small JSON files (one per report day, one per rates month). Writes are atomic, so
 * an interrupted run never leaves a half-written entry that a later run would trust.
 */
export interface SummaryCache {
  read<T>(key: string): Promise<T | undefined>;
  write(key: string, value: unknown): Promise<void>;
}

export function createSummaryCache(dir: string): SummaryCache {
  const file = (key: string) => path.join(dir, ...key.split("/").map((p) => p.replace(/[^A-Za-z0-9._-]/g, "_"))) + ".json";
  return {
    async read<T>(key: string) {
      try {
        return JSON.parse(await readFile(file(key), "utf8")) as T;
      } catch {
        return undefined;
      }
    },
    async write(key, value) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFileAtomically(target, [JSON.stringify(value)]);
    },
  };
}

/**
 * The cache key segment naming where cached reports came from: the server's host (readable in the
 * cache directory) and a short digest of its full base URL and the account. Vendor numbers are only
 * unique per server, and an emulator serves made-up reports for any vendor number, so without this
 * a rehearsal against the emulator would later be served as a real account's sales.
 *
 * `account` is the key's issuer ID (team keys) or key ID; it is hashed, never written out.
 */
export function reportCacheScope(baseUrl: string, account?: string): string {
  let host: string;
  try {
    host = new URL(baseUrl).host || "local";
  } catch {
    host = "unknown";
  }
  const digest = createHash("sha256").update(`${baseUrl.replace(/\/+$/, "")}\u0000${account ?? ""}`).digest("hex").slice(0, 12);
  // A file name on every platform: "127.0.0.1:4010" becomes "127.0.0.1_4010".
  return `${host.replace(/[^A-Za-z0-9.-]/g, "_")}-${digest}`;
}
