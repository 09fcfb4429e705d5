import { randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { ValidationError } from "../../errors/asckit-error.js";
import { shellWord } from "../shell-word.js";
import { listingError } from "./listing-rules.js";
import { LOCALE_FIELDS, REVIEW_FIELDS, VERSION_FIELDS, metadataProblems, type LocaleMetadata, type Metadata, type ReviewMetadata, type VersionMetadata } from "./metadata-model.js";

/**
 * The folder layout of `metadata pull|plan|apply`:
 *   DIR/<locale>.json   one per locale: app info (name, subtitle, privacy URLs) and the version's listing
 *   DIR/review.json     App Review contact, demo account and notes; the password as "env:NAME"
 *                       rather than its value (metadata-secrets.ts)
 *   DIR/version.json    copyright, release type and date
 * JSON with a fixed key order, so files diff cleanly in version control.
 */
export const REVIEW_FILE = "review.json";
export const VERSION_FILE = "version.json";

const names = { locale: (l: string) => `${l}.json`, review: REVIEW_FILE, version: VERSION_FILE };

/** Reads and validates a metadata folder. Every problem in every file is reported at once, before any request. */
export async function readMetadataDir(dir: string, options: { versionFlags?: string } = {}): Promise<Metadata> {
  // `versionFlags` (the --app/--version the user gave) make the suggested pull runnable as pasted.
  const pull = `\`asckit metadata pull ${shellWord(dir)}${options.versionFlags ? ` ${options.versionFlags}` : " --version <version>"}\``;
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new ValidationError(`Metadata folder "${dir}" does not exist.`, { category: "usage", hint: `Create it with ${pull}.` });
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith(".json")).map((e) => e.name).sort();
  if (!entries.length) throw new ValidationError(`No metadata files in "${dir}".`, { category: "usage", hint: `Expected <locale>.json files (e.g. en-US.json), review.json or version.json; ${pull} writes a starting point.` });
  const metadata: Metadata = { locales: {} };
  const problems: string[] = [];
  for (const name of entries) {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path.join(dir, name), "utf8"));
    } catch (error) {
      problems.push(`${name}: not valid JSON (${(error as Error).message})`);
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      problems.push(`${name}: must hold a JSON object`);
      continue;
    }
    if (name === REVIEW_FILE) metadata.review = value as ReviewMetadata;
    else if (name === VERSION_FILE) metadata.version = value as VersionMetadata;
    else metadata.locales[name.slice(0, -".json".length)] = value as LocaleMetadata;
  }
  problems.push(...metadataProblems(metadata, names));
  if (problems.length) throw listingError(problems);
  return metadata;
}

/** Writes a metadata folder (atomically per file), with every field present so the files show what can be set. */
export async function writeMetadataDir(dir: string, metadata: Metadata): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, keys: readonly string[], value: Record<string, unknown>) => {
    const ordered: Record<string, unknown> = {};
    for (const k of keys) ordered[k] = value[k] ?? (k === "demoAccountRequired" ? false : null);
    const file = path.join(dir, name);
    await writeAtomically(file, `${JSON.stringify(ordered, null, 2)}\n`);
    written.push(file);
  };
  for (const locale of Object.keys(metadata.locales).sort()) await put(names.locale(locale), LOCALE_FIELDS, metadata.locales[locale]!);
  if (metadata.review) await put(REVIEW_FILE, REVIEW_FIELDS, metadata.review);
  if (metadata.version) await put(VERSION_FILE, VERSION_FIELDS, metadata.version);
  return written;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString("hex")}.partial`);
  try {
    await writeFile(temp, text, { flag: "wx" });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
