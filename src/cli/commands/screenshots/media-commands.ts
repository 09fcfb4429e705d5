// What `screenshots upload|list` and `previews upload|list` share: the same flags and output over two media kinds.
import path from "node:path";
import { ValidationError } from "../../../errors/asckit-error.js";
import { assertMediaInput } from "../../check-paths.js";
import type { CommandContext } from "../../context.js";
import type { UploadMediaResult } from "../../../workflows/media/upload-media.js";
import type { OptionSpec } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";
import { parsePollInterval } from "../../poll-interval.js";

type KindName = "screenshots" | "previews";

export const targetOptions: OptionSpec[] = [
  { flags: "--app <app>", description: "app id or exact bundle id (with --version, or alone for the app's one editable version)" },
  { flags: "--version <version>", description: "version string, e.g. 1.2.0" },
  { flags: "--version-id <id>", description: "App Store version id (instead of --app/--version)" },
  { flags: "--platform <platform>", description: "IOS, MAC_OS, TV_OS or VISION_OS", default: "IOS", choices: ["IOS", "MAC_OS", "TV_OS", "VISION_OS"] },
];

export const uploadOptions: OptionSpec[] = [
  ...targetOptions,
  { flags: "--replace", description: "make each set match the folder exactly: delete what is not in it and fix the order" },
  { flags: "--retry-failed", description: "delete assets that FAILED processing and upload their files again" },
  { flags: "--dry-run", description: "check the files and show the plan; send no writes" },
  { flags: "--concurrency <n>", description: "files (and parts per file) in flight at once, 1–16", default: "4" },
  { flags: "--timeout <duration>", description: "how long to wait for processing after the upload", default: "10m" },
  { flags: "--interval <duration>", description: "time between processing checks", default: "5s" },
];

const target = (opts: Record<string, unknown>) => ({
  ...(opts.versionId ? { versionId: String(opts.versionId) } : {}),
  ...(opts.version ? { version: String(opts.version) } : {}),
  ...(opts.app ? { app: String(opts.app) } : {}),
  platform: String(opts.platform ?? "IOS"),
});

function concurrencyOf(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new ValidationError(`--concurrency must be a whole number from 1 to 16, got "${String(value)}".`, { category: "usage", field: "--concurrency" });
  return n;
}

/** Validates every file before credentials or network, uploads, prints one row per file, then exits 9 for FAILED and 7 for stuck assets. */
export async function runMediaUpload(ctx: CommandContext, kindName: KindName, dir: string, opts: Record<string, unknown>): Promise<void> {
  const input = path.resolve(ctx.io.cwd, dir);
  // A path that is not there (or not readable) is a usage error (exit 2), as for every command's
  // paths; what is wrong inside it is a validation error (exit 8).
  assertMediaInput(input, "DIR");
  const timeoutMs = parseDuration(String(opts.timeout), "--timeout");
  const intervalMs = await parsePollInterval(ctx, opts.interval);
  const concurrency = concurrencyOf(opts.concurrency);
  if (!opts.versionId && !opts.app) throw new ValidationError("Say which version: --version-id ID, or --app APP [--version V].", { category: "usage", field: "--app" });
  const { mediaKind } = await import("../../../workflows/media/media-kind.js");
  const { validateLocalMedia } = await import("../../../workflows/media/validate-media.js");
  const { uploadMedia, assertMediaSettled } = await import("../../../workflows/media/upload-media.js");
  const kind = mediaKind(kindName);
  const media = await validateLocalMedia(input, kind);
  for (const note of media.notes) ctx.info(note);
  for (const warning of media.warnings) ctx.info(`warning: ${warning}`);
  const files = media.sets.reduce((a, s) => a + s.files.length, 0);
  const noun = files === 1 ? kind.singular : kindName;
  ctx.info(`${files} ${noun} in ${media.sets.length} set${media.sets.length === 1 ? "" : "s"} checked: types, sizes${kindName === "previews" ? ", durations" : ""} and limits are fine`);

  const client = await ctx.client();
  const progress = ctx.progress(kindName);
  const result = await uploadMedia(client, kind, {
    input,
    media,
    target: target(opts),
    replace: Boolean(opts.replace),
    retryFailed: Boolean(opts.retryFailed),
    dryRun: Boolean(opts.dryRun),
    concurrency,
    timeoutMs,
    intervalMs,
    now: ctx.io.now,
    sleep: ctx.io.sleep,
    onProgress: (p) => progress.update(p.done, p.total, p.phase === "upload" ? p.status : `processing: ${p.status}`),
  }).finally(() => progress.done());
  // The notes about the files were printed before the upload; these say what the run did.
  for (const note of result.runNotes) ctx.info(note);

  const rows = result.sets.flatMap((s) => s.files);
  if (ctx.format === "json") ctx.printRecord({ ...result });
  else
    ctx.printRows(rows, [
      { header: "locale", value: (r) => r.locale },
      { header: "type", value: (r) => r.type },
      { header: "pos", value: (r) => r.position },
      { header: "file", value: (r) => r.fileName },
      { header: "action", value: (r) => r.action },
      { header: "state", value: (r) => r.state },
      { header: "errors", value: (r) => (r.errors ?? []).map((e) => e.code).join(", ") },
      { header: "id", value: (r) => r.id },
    ]);
  ctx.info(summary(result, kind.singular));
  assertMediaSettled(result);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The stderr line after an upload: what was done, or (a dry run) what would be done, in words that say which. */
function summary(result: UploadMediaResult, singular: string): string {
  if (result.dryRun) {
    const sets = result.sets.filter((s) => s.wouldCreateSet).length;
    const reorder = result.sets.filter((s) => s.wouldReorder).length;
    const resume = result.wouldResume ? ` (${result.wouldResume} continuing an interrupted upload)` : "";
    const parts = [
      `upload ${plural(result.wouldUpload, singular)}${resume}`,
      `keep ${result.wouldKeep} already there`,
      `delete ${result.wouldDelete}`,
      ...(result.wouldDiscardReservations ? [`discard ${plural(result.wouldDiscardReservations, "unfinished reservation")} of an interrupted run`] : []),
      ...(sets ? [`create ${plural(sets, "set")}`] : []),
      ...(reorder ? [`reorder ${plural(reorder, "set")}`] : []),
    ];
    return `dry run (nothing changed): would ${parts.join(", ")} (version ${result.versionId})`;
  }
  const sets = result.sets.filter((s) => s.createdSet).length;
  const reordered = result.sets.filter((s) => s.reordered).length;
  const parts = [
    `${result.uploaded} uploaded${result.resumed ? ` (${result.resumed} continuing an interrupted upload)` : ""}`,
    `${result.kept} already there`,
    `${result.deleted} deleted`,
    ...(result.reservationsDiscarded ? [`${plural(result.reservationsDiscarded, "unfinished reservation")} of an interrupted run discarded`] : []),
    ...(sets ? [`${plural(sets, "set")} created`] : []),
    ...(reordered ? [`${reordered} reordered`] : []),
  ];
  return `${result.kind}: ${parts.join(", ")} (version ${result.versionId})`;
}

export async function runMediaList(ctx: CommandContext, kindName: KindName, opts: Record<string, unknown>): Promise<void> {
  if (!opts.versionId && !opts.app) throw new ValidationError("Say which version: --version-id ID, or --app APP [--version V].", { category: "usage", field: "--app" });
  const { mediaKind } = await import("../../../workflows/media/media-kind.js");
  const { listMedia } = await import("../../../workflows/media/list-media.js");
  const rows = await listMedia(await ctx.client(), mediaKind(kindName), { ...target(opts), ...(opts.locale ? { locale: String(opts.locale) } : {}) });
  ctx.printRows(rows, [
    { header: "locale", value: (r) => r.locale },
    { header: "type", value: (r) => r.type },
    { header: "pos", value: (r) => r.position },
    { header: "fileName", value: (r) => r.fileName },
    { header: "state", value: (r) => r.state },
    { header: "size", value: (r) => (r.width ? `${r.width}×${r.height}` : "") },
    { header: "errors", value: (r) => r.errors },
    { header: "id", value: (r) => r.id },
  ]);
}

/** The two layouts, for help text (see readMediaLayout). A folder may hold screenshots and previews side by side. */
export const LAYOUT_HELP = {
  screenshots: {
    folder: "./media/en-US/APP_IPHONE_67/01.png, 02.png … (one folder per locale and display type, file-name order)",
    manifest: 'manifest: {"screenshots": {"en-US": {"APP_IPHONE_67": ["shots/a.png", "shots/b.png"]}}}',
  },
  previews: {
    folder: "./media/en-US/IPHONE_67/preview.mp4 (one folder per locale and preview type)",
    manifest: 'manifest: {"previews": {"en-US": {"IPHONE_67": [{"file": "p.mp4", "previewFrameTimeCode": "00:00:05:00"}]}}}',
  },
};
