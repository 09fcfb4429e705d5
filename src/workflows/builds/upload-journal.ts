import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * What an interrupted upload leaves behind so that a re-run continues it: which buildUpload and file
 * it reserved, for which bytes (MD5), and which parts the storage already acknowledged. The API
 * cannot say which parts arrived, so without a journal every part is sent again (storage accepts
 * re-sent parts until the commit).
 */
export interface UploadJournalEntry {
  buildUploadId: string;
  fileId: string;
  fileSize: number;
  md5: string;
  /** Offsets of the parts the storage answered with success. */
  partsDone: number[];
}

export interface UploadJournal {
  read(key: string): Promise<UploadJournalEntry | undefined>;
  write(key: string, entry: UploadJournalEntry): Promise<void>;
  remove(key: string): Promise<void>;
}

/** The journal key of one app, platform, version and build number. */
export const journalKey = (appId: string, platform: string, version: string, buildNumber: string) => `${appId}-${platform}-${version}-${buildNumber}`;

/** One small JSON file per upload in `dir` (the CLI uses `<config dir>/uploads`), replaced atomically. */
export function fileUploadJournal(dir: string): UploadJournal {
  const fileOf = (key: string) => path.join(dir, `${key.replace(/[^\w.-]/g, "_")}.json`);
  return {
    async read(key) {
      try {
        const entry = JSON.parse(await readFile(fileOf(key), "utf8")) as UploadJournalEntry;
        return typeof entry.buildUploadId === "string" && Array.isArray(entry.partsDone) ? entry : undefined;
      } catch {
        return undefined; // missing or unreadable: resume without it
      }
    },
    async write(key, entry) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const target = fileOf(key);
      const temp = `${target}.${randomBytes(4).toString("hex")}.tmp`;
      await writeFile(temp, JSON.stringify(entry), { mode: 0o600 });
      await rename(temp, target);
    },
    async remove(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}

export function memoryUploadJournal(): UploadJournal & { entries: Map<string, UploadJournalEntry> } {
  const entries = new Map<string, UploadJournalEntry>();
  return {
    entries,
    read: async (key) => (entries.has(key) ? structuredClone(entries.get(key)!) : undefined),
    write: async (key, entry) => void entries.set(key, structuredClone(entry)),
    remove: async (key) => void entries.delete(key),
  };
}
