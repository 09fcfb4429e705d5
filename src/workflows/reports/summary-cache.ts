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
