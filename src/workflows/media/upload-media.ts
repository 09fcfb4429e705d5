import { AscApiError, buildPath, fileSource, resolveDocument, uploadOperations, type AscClient, type Resource, type UploadOperation } from "../../client/index.js";
import { AsckitError } from "../../errors/asckit-error.js";
import { retryOnceIfDead } from "../dead-reservation.js";
import { mapLimit } from "./map-limit.js";
import { MediaAssetError, MediaUploadError, MediaValidationError } from "./media-errors.js";
import { PREVIEWS, SCREENSHOTS, type MediaKind } from "./media-kind.js";
import { listSetAssets, loadLocalizationSets, remoteAsset, resolveVersionId, TERMINAL_STATES, type RemoteAsset, type VersionTarget } from "./media-target.js";
import { whyNotContinued } from "./unfinished-reservation.js";
import { validateLocalMedia, type LocalMedia, type LocalMediaFile, type LocalMediaSet } from "./validate-media.js";

export interface UploadMediaOptions {
  /** A folder (`<locale>/<TYPE>/<files>`) or a `.json` manifest; see readMediaLayout. */
  input: string;
  target: VersionTarget;
  /** Make each set match the folder exactly: delete what is not in it, and fix the order. */
  replace?: boolean;
  /** Delete assets that ended FAILED and upload their files again (never done without asking). */
  retryFailed?: boolean;
  /** Read and plan, send no writes. */
  dryRun?: boolean;
  /** Files in flight at once, and parts in flight per file (default 4). */
  concurrency?: number;
  /** How long to wait for processing (COMPLETE or FAILED) after the last commit. */
  timeoutMs: number;
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** For the storage PUTs (default the global fetch). */
  fetch?: typeof fetch;
  /** Already validated files (the CLI checks them before it loads credentials). */
  media?: LocalMedia;
  onProgress?: (progress: MediaProgress) => void;
}

export interface MediaProgress {
  phase: "upload" | "process";
  /**
   * Bytes while uploading, of every file in the folder's sets: files already there count as done
   * from the start, and a file's bytes count in full only once it is committed (so `done === total`
   * means every file is in). Assets while processing.
   */
  done: number;
  total: number;
  /** Says what `done/total` counts: "6/6 screenshots: 4 uploaded, 2 already there", "1/2 processed". */
  status: string;
  /** Set on the event that follows a successful commit. */
  committed?: { locale: string; type: string; fileName: string };
}

/**
 * What happened to one asset, or (a dry run, "would …") what would. An interrupted run's reservation
 * (reserved, never committed) is told apart from the user's screenshots: continuing it is "resumed an
 * unfinished upload"; one that cannot be continued is deleted and the file reserved again ("replaced
 * an unfinished reservation", on the file's row); one that no file in the folder matches is "discarded
 * an unfinished reservation". "deleted" is only ever an asset that was in the set for real.
 */
export type MediaAction =
  | "uploaded"
  | "resumed an unfinished upload"
  | "replaced an unfinished reservation"
  | "kept"
  | "deleted"
  | "discarded an unfinished reservation"
  | "would upload"
  | "would resume an unfinished upload"
  | "would replace an unfinished reservation"
  | "would keep"
  | "would delete"
  | "would discard an unfinished reservation";

/** What happened to one asset. */
export interface MediaFileOutcome {
  locale: string;
  type: string;
  fileName: string;
  action: MediaAction;
  /** The unfinished reservation this file's upload continued or replaced (an interrupted run's). */
  reservationId?: string;
  /** Position in the set after the run (1-based), for files that stay. */
  position?: number;
  id?: string;
  /** Delivery state at the end: COMPLETE, FAILED, UPLOAD_COMPLETE (stuck)… */
  state?: string;
  errors?: Array<{ code: string; description: string }>;
  checksum?: string;
}

export interface MediaSetOutcome {
  locale: string;
  type: string;
  setId?: string;
  createdSet: boolean;
  reordered: boolean;
  files: MediaFileOutcome[];
}

/** A dry run's set: what a real run would do to it. */
export interface MediaSetPlan {
  locale: string;
  type: string;
  setId?: string;
  wouldCreateSet: boolean;
  wouldReorder: boolean;
  files: MediaFileOutcome[];
}

/** A real run: the counts say what was done. */
export interface UploadMediaDone extends UploadMediaCommon {
  dryRun: false;
  sets: MediaSetOutcome[];
  /** Files whose bytes this run sent and committed, resumed ones included. */
  uploaded: number;
  /** Of `uploaded`, files that continued the reservation an interrupted run left. */
  resumed: number;
  kept: number;
  /** Assets that were in the sets for real and were deleted (not in the folder with --replace, duplicates, FAILED ones retried). */
  deleted: number;
  /** Unfinished reservations of interrupted runs deleted: those that could not be continued, and those no file matches. */
  reservationsDiscarded: number;
}

/** A dry run: nothing was sent; the counts say what a real run would do, under names that say so. */
export interface UploadMediaPlan extends UploadMediaCommon {
  dryRun: true;
  sets: MediaSetPlan[];
  wouldUpload: number;
  wouldResume: number;
  wouldKeep: number;
  wouldDelete: number;
  wouldDiscardReservations: number;
}

export type UploadMediaResult = UploadMediaDone | UploadMediaPlan;

interface UploadMediaCommon {
  kind: "screenshots" | "previews";
  versionId: string;
  /** Assets in the folder's sets that are FAILED, with Apple's error codes. */
  failed: MediaFileOutcome[];
  /** Assets still not COMPLETE or FAILED when the wait ran out. */
  stuck: MediaFileOutcome[];
  warnings: string[];
  /** About the local files (e.g. a folder of the other media kind skipped), from their check. */
  notes: string[];
  /** What the run itself did besides the plan (e.g. a dead reservation deleted and made again). */
  runNotes: string[];
}

interface SetPlan {
  local: LocalMediaSet;
  localizationId: string;
  setId: string | undefined;
  /** The set's assets as read, in its order. */
  remoteOrder: string[];
  /** Remote assets that stay, in their current order. */
  keep: RemoteAsset[];
  /** Remote assets to delete, with the reason. */
  remove: Array<{ asset: RemoteAsset; why: string }>;
  /** Unfinished reservations of interrupted runs that no file to upload matches: deleted. */
  discard: RemoteAsset[];
  /** Local files to upload, in folder order (resumed and replacing ones included). */
  upload: LocalMediaFile[];
  /** Files whose unfinished reservation is continued: its parts sent again, then committed. */
  resume: Map<LocalMediaFile, RemoteAsset>;
  /** Files whose unfinished reservation cannot be continued: deleted first, then the file reserved anew. */
  replace: Map<LocalMediaFile, { asset: RemoteAsset; why: string }>;
  /** Remote assets left alone that are not in the folder (without --replace). */
  others: RemoteAsset[];
}

const uncertain = (error: unknown) => error instanceof AsckitError && (error.category === "network" || error.category === "server");
const notFound = (error: unknown) => error instanceof AscApiError && error.status === 404;

/** `uploadMedia` for one media kind: a dry run's result is a plan, a real run's says what was done. */
export interface UploadMediaOfKind {
  (client: AscClient, options: UploadMediaOptions & { dryRun: true }): Promise<UploadMediaPlan>;
  (client: AscClient, options: UploadMediaOptions & { dryRun?: false }): Promise<UploadMediaDone>;
  (client: AscClient, options: UploadMediaOptions): Promise<UploadMediaResult>;
}

/** Screenshots: `uploadMedia` over appScreenshotSets / appScreenshots. */
export const uploadScreenshots = ((client: AscClient, options: UploadMediaOptions) => uploadMedia(client, SCREENSHOTS, options)) as UploadMediaOfKind;
/** Previews: `uploadMedia` over appPreviewSets / appPreviews. */
export const uploadPreviews = ((client: AscClient, options: UploadMediaOptions) => uploadMedia(client, PREVIEWS, options)) as UploadMediaOfKind;

/**
 * Makes a version's screenshot or preview sets hold the local files, with Apple's asset protocol:
 * reserve → PUT the parts (pre-signed, no Authorization) → commit with the MD5 → wait for COMPLETE.
 *
 * Idempotent: files whose checksum is already in the set are not sent again. A reservation a killed
 * run left in AWAITING_UPLOAD for a file (same set, name and size) is continued: its parts are sent
 * again from the file and it is committed, so the file keeps its place in the set and a re-run makes
 * no second asset. One that cannot be continued (expired, no operations, another size) is deleted
 * and the file reserved anew, and so is (once) a reservation that dies during the run because its
 * storage lost it or it expired; one that no file matches is deleted. FAILED assets are reported
 * with Apple's code and left alone unless `retryFailed`; an asset still processing at the timeout
 * is reported as stuck, never re-uploaded. Within a set, reservations go one after another so new
 * assets land in folder order; files of different sets go in parallel.
 */
export function uploadMedia(client: AscClient, kind: MediaKind, options: UploadMediaOptions & { dryRun: true }): Promise<UploadMediaPlan>;
export function uploadMedia(client: AscClient, kind: MediaKind, options: UploadMediaOptions & { dryRun?: false }): Promise<UploadMediaDone>;
export function uploadMedia(client: AscClient, kind: MediaKind, options: UploadMediaOptions): Promise<UploadMediaResult>;
export async function uploadMedia(client: AscClient, kind: MediaKind, options: UploadMediaOptions): Promise<UploadMediaResult> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const media = options.media ?? (await validateLocalMedia(options.input, kind));
  const versionId = await resolveVersionId(client, options.target);
  const localizations = await loadLocalizationSets(client, versionId, kind);

  const missing = media.sets.map((s) => s.locale).filter((l, i, all) => !localizations.has(l) && all.indexOf(l) === i);
  if (missing.length) {
    throw new AsckitError(`The version has no localization for ${missing.join(", ")}.`, {
      category: "not_found",
      hint: `Add the locale to the version first (e.g. \`asckit metadata apply\`); it has ${[...localizations.keys()].join(", ") || "none"}.`,
    });
  }

  const plans = await mapLimit(media.sets, concurrency, async (local): Promise<SetPlan> => {
    const loc = localizations.get(local.locale)!;
    const setId = loc.sets.get(local.type);
    const remote = setId ? await listSetAssets(client, kind, setId, { operations: true }) : [];
    return planSet(local, loc.id, setId, remote, kind, options);
  });

  const over = plans.flatMap((p) => {
    const total = p.keep.length + p.others.length + p.upload.length;
    return total > kind.maxPerSet
      ? [`${p.local.locale}/${p.local.type}: the set would hold ${total} ${kind.name} (${p.keep.length + p.others.length} already there, ${p.upload.length} new); Apple allows ${kind.maxPerSet}`]
      : [];
  });
  if (over.length) throw new MediaValidationError(`Too many ${kind.name}; nothing was changed`, over, "Use --replace to make each set match the folder exactly.");

  const common = { kind: kind.name, versionId, failed: [], stuck: [], warnings: [...media.warnings], notes: [...media.notes], runNotes: [] };
  const sum = (count: (p: SetPlan) => number) => plans.reduce((a, p) => a + count(p), 0);
  if (options.dryRun) {
    return {
      ...common,
      dryRun: true,
      sets: plans.map((p) => describePlan(p, options)),
      wouldUpload: sum((p) => p.upload.length),
      wouldResume: sum((p) => p.resume.size),
      wouldKeep: sum((p) => p.keep.length),
      wouldDelete: sum((p) => p.remove.length),
      wouldDiscardReservations: sum((p) => p.discard.length + p.replace.size),
    };
  }
  const result: UploadMediaDone = { ...common, dryRun: false, sets: [], uploaded: 0, resumed: 0, kept: 0, deleted: 0, reservationsDiscarded: 0 };
  for (const p of plans) {
    for (const [file, { asset, why }] of p.replace) {
      result.runNotes.push(`${p.local.locale}/${p.local.type}/${file.fileName}: an interrupted run's reservation (${kind.singular} ${asset.id}) cannot be continued (${why}); replacing it.`);
    }
  }

  // 1. Sets that do not exist yet.
  const created = new Set<SetPlan>();
  await mapLimit(plans, concurrency, async (p) => {
    if (p.setId) return;
    p.setId = await createSet(client, kind, p.localizationId, p.local.type);
    created.add(p);
  });

  // 2. Deletions first, so a set never goes over its limit in between: assets that go, and the
  //    unfinished reservations that are not continued.
  const removals = plans.flatMap((p) => p.remove.map((r) => r.asset));
  const discarded = plans.flatMap((p) => [...p.discard, ...[...p.replace.values()].map((r) => r.asset)]);
  await mapLimit([...removals, ...discarded], concurrency, (asset) => deleteAsset(client, kind, asset.id));
  result.deleted = removals.length;
  result.reservationsDiscarded = discarded.length;

  // 3. Uploads: files of all sets share one pool; reservations within a set stay in folder order.
  const tasks = interleave(plans.map((p) => p.upload.map((file) => ({ plan: p, file }))));
  const uploadedIds = new Map<LocalMediaFile, string>();
  const reserveChain = new Map<SetPlan, Promise<unknown>>();
  /** Sets where a file was reserved a second time: its new asset went to the end of the set. */
  const reservedAgain = new Set<SetPlan>();
  /** Files whose interrupted run's reservation died when continued, and was replaced. */
  const replacedDuringRun = new Map<LocalMediaFile, string>();
  // The bar and its text count the same files: the folder's, those already there included. A file's
  // last byte counts only at its commit, so the bar never shows 100% while commits are pending.
  const keptFiles = plans.flatMap((p) => p.local.files.filter((f) => !p.upload.includes(f)));
  const allFiles = keptFiles.length + tasks.length;
  const keptBytes = keptFiles.reduce((a, f) => a + f.fileSize, 0);
  const totalBytes = keptBytes + tasks.reduce((a, t) => a + t.file.fileSize, 0);
  /** Bytes the storage acknowledged per file (for its current reservation). */
  const sent = new Map<LocalMediaFile, number>();
  const committedFiles = new Set<LocalMediaFile>();
  const doneBytes = () =>
    keptBytes + tasks.reduce((a, { file }) => a + (committedFiles.has(file) ? file.fileSize : Math.min(sent.get(file) ?? 0, Math.max(0, file.fileSize - 1))), 0);
  let failure: unknown;
  const report = (committed?: MediaProgress["committed"]) =>
    options.onProgress?.({
      phase: "upload",
      done: doneBytes(),
      total: totalBytes,
      status: `${keptFiles.length + committedFiles.size}/${allFiles} ${allFiles === 1 ? kind.singular : kind.name}: ${committedFiles.size} uploaded, ${keptFiles.length} already there`,
      ...(committed ? { committed } : {}),
    });
  if (tasks.length) report();
  await mapLimit(tasks, concurrency, async ({ plan, file }) => {
    if (failure !== undefined) return;
    try {
      // An interrupted run's reservation is continued as it is: no new reservation, its place kept.
      const earlier = plan.resume.get(file);
      let id: string;
      let operations: UploadOperation[];
      if (earlier) {
        id = earlier.id;
        operations = earlier.operations!;
      } else {
        const previous = reserveChain.get(plan) ?? Promise.resolve();
        const reservation = previous.then(() => {
          if (failure !== undefined) throw failure;
          return reserveAsset(client, kind, plan.setId!, file);
        });
        reserveChain.set(plan, reservation.catch(() => undefined));
        ({ id, operations } = await reservation);
      }
      uploadedIds.set(file, id);
      const sendAndCommit = async () => {
        await uploadOperations(operations, fileSource(file.path), {
          concurrency,
          now: options.now,
          sleep: options.sleep,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          onProgress: (done) => {
            sent.set(file, done);
            report();
          },
        });
        await commitAsset(client, kind, id, file);
      };
      // A re-run would delete a dead asset and reserve again (as after an emulator restart on its
      // data file, or past the reservation's time), so do it now, once, instead of stopping. A
      // continued reservation is an earlier run's, so an unreachable storage host condemns it too.
      await retryOnceIfDead(sendAndCommit, {
        reservedEarlier: earlier !== undefined,
        startOver: async (reason) => {
          if (failure !== undefined) throw failure; // another file failed already: stop, do not start over
          result.runNotes.push(`${plan.local.locale}/${plan.local.type}/${file.fileName}: the reservation of ${kind.singular} ${id} is no longer valid (${reason}); deleted it and reserved again.`);
          await deleteAsset(client, kind, id);
          if (earlier) {
            replacedDuringRun.set(file, earlier.id);
            result.reservationsDiscarded++;
          }
          sent.set(file, 0);
          ({ id, operations } = await reserveAsset(client, kind, plan.setId!, file));
          uploadedIds.set(file, id);
          reservedAgain.add(plan);
        },
      });
      committedFiles.add(file);
      report({ locale: plan.local.locale, type: plan.local.type, fileName: file.fileName });
    } catch (error) {
      failure ??= error;
    }
  });
  if (failure !== undefined) throw failure instanceof AsckitError ? new MediaUploadError(failure) : failure;
  result.uploaded = tasks.length;
  result.resumed = plans.reduce((a, p) => a + [...p.resume.keys()].filter((f) => !replacedDuringRun.has(f)).length, 0);

  // 4. With --replace, the set's order must be the folder's. Without it, the folder's uploaded files
  //    (a continued reservation keeps its old place; one reserved again landed at the end) are put in
  //    folder order among the places they hold. The set's order is known from the plan unless a
  //    reservation was made again during the run; then it is read.
  const reordered = new Set<SetPlan>();
  const finalOrder = new Map<SetPlan, string[]>();
  await mapLimit(plans, concurrency, async (p) => {
    const idOf = (f: LocalMediaFile) => uploadedIds.get(f)!;
    const current = reservedAgain.has(p) ? (await listSetAssets(client, kind, p.setId!)).map((a) => a.id) : expectedOrder(p, idOf);
    const wanted = wantedOrder(p, current, idOf, options);
    finalOrder.set(p, wanted);
    if (wanted.join() === current.join()) return;
    await client.request(`PATCH ${buildPath(`/v1/${kind.setType}/{id}/relationships/${kind.assetsRelationship}`, { id: p.setId! })}`, {
      body: { data: wanted.map((id) => ({ type: kind.assetType, id })) },
    });
    reordered.add(p);
  });

  // 5. Wait for processing of everything in the folder's sets that is not settled yet.
  const pendingIds = new Set<string>([...uploadedIds.values(), ...plans.flatMap((p) => p.keep.filter((a) => !TERMINAL_STATES.has(a.state)).map((a) => a.id))]);
  const finalState = await waitForAssets(client, kind, plans.filter((p) => p.setId), pendingIds, options);

  // 6. Report, per set, in folder order.
  for (const p of plans) {
    const outcome: MediaSetOutcome = { locale: p.local.locale, type: p.local.type, setId: p.setId, createdSet: created.has(p), reordered: reordered.has(p), files: [] };
    const order = finalOrder.get(p) ?? [];
    p.local.files.forEach((file) => {
      const kept = p.keep.find((a) => a.checksum === file.md5);
      const id = kept?.id ?? uploadedIds.get(file)!;
      const state = finalState.get(id) ?? kept;
      const replaced = replacedDuringRun.get(file) ?? p.replace.get(file)?.asset.id;
      const resumed = p.resume.get(file)?.id;
      outcome.files.push({
        locale: p.local.locale,
        type: p.local.type,
        fileName: file.fileName,
        action: kept ? "kept" : replaced ? "replaced an unfinished reservation" : resumed ? "resumed an unfinished upload" : "uploaded",
        ...(replaced || resumed ? { reservationId: replaced ?? resumed } : {}),
        position: order.indexOf(id) + 1 || undefined,
        id,
        state: state?.state,
        ...(state?.errors.length ? { errors: state.errors } : {}),
        checksum: file.md5,
      });
    });
    for (const { asset } of p.remove) {
      outcome.files.push({ locale: p.local.locale, type: p.local.type, fileName: asset.fileName, action: "deleted", id: asset.id, state: asset.state, ...(asset.checksum ? { checksum: asset.checksum } : {}) });
    }
    for (const asset of p.discard) {
      outcome.files.push({ locale: p.local.locale, type: p.local.type, fileName: asset.fileName, action: "discarded an unfinished reservation", id: asset.id, state: asset.state });
    }
    result.sets.push(outcome);
  }
  const files = result.sets.flatMap((s) => s.files).filter((f) => f.action !== "deleted" && f.action !== "discarded an unfinished reservation");
  result.kept = files.filter((f) => f.action === "kept").length;
  result.failed = files.filter((f) => f.state === "FAILED");
  result.stuck = files.filter((f) => f.state !== undefined && !TERMINAL_STATES.has(f.state));
  return result;
}

function planSet(local: LocalMediaSet, localizationId: string, setId: string | undefined, remote: RemoteAsset[], kind: MediaKind, options: UploadMediaOptions): SetPlan {
  const plan: SetPlan = { local, localizationId, setId, remoteOrder: remote.map((a) => a.id), keep: [], remove: [], discard: [], upload: [], resume: new Map(), replace: new Map(), others: [] };
  const wanted = new Set(local.files.map((f) => f.md5));
  const claimed = new Set<string>();
  const unfinished: RemoteAsset[] = [];
  for (const asset of remote) {
    if (asset.state === "AWAITING_UPLOAD") {
      // Reserved but never committed: an interrupted run's. Matched with the files to send below.
      unfinished.push(asset);
    } else if (asset.checksum && wanted.has(asset.checksum) && !claimed.has(asset.checksum)) {
      if (asset.state === "FAILED" && options.retryFailed) plan.remove.push({ asset, why: "failed; uploading again" });
      else {
        plan.keep.push(asset);
        claimed.add(asset.checksum);
      }
    } else if (options.replace) {
      plan.remove.push({ asset, why: asset.checksum && claimed.has(asset.checksum) ? "duplicate" : "not in the folder" });
    } else {
      plan.others.push(asset);
    }
  }
  plan.upload = local.files.filter((f) => !claimed.has(f.md5));
  // A file to send takes the first reservation of its name that can be continued; failing that,
  // the first of its name is replaced. The rest (other names, or a second one of a name) go.
  const now = options.now();
  const ofName = (f: LocalMediaFile) => unfinished.filter((a) => a.fileName === f.fileName);
  const taken = new Set<RemoteAsset>();
  for (const file of plan.upload) {
    const usable = ofName(file).find((a) => !taken.has(a) && whyNotContinued(a, file, kind, now) === undefined);
    if (usable) {
      plan.resume.set(file, usable);
      taken.add(usable);
    }
  }
  for (const file of plan.upload) {
    if (plan.resume.has(file)) continue;
    const stale = ofName(file).find((a) => !taken.has(a));
    if (!stale) continue;
    plan.replace.set(file, { asset: stale, why: whyNotContinued(stale, file, kind, now)! });
    taken.add(stale);
  }
  plan.discard = unfinished.filter((a) => !taken.has(a));
  return plan;
}

/**
 * The set's order once the uploads are in, when no reservation was made again: what was there (less
 * what was deleted; continued reservations in their places), then the new reservations in folder
 * order, as each set reserves one file after another.
 */
function expectedOrder(p: SetPlan, idOf: (file: LocalMediaFile) => string): string[] {
  const gone = new Set([...p.remove.map((r) => r.asset.id), ...p.discard.map((a) => a.id), ...[...p.replace.values()].map((r) => r.asset.id)]);
  return [...p.remoteOrder.filter((id) => !gone.has(id)), ...p.upload.filter((f) => !p.resume.has(f)).map(idOf)];
}

/**
 * The order to leave the set in: the folder's (--replace), or else `current` with the folder's
 * uploaded files put in folder order across the places they hold (kept and other assets stay put).
 */
function wantedOrder(p: SetPlan, current: string[], idOf: (file: LocalMediaFile) => string, options: UploadMediaOptions): string[] {
  if (options.replace) return p.local.files.map((f) => p.keep.find((a) => a.checksum === f.md5)?.id ?? idOf(f));
  const fresh = p.upload.map(idOf);
  const slots = new Set(fresh);
  let next = 0;
  return current.map((id) => (slots.has(id) ? fresh[next++]! : id));
}

function describePlan(p: SetPlan, options: UploadMediaOptions): MediaSetPlan {
  // Ids the files would have: a continued reservation's own, a placeholder for a new one.
  const idOf = (f: LocalMediaFile) => p.resume.get(f)?.id ?? `new:${f.md5}`;
  const current = expectedOrder(p, idOf);
  const wanted = wantedOrder(p, current, idOf, options);
  const files: MediaFileOutcome[] = p.local.files.map((file) => {
    const kept = p.keep.find((a) => a.checksum === file.md5);
    const resumed = p.resume.get(file);
    const replaced = p.replace.get(file)?.asset;
    const position = wanted.indexOf(kept?.id ?? idOf(file)) + 1;
    return {
      locale: p.local.locale,
      type: p.local.type,
      fileName: file.fileName,
      action: kept ? "would keep" : resumed ? "would resume an unfinished upload" : replaced ? "would replace an unfinished reservation" : "would upload",
      ...(resumed || replaced ? { reservationId: (resumed ?? replaced)!.id } : {}),
      ...(position ? { position } : {}),
      ...(kept ? { id: kept.id, state: kept.state, ...(kept.errors.length ? { errors: kept.errors } : {}) } : {}),
      ...(resumed ? { id: resumed.id, state: resumed.state } : {}),
      checksum: file.md5,
    };
  });
  for (const { asset } of p.remove) files.push({ locale: p.local.locale, type: p.local.type, fileName: asset.fileName, action: "would delete", id: asset.id, state: asset.state });
  for (const asset of p.discard) files.push({ locale: p.local.locale, type: p.local.type, fileName: asset.fileName, action: "would discard an unfinished reservation", id: asset.id, state: asset.state });
  return { locale: p.local.locale, type: p.local.type, ...(p.setId ? { setId: p.setId } : {}), wouldCreateSet: !p.setId, wouldReorder: wanted.join() !== current.join(), files };
}

/** Round-robin over the sets so every set's first file starts early and per-set reservation chains rarely wait. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

async function createSet(client: AscClient, kind: MediaKind, localizationId: string, type: string): Promise<string> {
  const body = {
    data: {
      type: kind.setType,
      attributes: { [kind.setTypeAttribute]: type },
      relationships: { appStoreVersionLocalization: { data: { type: "appStoreVersionLocalizations", id: localizationId } } },
    },
  };
  try {
    const res = await client.request(`POST /v1/${kind.setType}`, { body });
    return (resolveDocument(res.document).data as Resource).id;
  } catch (error) {
    if (!uncertain(error)) throw error;
    // The create may have happened: look before trying again.
    const found = await findSet(client, kind, localizationId, type);
    if (found) return found;
    const res = await client.request(`POST /v1/${kind.setType}`, { body });
    return (resolveDocument(res.document).data as Resource).id;
  }
}

async function findSet(client: AscClient, kind: MediaKind, localizationId: string, type: string): Promise<string | undefined> {
  const sets = await client.collect(`GET ${buildPath(`/v1/appStoreVersionLocalizations/{id}/${kind.localizationSets}`, { id: localizationId })}`, {
    query: { [`filter[${kind.setTypeAttribute}]`]: [type], [`fields[${kind.setType}]`]: [kind.setTypeAttribute] },
  });
  return sets.find((s) => s.attributes[kind.setTypeAttribute] === type)?.id;
}

async function deleteAsset(client: AscClient, kind: MediaKind, id: string): Promise<void> {
  const path = buildPath(`/v1/${kind.assetType}/{id}`, { id });
  try {
    await client.request(`DELETE ${path}`);
  } catch (error) {
    if (notFound(error)) return;
    if (!uncertain(error)) throw error;
    try {
      await client.request(`GET ${path}`, { query: { [`fields[${kind.assetType}]`]: ["fileName"] } });
    } catch (readError) {
      if (notFound(readError)) return; // the delete went through
      throw readError;
    }
    await client.request(`DELETE ${path}`);
  }
}

async function reserveAsset(client: AscClient, kind: MediaKind, setId: string, file: LocalMediaFile): Promise<{ id: string; operations: UploadOperation[] }> {
  const attributes: Record<string, unknown> = { fileName: file.fileName, fileSize: file.fileSize };
  if (kind.name === "previews") {
    attributes.mimeType = file.mimeType;
    if (file.previewFrameTimeCode) attributes.previewFrameTimeCode = file.previewFrameTimeCode;
  }
  const body = { data: { type: kind.assetType, attributes, relationships: { [kind.setRelationship]: { data: { type: kind.setType, id: setId } } } } };
  const send = async () => {
    const res = await client.request(`POST /v1/${kind.assetType}`, { body });
    const resource = resolveDocument(res.document).data as Resource;
    const operations = (resource.attributes.uploadOperations ?? []) as UploadOperation[];
    return { id: resource.id, operations };
  };
  try {
    return await send();
  } catch (error) {
    if (!uncertain(error)) throw error;
    // The reservation may exist without us knowing its id: remove any such orphan, then reserve once more.
    const orphans = (await listSetAssets(client, kind, setId)).filter((a) => a.state === "AWAITING_UPLOAD" && a.fileName === file.fileName && a.fileSize === file.fileSize);
    for (const orphan of orphans) await deleteAsset(client, kind, orphan.id);
    return send();
  }
}

async function commitAsset(client: AscClient, kind: MediaKind, id: string, file: LocalMediaFile): Promise<void> {
  const path = buildPath(`/v1/${kind.assetType}/{id}`, { id });
  const body = { data: { type: kind.assetType, id, attributes: { uploaded: true, sourceFileChecksum: file.md5 } } };
  try {
    await client.request(`PATCH ${path}`, { body });
  } catch (error) {
    if (!uncertain(error)) throw error;
    const res = await client.request(`GET ${path}`, { query: { [`fields[${kind.assetType}]`]: [...kind.assetFields] } });
    const asset = remoteAsset(resolveDocument(res.document).data as Resource, kind);
    if (asset.state !== "AWAITING_UPLOAD") return; // the commit went through
    await client.request(`PATCH ${path}`, { body });
  }
}

/** Polls each set that has unsettled assets (one request per set per round) until all are COMPLETE or FAILED, or the time is up. */
async function waitForAssets(
  client: AscClient,
  kind: MediaKind,
  plans: SetPlan[],
  pending: Set<string>,
  options: UploadMediaOptions,
): Promise<Map<string, RemoteAsset>> {
  const states = new Map<string, RemoteAsset>();
  if (!pending.size) return states;
  const total = pending.size;
  const started = options.now();
  let open = plans.filter((p) => p.keep.some((a) => pending.has(a.id)) || p.upload.length);
  options.onProgress?.({ phase: "process", done: 0, total, status: `0/${total} processed` });
  for (;;) {
    const rounds = await mapLimit(open, options.concurrency ?? 4, async (p) => listSetAssets(client, kind, p.setId!));
    rounds.flat().forEach((a) => states.set(a.id, a));
    const unsettled = [...pending].filter((id) => !TERMINAL_STATES.has(states.get(id)?.state ?? ""));
    const failed = [...pending].filter((id) => states.get(id)?.state === "FAILED").length;
    options.onProgress?.({ phase: "process", done: total - unsettled.length, total, status: `${total - unsettled.length}/${total} processed${failed ? `, ${failed} FAILED` : ""}` });
    if (!unsettled.length) return states;
    const elapsed = options.now() - started;
    if (elapsed >= options.timeoutMs) return states;
    open = open.filter((p, i) => rounds[i]!.some((a) => unsettled.includes(a.id)));
    await options.sleep(Math.min(options.intervalMs, options.timeoutMs - elapsed));
  }
}

/**
 * Throws when any asset did not end COMPLETE, naming every one in a single error: FAILED ones with
 * Apple's codes, then stuck ones (still processing at the timeout, not re-uploaded). A FAILED asset
 * needs a fix whatever else happened, so any failure makes it exit 9; stuck alone is a timeout (7).
 */
export function assertMediaSettled(result: UploadMediaResult): void {
  if (result.dryRun) return; // nothing was sent, so nothing can have failed or be stuck
  if (!result.failed.length && !result.stuck.length) return;
  const name = (f: MediaFileOutcome) => `${f.locale}/${f.type}/${f.fileName}`;
  const count = (n: number) => `${n} ${n === 1 ? result.kind.replace(/s$/, "") : result.kind}`;
  const failed = result.failed.map((f) => `${name(f)} (${f.id}): ${(f.errors ?? []).map((e) => `${e.code}${e.description ? ` — ${e.description}` : ""}`).join("; ") || "no error code given"}`);
  const stuck = result.stuck.map((f) => `${name(f)} (${f.id}): stuck in ${f.state}`);
  const parts = [
    ...(failed.length ? [`${count(failed.length)} FAILED processing at App Store Connect`] : []),
    ...(stuck.length ? [`${count(stuck.length)} still processing when the wait ended (stuck)`] : []),
  ];
  const hints = [
    ...(failed.length ? ["Fix the failed file, then run again with --retry-failed to delete the failed asset and upload it anew."] : []),
    ...(stuck.length
      ? [`Stuck ones were not uploaded again: check later with \`asckit ${result.kind} list\`, or re-run with a longer --timeout (re-running waits for them without uploading).`]
      : []),
  ];
  throw new MediaAssetError(parts.join("; "), failed.length ? "failed_state" : "timeout", [...failed, ...stuck], hints.join(" "));
}
