import { AscApiError, buildPath, fileSource, resolveDocument, uploadOperations, type AscClient, type Resource, type UploadOperation } from "../../client/index.js";
import { AsckitError } from "../../errors/asckit-error.js";
import { retryOnceIfDead } from "../dead-reservation.js";
import { mapLimit } from "./map-limit.js";
import { MediaAssetError, MediaUploadError, MediaValidationError } from "./media-errors.js";
import { PREVIEWS, SCREENSHOTS, type MediaKind } from "./media-kind.js";
import { listSetAssets, loadLocalizationSets, remoteAsset, resolveVersionId, TERMINAL_STATES, type RemoteAsset, type VersionTarget } from "./media-target.js";
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

export type MediaAction = "uploaded" | "kept" | "deleted" | "would upload" | "would delete" | "would keep";

/** What happened to one asset. */
export interface MediaFileOutcome {
  locale: string;
  type: string;
  fileName: string;
  action: MediaAction;
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

export interface UploadMediaResult {
  kind: "screenshots" | "previews";
  versionId: string;
  dryRun: boolean;
  sets: MediaSetOutcome[];
  uploaded: number;
  kept: number;
  deleted: number;
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
  /** Remote assets that stay, in their current order. */
  keep: RemoteAsset[];
  /** Remote assets to delete, with the reason. */
  remove: Array<{ asset: RemoteAsset; why: string }>;
  /** Local files to upload, in folder order. */
  upload: LocalMediaFile[];
  /** Remote assets left alone that are not in the folder (without --replace). */
  others: RemoteAsset[];
}

const uncertain = (error: unknown) => error instanceof AsckitError && (error.category === "network" || error.category === "server");
const notFound = (error: unknown) => error instanceof AscApiError && error.status === 404;

/** Screenshots: `uploadMedia` over appScreenshotSets / appScreenshots. */
export const uploadScreenshots = (client: AscClient, options: UploadMediaOptions) => uploadMedia(client, SCREENSHOTS, options);
/** Previews: `uploadMedia` over appPreviewSets / appPreviews. */
export const uploadPreviews = (client: AscClient, options: UploadMediaOptions) => uploadMedia(client, PREVIEWS, options);

/**
 * Makes a version's screenshot or preview sets hold the local files, with Apple's asset protocol:
 * reserve → PUT the parts (pre-signed, no Authorization) → commit with the MD5 → wait for COMPLETE.
 *
 * Idempotent: files whose checksum is already in the set are not sent again; assets a killed run
 * left in AWAITING_UPLOAD are deleted and reserved anew, so a re-run never duplicates, and so is (once)
 * a reservation that dies during the run because its storage lost it or it expired. FAILED
 * assets are reported with Apple's code and left alone unless `retryFailed`; an asset still
 * processing at the timeout is reported as stuck, never re-uploaded. Within a set, reservations go
 * one after another so new assets land in folder order; files of different sets go in parallel.
 */
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
    const remote = setId ? await listSetAssets(client, kind, setId) : [];
    return planSet(local, loc.id, setId, remote, options);
  });

  const over = plans.flatMap((p) => {
    const total = p.keep.length + p.others.length + p.upload.length;
    return total > kind.maxPerSet
      ? [`${p.local.locale}/${p.local.type}: the set would hold ${total} ${kind.name} (${p.keep.length + p.others.length} already there, ${p.upload.length} new); Apple allows ${kind.maxPerSet}`]
      : [];
  });
  if (over.length) throw new MediaValidationError(`Too many ${kind.name}; nothing was changed`, over, "Use --replace to make each set match the folder exactly.");

  const result: UploadMediaResult = {
    kind: kind.name,
    versionId,
    dryRun: Boolean(options.dryRun),
    sets: [],
    uploaded: 0,
    kept: 0,
    deleted: 0,
    failed: [],
    stuck: [],
    warnings: [...media.warnings],
    notes: [...media.notes],
    runNotes: [],
  };

  if (options.dryRun) {
    for (const p of plans) result.sets.push(describePlan(p, options));
    result.uploaded = plans.reduce((a, p) => a + p.upload.length, 0);
    result.kept = plans.reduce((a, p) => a + p.keep.length, 0);
    result.deleted = plans.reduce((a, p) => a + p.remove.length, 0);
    return result;
  }

  // 1. Sets that do not exist yet.
  const created = new Set<SetPlan>();
  await mapLimit(plans, concurrency, async (p) => {
    if (p.setId) return;
    p.setId = await createSet(client, kind, p.localizationId, p.local.type);
    created.add(p);
  });

  // 2. Deletions first, so a set never goes over its limit in between.
  const removals = plans.flatMap((p) => p.remove.map((r) => r.asset));
  await mapLimit(removals, concurrency, (asset) => deleteAsset(client, kind, asset.id));
  result.deleted = removals.length;

  // 3. Uploads: files of all sets share one pool; reservations within a set stay in folder order.
  const tasks = interleave(plans.map((p) => p.upload.map((file) => ({ plan: p, file }))));
  const uploadedIds = new Map<LocalMediaFile, string>();
  const reserveChain = new Map<SetPlan, Promise<unknown>>();
  /** Sets where a file was reserved a second time: its new asset went to the end of the set. */
  const reservedAgain = new Set<SetPlan>();
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
      const previous = reserveChain.get(plan) ?? Promise.resolve();
      const reservation = previous.then(() => {
        if (failure !== undefined) throw failure;
        return reserveAsset(client, kind, plan.setId!, file);
      });
      reserveChain.set(plan, reservation.catch(() => undefined));
      let { id, operations } = await reservation;
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
      // data file, or past the reservation's time), so do it now, once, instead of stopping. Every
      // reservation here is this run's own.
      await retryOnceIfDead(sendAndCommit, {
        startOver: async (reason) => {
          if (failure !== undefined) throw failure; // another file failed already: stop, do not start over
          result.runNotes.push(`${plan.local.locale}/${plan.local.type}/${file.fileName}: the reservation of ${kind.singular} ${id} is no longer valid (${reason}); deleted it and reserved again.`);
          await deleteAsset(client, kind, id);
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

  // 4. With --replace, the set's order must be the folder's. Without it, a file reserved again
  //    (which landed at the end of its set) is put back among the new files in folder order.
  const reordered = new Set<SetPlan>();
  await mapLimit(plans, concurrency, async (p) => {
    let wanted: string[] | undefined;
    if (options.replace) {
      if (reservedAgain.has(p) || needsReorder(p, (f) => uploadedIds.get(f)!)) wanted = p.local.files.map((f) => p.keep.find((a) => a.checksum === f.md5)?.id ?? uploadedIds.get(f)!);
    } else if (reservedAgain.has(p)) {
      const current = (await listSetAssets(client, kind, p.setId!)).map((a) => a.id);
      const fresh = p.upload.map((f) => uploadedIds.get(f)!);
      let next = 0;
      wanted = current.map((id) => (fresh.includes(id) ? fresh[next++]! : id));
      if (wanted.join() === current.join()) wanted = undefined;
    }
    if (!wanted) return;
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
    p.local.files.forEach((file, index) => {
      const kept = p.keep.find((a) => a.checksum === file.md5);
      const id = kept?.id ?? uploadedIds.get(file)!;
      const state = finalState.get(id) ?? kept;
      outcome.files.push({
        locale: p.local.locale,
        type: p.local.type,
        fileName: file.fileName,
        action: kept ? "kept" : "uploaded",
        position: options.replace ? index + 1 : undefined,
        id,
        state: state?.state,
        ...(state?.errors.length ? { errors: state.errors } : {}),
        checksum: file.md5,
      });
    });
    for (const { asset } of p.remove) {
      outcome.files.push({ locale: p.local.locale, type: p.local.type, fileName: asset.fileName, action: "deleted", id: asset.id, state: asset.state, ...(asset.checksum ? { checksum: asset.checksum } : {}) });
    }
    if (!options.replace) {
      // Positions are only certain when the whole set is known: kept and others in order, then new.
      const order = [...p.keep, ...p.others].map((a) => a.id).concat(p.upload.map((f) => uploadedIds.get(f)!));
      for (const f of outcome.files) if (f.action !== "deleted" && f.id) f.position = order.indexOf(f.id) + 1 || undefined;
    }
    result.sets.push(outcome);
  }
  const files = result.sets.flatMap((s) => s.files).filter((f) => f.action !== "deleted");
  result.kept = files.filter((f) => f.action === "kept").length;
  result.failed = files.filter((f) => f.state === "FAILED");
  result.stuck = files.filter((f) => f.state !== undefined && !TERMINAL_STATES.has(f.state));
  return result;
}

function planSet(local: LocalMediaSet, localizationId: string, setId: string | undefined, remote: RemoteAsset[], options: UploadMediaOptions): SetPlan {
  const plan: SetPlan = { local, localizationId, setId, keep: [], remove: [], upload: [], others: [] };
  const wanted = new Set(local.files.map((f) => f.md5));
  const claimed = new Set<string>();
  for (const asset of remote) {
    if (asset.state === "AWAITING_UPLOAD") {
      // Reserved but never committed: an interrupted run. Its parts cannot be trusted; start over.
      plan.remove.push({ asset, why: "unfinished upload" });
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
  return plan;
}

function describePlan(p: SetPlan, options: UploadMediaOptions): MediaSetOutcome {
  const files: MediaFileOutcome[] = p.local.files.map((file, index) => {
    const kept = p.keep.find((a) => a.checksum === file.md5);
    return {
      locale: p.local.locale,
      type: p.local.type,
      fileName: file.fileName,
      action: kept ? "would keep" : "would upload",
      ...(options.replace ? { position: index + 1 } : {}),
      ...(kept ? { id: kept.id, state: kept.state, ...(kept.errors.length ? { errors: kept.errors } : {}) } : {}),
      checksum: file.md5,
    };
  });
  for (const { asset } of p.remove) files.push({ locale: p.local.locale, type: p.local.type, fileName: asset.fileName, action: "would delete", id: asset.id, state: asset.state });
  const reorder = Boolean(options.replace) && needsReorder(p, (f) => `new:${f.md5}`);
  return { locale: p.local.locale, type: p.local.type, ...(p.setId ? { setId: p.setId } : {}), createdSet: !p.setId, reordered: reorder, files };
}

/** After kept assets (in their order) come the new ones (in folder order): is that the folder's order? */
function needsReorder(p: SetPlan, newId: (file: LocalMediaFile) => string): boolean {
  const current = [...p.keep.map((a) => a.id), ...p.upload.map(newId)];
  const wanted = p.local.files.map((f) => p.keep.find((a) => a.checksum === f.md5)?.id ?? newId(f));
  return current.join() !== wanted.join();
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
