import { buildPath, type AscClient, type Resource } from "../../client/index.js";
import type { CheckItem } from "../checklist.js";
import { MAX_PREVIEW_SECONDS, MIN_PREVIEW_SECONDS, describeSizes, fitsSize, isScreenshotDisplayType, screenshotSizes } from "./display-types.js";
import { mapLimit } from "./map-limit.js";
import { PREVIEWS, SCREENSHOTS, type MediaKind } from "./media-kind.js";
import { remoteAsset, type RemoteAsset } from "./media-target.js";

export interface MediaCheckOptions {
  versionId: string;
  /** The version's platform: IOS, MAC_OS, TV_OS or VISION_OS. */
  platform: string;
  /**
   * Whether the app runs on iPad, when the caller knows. The API does not say (device families live
   * in the binary), so when undefined an iPad set on any localization counts as "yes", and otherwise
   * the check is a warning rather than a failure.
   */
  supportsIpad?: boolean;
  /** iPad-only apps need no iPhone screenshots (default true for IOS). */
  supportsIphone?: boolean;
  /**
   * Names the version in fix hints, as `versionFlags` (command-flags.ts) builds it:
   * "--app com.example.app --version 1.2.0". Default "--version-id ID" (or "--version ID" for
   * `metadata apply`, which takes the version's id there), so a pasted command names this version.
   */
  versionFlag?: string;
  /** Local files are checked as well (`review check --media DIR`), so the checklist need not point there. */
  localFilesChecked?: boolean;
}

interface LocaleMedia {
  locale: string;
  screenshots: Map<string, RemoteAsset[]>;
  previews: Map<string, RemoteAsset[]>;
}

const IPAD_13 = ["APP_IPAD_PRO_3GEN_129", "APP_IPAD_PRO_129"];
const IPHONE = [
  { type: "APP_IPHONE_67", label: 'iPhone 6.9"' },
  { type: "APP_IPHONE_65", label: 'iPhone 6.5"' },
];
const PLATFORM_SETS: Record<string, { type: string; label: string }> = {
  MAC_OS: { type: "APP_DESKTOP", label: "Mac" },
  TV_OS: { type: "APP_APPLE_TV", label: "Apple TV" },
  VISION_OS: { type: "APP_APPLE_VISION_PRO", label: "Apple Vision Pro" },
};

async function setsWithAssets(client: AscClient, localizationId: string, kind: MediaKind): Promise<Map<string, RemoteAsset[]>> {
  const sets = await client.collect(`GET ${buildPath(`/v1/appStoreVersionLocalizations/{id}/${kind.localizationSets}`, { id: localizationId })}`, {
    query: {
      [`fields[${kind.setType}]`]: [kind.setTypeAttribute, kind.assetsRelationship],
      include: [kind.assetsRelationship],
      [`fields[${kind.assetType}]`]: [...kind.assetFields],
      [`limit[${kind.assetsRelationship}]`]: 50,
    },
  });
  const out = new Map<string, RemoteAsset[]>();
  for (const set of sets) {
    const related = set.related[kind.assetsRelationship];
    out.set(String(set.attributes[kind.setTypeAttribute]), (Array.isArray(related) ? related : []).map((r: Resource) => remoteAsset(r, kind)));
  }
  return out;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The media part of the App Store preflight, per localization: screenshots for the display types
 * Apple requires (iPhone 6.9", or 6.5" as the fallback; iPad 13" for iPad apps; the platform's own
 * set on Mac, TV and Vision), every asset COMPLETE at an exact size, at most 10 screenshots and
 * 3 previews per set, and previews processed. Preview durations are not in the API: the upload
 * checks them from the file, a preview that Apple's processing refused is FAILED here with Apple's
 * code, and `review check --media DIR` (local-media-checks.ts) checks local files; nothing more
 * can be known about a preview uploaded by other means.
 * Requests: one for the localizations, then two per localization.
 */
export async function mediaChecks(client: AscClient, options: MediaCheckOptions): Promise<CheckItem[]> {
  const flag = options.versionFlag ?? `--version-id ${options.versionId}`;
  const metadataFlag = options.versionFlag ?? `--version ${options.versionId}`;
  const localizations = await client.collect(`GET ${buildPath("/v1/appStoreVersions/{id}/appStoreVersionLocalizations", { id: options.versionId })}`, {
    query: { "fields[appStoreVersionLocalizations]": ["locale"] },
  });
  if (!localizations.length) {
    return [
      {
        id: "media.localizations",
        status: "fail",
        message: "The version has no localizations, so it has no screenshots.",
        fix: `Add a localization: write DIR/<locale>.json (e.g. DIR/en-US.json; \`asckit metadata pull DIR ${metadataFlag}\` writes the layout) and run \`asckit metadata apply DIR ${metadataFlag}\`; then put screenshots in MEDIA/<locale>/<display type>/ and run \`asckit screenshots upload MEDIA ${flag}\`.`,
      },
    ];
  }
  const locales: LocaleMedia[] = await mapLimit(localizations, 4, async (loc) => ({
    locale: String(loc.attributes.locale),
    screenshots: await setsWithAssets(client, loc.id, SCREENSHOTS),
    previews: await setsWithAssets(client, loc.id, PREVIEWS),
  }));
  locales.sort((a, b) => a.locale.localeCompare(b.locale));

  const items: CheckItem[] = [];
  const hasAssets = (m: LocaleMedia, type: string) => (m.screenshots.get(type)?.length ?? 0) > 0;
  const anyIpad = locales.some((m) => [...m.screenshots.keys()].some((t) => t.startsWith("APP_IPAD")));
  const needsIpad = options.platform === "IOS" && (options.supportsIpad ?? anyIpad);
  const needsIphone = options.platform === "IOS" && (options.supportsIphone ?? true);
  const upload = (locale: string, type: string) =>
    `Put ${isScreenshotDisplayType(type) ? describeSizes(screenshotSizes(type)) : ""} images in DIR/${locale}/${type}/ and run \`asckit screenshots upload DIR ${flag}\`.`;

  for (const m of locales) {
    if (needsIphone) {
      const present = IPHONE.find((t) => hasAssets(m, t.type));
      items.push(
        present
          ? { id: `screenshots.${m.locale}.iphone`, status: "pass", message: `${m.locale}: ${count(m.screenshots.get(present.type)!.length, `${present.label} screenshot`)} (${present.type})` }
          : { id: `screenshots.${m.locale}.iphone`, status: "fail", message: `${m.locale}: no iPhone 6.9" (APP_IPHONE_67) or 6.5" (APP_IPHONE_65) screenshots`, fix: upload(m.locale, "APP_IPHONE_67") },
      );
    }
    if (needsIpad) {
      const present = IPAD_13.find((t) => hasAssets(m, t));
      items.push(
        present
          ? { id: `screenshots.${m.locale}.ipad`, status: "pass", message: `${m.locale}: ${count(m.screenshots.get(present)!.length, 'iPad 13" screenshot')} (${present})` }
          : { id: `screenshots.${m.locale}.ipad`, status: "fail", message: `${m.locale}: no iPad 13" (APP_IPAD_PRO_3GEN_129) screenshots, which iPad apps need`, fix: upload(m.locale, "APP_IPAD_PRO_3GEN_129") },
      );
    }
    const own = PLATFORM_SETS[options.platform];
    if (own) {
      items.push(
        hasAssets(m, own.type)
          ? { id: `screenshots.${m.locale}.${own.type}`, status: "pass", message: `${m.locale}: ${count(m.screenshots.get(own.type)!.length, `${own.label} screenshot`)}` }
          : { id: `screenshots.${m.locale}.${own.type}`, status: "fail", message: `${m.locale}: no ${own.label} (${own.type}) screenshots`, fix: upload(m.locale, own.type) },
      );
    }
    const byType = (map: Map<string, RemoteAsset[]>) => [...map].sort(([a], [b]) => a.localeCompare(b));
    for (const [type, assets] of byType(m.screenshots)) items.push(setCheck(m.locale, type, assets, SCREENSHOTS, flag, options));
    for (const [type, assets] of byType(m.previews)) items.push(setCheck(m.locale, type, assets, PREVIEWS, flag, options));
  }
  if (options.platform === "IOS" && options.supportsIpad === undefined && !anyIpad) {
    items.push({
      id: "screenshots.ipad",
      status: "warn",
      message: "Whether the app runs on iPad is not visible through the API, and no localization has iPad screenshots.",
      fix: 'If the app supports iPad, upload iPad 13" screenshots (APP_IPAD_PRO_3GEN_129, 2064×2752 or 2048×2732).',
    });
  }
  return items;
}

/** One set: count, processing state and exact size of every asset. */
function setCheck(locale: string, type: string, assets: RemoteAsset[], kind: MediaKind, flag: string, options: MediaCheckOptions): CheckItem {
  const id = `${kind.name}.${locale}.${type}`;
  const where = `${locale}/${type}`;
  if (!assets.length) return { id, status: "warn", message: `${where}: empty ${kind.singular} set`, fix: `Upload ${kind.name} to it, or delete the set.` };
  const failures: string[] = [];
  const pending: string[] = [];
  if (assets.length > kind.maxPerSet) failures.push(`${assets.length} ${kind.name}, more than Apple's ${kind.maxPerSet}`);
  for (const a of assets) {
    const name = a.fileName || a.id;
    if (a.state === "FAILED") failures.push(`${name} FAILED (${a.errors.map((e) => (e.description ? `${e.code} — ${e.description}` : e.code)).join("; ") || "no code"})`);
    else if (a.state === "AWAITING_UPLOAD") failures.push(`${name} was reserved but never uploaded`);
    else if (a.state !== "COMPLETE") pending.push(`${name} is ${a.state}`);
    else if (kind.name === "screenshots" && isScreenshotDisplayType(type) && a.width !== undefined && a.height !== undefined && !fitsSize(screenshotSizes(type), a.width, a.height)) {
      failures.push(`${name} is ${a.width}×${a.height}, not a ${type} size (${describeSizes(screenshotSizes(type))})`);
    }
  }
  const noun = count(assets.length, kind.singular);
  if (failures.length) {
    const duration = assets.some((a) => a.errors.some((e) => /DURATION/.test(e.code)));
    return {
      id,
      status: "fail",
      message: `${where}: ${failures.join("; ")}`,
      fix: `${duration ? `Trim the video to ${MIN_PREVIEW_SECONDS}–${MAX_PREVIEW_SECONDS} s (under 29.5 s to be safe), then run` : "Fix the files and run"} \`asckit ${kind.name} upload DIR ${flag} --replace --retry-failed\`.`,
    };
  }
  if (pending.length) {
    return { id, status: "warn", message: `${where}: ${pending.join("; ")}`, fix: "Apple is still processing; check again in a few minutes." };
  }
  // The API reports no durations: say what is known, and where the rest can be checked.
  const extra =
    kind.name === "previews"
      ? ` (the API does not report durations; none FAILED processing, which is where Apple refuses one outside ${MIN_PREVIEW_SECONDS}–${MAX_PREVIEW_SECONDS} s${options.localFilesChecked ? "" : "; check the files with `asckit review check --media DIR`"})`
      : ", exact sizes";
  return { id, status: "pass", message: `${where}: ${noun}, all COMPLETE${extra}` };
}
