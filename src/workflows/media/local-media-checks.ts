import type { CheckItem } from "../checklist.js";
import { MAX_PREVIEW_SECONDS, MIN_PREVIEW_SECONDS } from "./display-types.js";
import { MediaValidationError } from "./media-errors.js";
import { PREVIEWS, SCREENSHOTS, type MediaKind } from "./media-kind.js";
import { validateLocalMedia, type LocalMediaSet } from "./validate-media.js";

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const seconds = (s: number) => `${s.toFixed(1)} s`;

/**
 * The preflight's check of local media files (`review check --media DIR`), with the validators
 * `screenshots upload` and `previews upload` run before sending anything: real file type, exact
 * pixel sizes per display type, preview duration (15–30 s, read from the video container) and
 * resolution, and the per-set limits. It exists because App Store Connect does not report a
 * preview's duration: for previews already uploaded, the API only tells whether processing FAILED.
 * One item per set (pass, or fail with every problem of the set), plus warnings. DIR is the same
 * folder (`<locale>/<TYPE>/<files>`) or manifest the upload commands take; it may hold either kind.
 */
export async function localMediaChecks(input: string): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  let found = 0;
  for (const kind of [SCREENSHOTS, PREVIEWS]) {
    try {
      const media = await validateLocalMedia(input, kind, { allowEmpty: true });
      found += media.sets.length;
      for (const set of media.sets) items.push(passItem(kind, set));
      for (const w of media.warnings) items.push({ id: `local.${kind.name}.${setKey(kind, w) ?? "files"}.warning`, status: "warn", message: `${w} (local file)`, fix: fixFor(kind) });
    } catch (error) {
      if (!(error instanceof MediaValidationError)) throw error;
      found++;
      const bySet = new Map<string, string[]>();
      for (const problem of error.associatedErrors) {
        const key = setKey(kind, problem) ?? "layout";
        bySet.set(key, [...(bySet.get(key) ?? []), problem]);
      }
      for (const [key, problems] of bySet) items.push({ id: `local.${kind.name}.${key}`, status: "fail", message: `${problems.join("; ")} (local file${problems.length === 1 ? "" : "s"})`, fix: fixFor(kind) });
    }
  }
  if (!found)
    items.push({
      id: "local.media",
      status: "fail",
      message: `${input} holds no screenshots or previews.`,
      fix: "Pass the folder you upload from (<locale>/<TYPE>/<files>, e.g. en-US/APP_IPHONE_67/01.png, en-US/IPHONE_67/preview.mp4) or its manifest.",
    });
  return items;
}

function passItem(kind: MediaKind, set: LocalMediaSet): CheckItem {
  const where = `${set.locale}/${set.type}`;
  const sizes = [...new Set(set.files.map((f) => `${f.width}×${f.height}`))].join(", ");
  const detail =
    kind === PREVIEWS
      ? `${set.files.map((f) => seconds(f.durationSeconds ?? 0)).join(", ")} long (${MIN_PREVIEW_SECONDS}–${MAX_PREVIEW_SECONDS} s), ${sizes}`
      : `${sizes}, an accepted ${set.type} size`;
  return { id: `local.${kind.name}.${where.replace("/", ".")}`, status: "pass", message: `${where}: ${count(set.files.length, `local ${kind.singular}`)}, ${detail}.` };
}

/** "en-US.IPHONE_67" for a problem about that set ("en-US/IPHONE_67/p.mp4: …", "en-US/IPHONE_67: 4 previews…"). */
function setKey(kind: MediaKind, line: string): string | undefined {
  const m = /^(?:[^:]+\.json: )?([^/\s:]+)\/([A-Z0-9_]+)[/:]/.exec(line);
  return m && kind.isSetType(m[2]!) ? `${m[1]}.${m[2]}` : undefined;
}

const fixFor = (kind: MediaKind) =>
  kind === PREVIEWS
    ? `Fix the video (${MIN_PREVIEW_SECONDS}–${MAX_PREVIEW_SECONDS} s, under 29.5 s to be safe; the preview type's resolution), then \`asckit previews upload DIR … --replace\`.`
    : "Export the screenshot again at an accepted size for its display type, then `asckit screenshots upload DIR … --replace`.";
