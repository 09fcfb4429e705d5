import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { MediaKind } from "./media-kind.js";

/** One file to upload, as the folder or manifest names it. */
export interface LayoutFile {
  path: string;
  /** Where it came from, for messages: `en-US/APP_IPHONE_67/01.png`. */
  label: string;
  fileName: string;
  /** Previews only, from a manifest: the poster frame, e.g. "00:00:05:00". */
  previewFrameTimeCode?: string;
}

/** The files of one set (one locale, one display or preview type), in upload order. */
export interface LayoutSet {
  locale: string;
  type: string;
  files: LayoutFile[];
}

export interface MediaLayout {
  sets: LayoutSet[];
  /** Everything wrong with the layout itself; reported together with the file checks. */
  problems: string[];
  /** Things skipped on purpose (e.g. preview folders when uploading screenshots). */
  notes: string[];
}

// App Store locale codes: en-US, de-DE, zh-Hans, es-MX, fr-CA…
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const VIDEO = [".mp4", ".mov", ".m4v"];
const IMAGE = [".png", ".jpg", ".jpeg"];

/** "2.png" before "10.png": people number their screenshots without zero padding too. */
const byName = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true, sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads what to upload from either layout:
 * - a folder: `DIR/<locale>/<TYPE>/<files>`, e.g. `DIR/en-US/APP_IPHONE_67/01.png` or
 *   `DIR/en-US/IPHONE_67/preview.mp4`, uploaded in file-name order (numeric aware); hidden files are
 *   ignored and folders of the other media kind are skipped, so one folder can hold both;
 * - a manifest (`.json`): `{ "screenshots": { "<locale>": { "<TYPE>": ["path", …] } }, "previews": { … } }`,
 *   paths relative to the manifest; a preview entry may be `{ "file": "path", "previewFrameTimeCode": "00:00:05:00" }`.
 */
export interface LayoutOptions {
  /** Holding none of this kind is fine (a folder checked for both kinds may have only one). */
  allowEmpty?: boolean;
}

export async function readMediaLayout(input: string, kind: MediaKind, options: LayoutOptions = {}): Promise<MediaLayout> {
  const info = await stat(input).catch(() => undefined);
  if (!info) return { sets: [], problems: [`${input}: no such file or folder`], notes: [] };
  if (info.isFile()) return readManifest(input, kind, options);
  return readFolder(input, kind, options);
}

async function readFolder(root: string, kind: MediaKind, options: LayoutOptions): Promise<MediaLayout> {
  const layout: MediaLayout = { sets: [], problems: [], notes: [] };
  const visible = async (dir: string) => (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith(".")).sort((a, b) => byName(a.name, b.name));
  const other = kind.name === "screenshots" ? "previews" : "screenshots";
  for (const localeEntry of await visible(root)) {
    const ext = path.extname(localeEntry.name).toLowerCase();
    if (!localeEntry.isDirectory()) {
      if ([...IMAGE, ...VIDEO].includes(ext)) layout.problems.push(`${localeEntry.name}: media files go in <locale>/<type>/ folders, e.g. en-US/${kind.name === "screenshots" ? "APP_IPHONE_67" : "IPHONE_67"}/${localeEntry.name}`);
      continue;
    }
    const locale = localeEntry.name;
    if (!LOCALE.test(locale)) {
      layout.problems.push(`${locale}/: not a locale code (expected folders like en-US, de-DE, zh-Hans)`);
      continue;
    }
    for (const typeEntry of await visible(path.join(root, locale))) {
      const where = `${locale}/${typeEntry.name}`;
      if (!typeEntry.isDirectory()) {
        layout.problems.push(`${where}: expected a folder named by ${kind.name === "screenshots" ? "display type (e.g. APP_IPHONE_67)" : "preview type (e.g. IPHONE_67)"}`);
        continue;
      }
      if (kind.isOtherKindType(typeEntry.name)) {
        layout.notes.push(`${where}/ skipped: it holds ${other} (use \`asckit ${other} upload\`)`);
        continue;
      }
      if (!kind.isSetType(typeEntry.name)) {
        layout.problems.push(`${where}/: "${typeEntry.name}" is not a ${kind.name === "screenshots" ? "screenshot display type (e.g. APP_IPHONE_67, APP_IPAD_PRO_3GEN_129)" : "preview type (e.g. IPHONE_67, IPAD_PRO_3GEN_129)"}`);
        continue;
      }
      const files: LayoutFile[] = [];
      for (const fileEntry of await visible(path.join(root, locale, typeEntry.name))) {
        const label = `${where}/${fileEntry.name}`;
        if (!fileEntry.isFile()) {
          layout.problems.push(`${label}: unexpected folder`);
          continue;
        }
        files.push({ path: path.join(root, locale, typeEntry.name, fileEntry.name), label, fileName: fileEntry.name });
      }
      if (!files.length) layout.problems.push(`${where}/: no ${kind.name} in the folder`);
      else layout.sets.push({ locale, type: typeEntry.name, files });
    }
  }
  if (!layout.sets.length && !layout.problems.length && !options.allowEmpty) layout.problems.push(`${root}: no ${kind.name} found (expected <locale>/<type>/<file>, e.g. en-US/${kind.name === "screenshots" ? "APP_IPHONE_67/01.png" : "IPHONE_67/preview.mp4"})`);
  return layout;
}

async function readManifest(file: string, kind: MediaKind, options: LayoutOptions): Promise<MediaLayout> {
  const layout: MediaLayout = { sets: [], problems: [], notes: [] };
  const name = path.basename(file);
  if (path.extname(file).toLowerCase() !== ".json") {
    layout.problems.push(`${name}: expected a folder or a .json manifest`);
    return layout;
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    layout.problems.push(`${name}: not valid JSON (${(error as Error).message})`);
    return layout;
  }
  const section = isObject(manifest) ? manifest[kind.name] : undefined;
  if (section === undefined && isObject(manifest) && options.allowEmpty) return layout;
  if (!isObject(section)) {
    layout.problems.push(`${name}: no "${kind.name}" object ({ "${kind.name}": { "en-US": { "<TYPE>": ["file", …] } } })`);
    return layout;
  }
  const base = path.dirname(file);
  for (const [locale, types] of Object.entries(section)) {
    if (!LOCALE.test(locale)) layout.problems.push(`${name}: "${locale}" is not a locale code`);
    if (!isObject(types)) {
      layout.problems.push(`${name}: ${kind.name}.${locale} must be an object of types`);
      continue;
    }
    for (const [type, entries] of Object.entries(types)) {
      const where = `${locale}/${type}`;
      if (!kind.isSetType(type)) {
        layout.problems.push(`${name}: ${where}: "${type}" is not a ${kind.name === "screenshots" ? "screenshot display type" : "preview type"}`);
        continue;
      }
      if (!Array.isArray(entries) || !entries.length) {
        layout.problems.push(`${name}: ${where} must be a non-empty list of files`);
        continue;
      }
      const files: LayoutFile[] = [];
      for (const entry of entries) {
        const rel = typeof entry === "string" ? entry : isObject(entry) && typeof entry.file === "string" ? entry.file : undefined;
        if (!rel) {
          layout.problems.push(`${name}: ${where}: each entry is a path or { "file": path }`);
          continue;
        }
        const timeCode = isObject(entry) && typeof entry.previewFrameTimeCode === "string" ? entry.previewFrameTimeCode : undefined;
        files.push({ path: path.resolve(base, rel), label: `${where}/${rel}`, fileName: path.basename(rel), ...(timeCode ? { previewFrameTimeCode: timeCode } : {}) });
      }
      if (files.length) layout.sets.push({ locale, type, files });
    }
  }
  return layout;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
