import path from "node:path";
import type { AscClient, Resource, UploadOperation } from "../../client/index.js";
import { AscApiError, NetworkError, createSemaphore, fileSource, resolveDocument, uploadOperations } from "../../client/index.js";
import {
  commitBuildUploadFile,
  createBuildUpload,
  createBuildUploadFile,
  deleteBuildUpload,
  getBuildUpload,
  listBuildUploadFiles,
} from "../../client/resources/build-uploads.js";
import { AsckitError, FailedStateError, ValidationError } from "../../errors/asckit-error.js";
import { findApp } from "../apps.js";
import { retryOnceIfDead } from "../dead-reservation.js";
import { inspectPackage, type PackageInfo } from "../packages/index.js";
import { relatedId } from "../resource-view.js";
import { abortableSleep } from "./abortable-sleep.js";
import { buildSlotError, checkBuildSlot } from "./check-build-slot.js";
import { fileMd5 } from "./file-md5.js";
import { sameCommittedFile } from "./same-committed-file.js";
import { stateDetails } from "./state-details.js";
import { journalKey, type UploadJournal, type UploadJournalEntry } from "./upload-journal.js";
import { UploadInterruptedError } from "./upload-interrupted-error.js";
import { uploadState, usedBuildNumbers } from "./used-build-numbers.js";
import { VersionTrainClosedError } from "./version-train.js";
import { waitForUploadThenBuild } from "./wait-for-upload.js";
import { operationExpiresAt } from "../upload-operation-expiry.js";

export type UploadProgress =
  | { phase: "checksum"; bytesDone: number; bytesTotal: number }
  | { phase: "upload"; bytesDone: number; bytesTotal: number; partsDone: number; partsTotal: number }
  | { phase: "commit" }
  | { phase: "processing"; buildUploadId: string; uploadState: string; processingState: string | undefined; elapsedMs: number }
  | { phase: "note"; message: string };

export interface UploadBuildOptions {
  file: string;
  /** App id or exact bundle id; the package's own bundle id when omitted. */
  app?: string;
  /** The package, when the caller inspected it already. */
  info?: PackageInfo;
  /** Remembers acknowledged parts so an interrupted upload re-sends only the rest. */
  journal?: UploadJournal;
  /** Parts in flight at once (default 4). */
  concurrency?: number;
  /** Also wait until the upload is processed and its build is VALID. */
  wait?: boolean;
  /** Plan only: read state, write nothing. */
  dryRun?: boolean;
  timeoutMs?: number;
  intervalMs?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onProgress?: (progress: UploadProgress) => void;
  /** fetch for the storage PUTs (tests). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface UploadBuildResult {
  appId: string;
  bundleId: string;
  package: PackageInfo;
  /**
   * created: a new buildUpload; resumed: an interrupted one continued; uploaded: these bytes were
   * already committed, or are already a build (nothing to send). A dry run says what it would do:
   * "would create" or "would resume".
   */
  action: "created" | "resumed" | "uploaded" | "would create" | "would resume";
  dryRun: boolean;
  buildUploadId: string | undefined;
  uploadState: string | undefined;
  buildId: string | undefined;
  processingState: string | undefined;
  partsTotal: number;
  partsSent: number;
  /** Parts a previous run already delivered (from the journal). */
  partsSkipped: number;
  bytesSent: number;
  /** What a dry run would do. */
  plan: string[];
}

const UTI = { ipa: "com.apple.ipa", pkg: "com.apple.pkg" } as const;
/** Upload states after the commit. */
const COMMITTED = new Set(["PROCESSING", "COMPLETE"]);

/**
 * Uploads an .ipa or .pkg through Apple's Build Upload API: create the buildUpload, reserve the
 * file, PUT its parts in parallel (each retried alone, no Authorization header), commit with the
 * MD5, then optionally wait for the upload and the build to finish processing.
 *
 * Re-running after an interruption continues the same buildUpload (found by app, platform, version
 * and build number in AWAITING_UPLOAD) rather than creating a second one; the journal limits the
 * re-sent parts to those never acknowledged. Re-running after success finds the upload (or the build
 * it became) that these same bytes went into and reports it, waiting for it with `wait`; only a
 * different file with a taken number is a BuildNumberTakenError. Bytes are never sent for a version
 * whose train an approved App Store version closed (VersionTrainClosedError): processing would fail them. A POST that fails without an answer
 * is never replayed blindly: the state is read again and an upload that was created after all is
 * adopted.
 *
 * `signal` (Ctrl-C) stops every step that only reads: the lookups, the checksum, a dry run, part
 * uploads and the wait; each ends in UploadInterruptedError saying what was sent and how to resume.
 * The few writes (create, reserve, delete, commit) are never cut off half-way: the signal is checked
 * before them instead.
 */
export async function uploadBuild(client: AscClient, options: UploadBuildOptions): Promise<UploadBuildResult> {
  const stage: Stage = { writing: false, inFlight: undefined };
  try {
    return await runUpload(client, options, stage);
  } catch (error) {
    // A lookup or the checksum stopped by the signal ends with the signal's own abort error.
    if (options.signal?.aborted && !stage.writing && !(error instanceof UploadInterruptedError)) interruptedBefore(options.signal, stage.inFlight);
    throw error;
  }
}

/** How far uploadBuild got, for telling an interruption: writes started, and the buildUpload a re-run would continue. */
interface Stage {
  writing: boolean;
  inFlight: string | undefined;
}

async function runUpload(client: AscClient, options: UploadBuildOptions, stage: Stage): Promise<UploadBuildResult> {
  const info = options.info ?? (await inspectPackage(options.file));
  const progress = options.onProgress ?? (() => undefined);
  const note = (message: string) => progress({ phase: "note", message });
  const signal = options.signal;
  const reads = signal ? { signal } : {};
  const app = await findApp(client, options.app ?? info.bundleId, reads);
  const appBundleId = String(app.attributes.bundleId);
  if (appBundleId.toLowerCase() !== info.bundleId.toLowerCase()) {
    throw new ValidationError(`${options.file} is ${info.bundleId}, but app ${app.id} is ${appBundleId}.`, {
      field: "--app",
      hint: `Upload it to the app whose bundle id is ${info.bundleId}, or build the package with ${appBundleId}.`,
    });
  }
  const slot = await checkBuildSlot(client, { appId: app.id, marketingVersion: info.marketingVersion, buildNumber: info.buildNumber, platform: info.platform, ...reads });
  // A closed train outranks a taken build number: a higher marketing version frees both.
  const trainClosed = slot.train.open ? undefined : new VersionTrainClosedError(slot.train, { bundleId: appBundleId, marketingVersion: info.marketingVersion });
  const slotPackage = { bundleId: appBundleId, marketingVersion: info.marketingVersion, buildNumber: info.buildNumber };
  const result: UploadBuildResult = {
    appId: app.id,
    bundleId: appBundleId,
    package: info,
    action: "created",
    dryRun: Boolean(options.dryRun),
    buildUploadId: undefined,
    uploadState: undefined,
    buildId: undefined,
    processingState: undefined,
    partsTotal: 0,
    partsSent: 0,
    partsSkipped: 0,
    bytesSent: 0,
    plan: [],
  };
  const numbers = `${info.marketingVersion} (${info.buildNumber})`;
  // Hashed once, and only when needed: a number taken by another file's build fails before hashing.
  let hashing: Promise<string> | undefined;
  const md5Of = () => (hashing ??= fileMd5(options.file, { ...reads, onProgress: (bytesDone) => progress({ phase: "checksum", bytesDone, bytesTotal: info.fileSize }) }));
  const local = { path: options.file, fileSize: info.fileSize, md5: md5Of, ...reads };
  // Apple compares build numbers as numbers: "3.0" is build 3. A build wins over an upload of the number.
  const byBuild = slot.takenBy?.source === "build" ? slot.takenBy : undefined;
  // A build of this number made from these same bytes is an earlier run's success, not a conflict.
  if (byBuild && !(byBuild.upload && (await sameCommittedFile(client, byBuild.upload.id, local)))) throw trainClosed ?? buildSlotError(slot, slotPackage)!;
  let upload = byBuild ? byBuild.upload : slot.takenBy?.resource;
  stage.inFlight = upload?.id;
  // A new buildUpload must be numbered above every earlier one of the version (App Store Connect
  // refuses lower ones); an upload of this number already in flight is continued instead.
  if (!upload && trainClosed) throw trainClosed;
  if (!upload && slot.higherInUse) throw buildSlotError(slot, slotPackage)!;

  const md5 = await md5Of();
  const key = journalKey(app.id, info.platform, info.marketingVersion, info.buildNumber);
  let file: Resource | undefined;

  if (byBuild && upload) {
    const state = `${byBuild.state}${byBuild.resource.attributes.expired === true ? ", expired" : ""}`;
    Object.assign(result, { action: "uploaded", buildId: byBuild.id, processingState: byBuild.state });
    result.plan.push(`${numbers} is already uploaded as build ${byBuild.id} (${state}) from these bytes (buildUpload ${upload.id}); nothing to send.`);
    if (!options.dryRun) note(`${numbers} already uploaded as build ${byBuild.id} (${state}); nothing to send${options.wait ? ", waiting for it" : ""}.`);
  } else if (upload && COMMITTED.has(uploadState(upload))) {
    // Committed already: the same bytes mean an earlier run got this far; different bytes are a conflict.
    if (!(await sameCommittedFile(client, upload.id, local))) throw trainClosed ?? buildSlotError(slot, slotPackage)!;
    result.action = "uploaded";
    result.plan.push(`${numbers} was already uploaded with these bytes (buildUpload ${upload.id}, ${uploadState(upload)}); nothing to send.`);
    if (!options.dryRun) note(`${numbers} was already uploaded by an earlier run (buildUpload ${upload.id}, ${uploadState(upload)}); nothing to send${options.wait ? ", waiting for it" : ""}.`);
  } else if (upload) {
    // Resuming would send the rest of the bytes only for processing to fail them.
    if (trainClosed) throw trainClosed;
    const files = await listBuildUploadFiles(client, upload.id, reads);
    file = files.find((f) => f.attributes.assetType === "ASSET") ?? files[0];
    if (file && Number(file.attributes.fileSize) !== info.fileSize) {
      throw new AsckitError(`An upload of ${numbers} for ${appBundleId} is already in progress with a different file (${String(file.attributes.fileSize)} bytes; ${options.file} has ${info.fileSize}).`, {
        category: "conflict",
        hint: `Use the next build number, ${slot.nextBuildNumber}, or delete the abandoned upload with \`asckit api DELETE /v1/buildUploads/${upload.id}\`.`,
      });
    }
    const state = file ? deliveryState(file) : undefined;
    if (file && state !== "AWAITING_UPLOAD") {
      result.action = "uploaded";
      result.plan.push(`The file of buildUpload ${upload.id} is ${state}; nothing to send.`);
    } else if (file && expired(file, options.now())) {
      result.action = options.dryRun ? "would create" : "created";
      result.plan.push(`Delete buildUpload ${upload.id}: its upload URLs expired.`, `Create a new buildUpload for ${numbers} and reserve ${info.fileSize} bytes.`);
      if (!options.dryRun) {
        note(`The upload URLs of buildUpload ${upload.id} (${numbers}) have expired; deleting it and reserving again.`);
        interruptedBefore(signal, upload.id);
        stage.writing = true;
        await deleteBuildUpload(client, upload.id);
        stage.writing = false;
        stage.inFlight = undefined;
        await options.journal?.remove(key);
        upload = undefined;
        file = undefined;
      }
    } else {
      result.action = options.dryRun ? "would resume" : "resumed";
      result.plan.push(`Continue buildUpload ${upload.id} for ${numbers} (interrupted earlier).`);
      if (!file) result.plan.push(`Reserve ${info.fileSize} bytes for ${path.basename(options.file)}.`);
      if (!options.dryRun) note(`Continuing buildUpload ${upload.id} for ${numbers}, which an earlier run left unfinished.`);
    }
  } else {
    result.action = options.dryRun ? "would create" : "created";
    result.plan.push(`Create a buildUpload for ${appBundleId} ${numbers} (${info.platform}).`, `Reserve ${info.fileSize} bytes for ${path.basename(options.file)}, send the parts, commit with MD5 ${md5}.`);
  }
  if (options.wait) result.plan.push("Wait for the upload and the build to finish processing.");
  result.buildUploadId = upload?.id;
  result.uploadState = upload ? uploadState(upload) : undefined;
  // A Ctrl-C during the last lookup of a dry run stops it too, rather than printing a plan.
  interruptedBefore(signal, upload?.id);
  if (options.dryRun) return result;

  if (result.action !== "uploaded") {
    stage.writing = true;
    // Reserved by an earlier run: its operations may point at storage that is gone.
    const reservedEarlier = file !== undefined;
    upload ??= await adoptOrCreateUpload(client, app.id, info);
    result.buildUploadId = upload.id;
    file ??= await adoptOrReserveFile(client, upload.id, info, options.file);
    const send = () => sendParts({ options, info, md5, key, upload: upload!, file: file!, result, progress });
    // Only a failure while sending parts is told as "stopped with n of m parts"; one while starting
    // over (the delete, a new create or reservation) is thrown as it is, since there is no upload to continue.
    let startingOver = false;
    try {
      await retryOnceIfDead(send, {
        reservedEarlier,
        startOver: async (reason) => {
          startingOver = true;
          note(`The reservation of buildUpload ${upload!.id} is no longer valid (${reason}); deleting it and reserving again.`);
          await deleteBuildUpload(client, upload!.id);
          await options.journal?.remove(key);
          Object.assign(result, { action: "created", partsSent: 0, partsSkipped: 0, bytesSent: 0 });
          interruptedBefore(signal, undefined);
          upload = await adoptOrCreateUpload(client, app.id, info);
          result.buildUploadId = upload.id;
          file = await adoptOrReserveFile(client, upload.id, info, options.file);
          startingOver = false;
        },
      });
    } catch (error) {
      throw error instanceof UploadInterruptedError || startingOver ? error : partsStopped(error, result, result.buildUploadId!);
    }
    // Every part is there; a Ctrl-C now leaves the commit to the re-run, which finds nothing left to send.
    interruptedBefore(signal, upload.id);
    progress({ phase: "commit" });
    await commit(client, file, md5);
    await options.journal?.remove(key);
  }

  if (options.wait) {
    const done = await waitForBuildUpload(client, upload!.id, { ...options, appId: app.id, onProgress: progress }).catch((error: unknown) => {
      if (options.signal?.aborted) {
        throw new UploadInterruptedError(`stopped waiting: buildUpload ${upload!.id} is uploaded and processing goes on; \`asckit builds wait ${upload!.id}\` waits for it again`, { buildUploadId: upload!.id, cause: error });
      }
      throw error;
    });
    Object.assign(result, done);
  } else {
    const current = await getBuildUpload(client, upload!.id, { include: ["build"] });
    result.uploadState = uploadState(current);
    result.buildId = relatedId(current, "build");
  }
  return result;
}

/** Throws UploadInterruptedError when the caller's signal fired before the next step. */
function interruptedBefore(signal: AbortSignal | undefined, buildUploadId: string | undefined): void {
  if (!signal?.aborted) return;
  throw new UploadInterruptedError(buildUploadId ? `no new part was sent; run the same command again to resume buildUpload ${buildUploadId}` : "before anything was uploaded; nothing was sent", {
    ...(buildUploadId ? { buildUploadId } : {}),
    cause: signal.reason,
  });
}

/** A part upload that failed (not by the signal), told with how far it got and how to continue. */
function partsStopped(failure: unknown, result: UploadBuildResult, buildUploadId: string): AsckitError {
  const message = failure instanceof Error ? failure.message : String(failure);
  const done = result.partsSkipped + result.partsSent;
  return new AsckitError(`The upload stopped with ${done} of ${result.partsTotal} parts delivered: ${message}`, {
    category: failure instanceof AsckitError ? failure.category : "network",
    hint: `Run the same command again to continue buildUpload ${buildUploadId} where it stopped.`,
    cause: failure,
  });
}

const deliveryState = (file: Resource) => String((file.attributes.assetDeliveryState as { state?: string } | undefined)?.state ?? "AWAITING_UPLOAD");
const operationsOf = (file: Resource) => (file.attributes.uploadOperations as UploadOperation[] | null | undefined) ?? [];

function expired(file: Resource, now: number): boolean {
  // An operation that does not say when it expires is trusted (NaN compares false).
  return operationsOf(file).some((op) => operationExpiresAt(op) <= now);
}

/** A request that may have been applied although no answer came back. */
const unanswered = (error: unknown) => error instanceof NetworkError || (error instanceof AscApiError && error.status >= 500);

async function adoptOrCreateUpload(client: AscClient, appId: string, info: PackageInfo): Promise<Resource> {
  try {
    return await createBuildUpload(client, { appId, cfBundleShortVersionString: info.marketingVersion, cfBundleVersion: info.buildNumber, platform: info.platform });
  } catch (error) {
    if (!unanswered(error)) throw error;
    const again = await usedBuildNumbers(client, { appId, marketingVersion: info.marketingVersion, platform: info.platform });
    const created = again.find((u) => u.source === "upload" && u.number === info.buildNumber && u.state === "AWAITING_UPLOAD");
    if (!created) throw error;
    return created.resource;
  }
}

async function adoptOrReserveFile(client: AscClient, buildUploadId: string, info: PackageInfo, file: string): Promise<Resource> {
  try {
    return await createBuildUploadFile(client, { buildUploadId, fileName: path.basename(file), fileSize: info.fileSize, uti: UTI[info.kind], assetType: "ASSET" });
  } catch (error) {
    if (!unanswered(error)) throw error;
    const reserved = (await listBuildUploadFiles(client, buildUploadId)).find((f) => f.attributes.assetType === "ASSET");
    if (!reserved) throw error;
    return reserved;
  }
}

interface SendContext {
  options: UploadBuildOptions;
  info: PackageInfo;
  md5: string;
  key: string;
  upload: Resource;
  file: Resource;
  result: UploadBuildResult;
  progress: (p: UploadProgress) => void;
}

/**
 * PUTs the parts not yet acknowledged, a few at a time, journaling each acknowledged part. A failed
 * part stops the rest and is thrown as the storage reported it (the caller judges a dead reservation
 * by it); the caller's signal ends in UploadInterruptedError.
 */
async function sendParts(c: SendContext): Promise<void> {
  const { options, info, md5, key, upload, file, result, progress } = c;
  const operations = operationsOf(file);
  if (!operations.length) throw new AsckitError(`buildUploadFile ${file.id} came back without upload operations.`, { category: "server" });
  const previous = await options.journal?.read(key);
  const usable = previous && previous.buildUploadId === upload.id && previous.fileId === file.id && previous.md5 === md5 && previous.fileSize === info.fileSize;
  const entry: UploadJournalEntry = { buildUploadId: upload.id, fileId: file.id, fileSize: info.fileSize, md5, partsDone: usable ? previous.partsDone : [] };
  const done = new Set(entry.partsDone);
  const pending = operations.filter((op) => !done.has(op.offset));
  const total = operations.reduce((sum, op) => sum + op.length, 0);
  let bytesDone = operations.filter((op) => done.has(op.offset)).reduce((sum, op) => sum + op.length, 0);
  result.partsTotal = operations.length;
  result.partsSkipped = operations.length - pending.length;
  if (result.partsSkipped) progress({ phase: "note", message: `${result.partsSkipped} of ${operations.length} parts were delivered by an earlier run; sending the other ${pending.length}.` });
  await options.journal?.write(key, entry);
  progress({ phase: "upload", bytesDone, bytesTotal: total, partsDone: done.size, partsTotal: operations.length });

  // Journal writes are chained so that two parts finishing together never write out of order.
  let journaling: Promise<void> = Promise.resolve();
  const source = fileSource(options.file);
  const slots = createSemaphore(options.concurrency ?? 4);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let failure: unknown;
  await Promise.all(
    pending.map(async (op) => {
      await slots.acquire();
      try {
        if (failure !== undefined || signal.aborted) return;
        await uploadOperations([op], source, { concurrency: 1, signal, ...(options.fetch ? { fetch: options.fetch } : {}), sleep: (ms) => abortableSleep(options.sleep, ms, signal), now: options.now });
        done.add(op.offset);
        bytesDone += op.length;
        result.partsSent++;
        result.bytesSent += op.length;
        const snapshot = { ...entry, partsDone: [...done] };
        journaling = journaling.then(() => options.journal?.write(key, snapshot));
        progress({ phase: "upload", bytesDone, bytesTotal: total, partsDone: done.size, partsTotal: operations.length });
      } catch (error) {
        if (failure === undefined) {
          failure = error;
          stop.abort();
        }
      } finally {
        slots.release();
      }
    }),
  );
  await journaling;
  // Stopped by the caller: parts not yet started were skipped, so this holds with or without a failure.
  if (options.signal?.aborted) {
    throw new UploadInterruptedError(`${done.size} of ${operations.length} parts delivered; run the same command again to resume buildUpload ${upload.id}`, {
      buildUploadId: upload.id,
      partsDone: done.size,
      partsTotal: operations.length,
      cause: failure,
    });
  }
  if (failure !== undefined) throw failure;
}

async function commit(client: AscClient, file: Resource, md5: string): Promise<void> {
  let committed: Resource;
  try {
    committed = await commitBuildUploadFile(client, file.id, { file: { hash: md5, algorithm: "MD5" } });
  } catch (error) {
    if (!unanswered(error)) throw error;
    const res = await client.request(`GET /v1/buildUploadFiles/${encodeURIComponent(file.id)}`);
    committed = resolveDocument(res.document).data as Resource;
    if (deliveryState(committed) === "AWAITING_UPLOAD") throw error;
  }
  if (deliveryState(committed) === "FAILED") {
    throw new FailedStateError(`App Store Connect refused the uploaded file: ${stateDetails(committed.attributes.assetDeliveryState)}.`, "FAILED", "Upload the package again with a new build number.");
  }
}

export interface WaitForBuildUploadOptions {
  /** The upload's app: used to find the build by its numbers if the upload lacks its linkage. */
  appId?: string;
  timeoutMs?: number;
  intervalMs?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
}

/**
 * Polls a committed buildUpload until COMPLETE, then its build until VALID, within one timeout.
 * FAILED (upload) and INVALID/FAILED (build) raise FailedStateError with Apple's reasons; running out
 * of time raises WaitTimeoutError.
 */
export async function waitForBuildUpload(client: AscClient, buildUploadId: string, options: WaitForBuildUploadOptions): Promise<{ uploadState: string; buildId: string; processingState: string }> {
  const progress = options.onProgress ?? (() => undefined);
  const done = await waitForUploadThenBuild(client, buildUploadId, {
    timeoutMs: options.timeoutMs ?? 60 * 60_000,
    intervalMs: options.intervalMs ?? 30_000,
    now: options.now,
    sleep: options.sleep,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.appId ? { appId: options.appId } : {}),
    onPoll: (uploadState, processingState, elapsedMs) => progress({ phase: "processing", buildUploadId, uploadState, processingState, elapsedMs }),
    onBuildPoll: (processingState, elapsedMs) => progress({ phase: "processing", buildUploadId, uploadState: "COMPLETE", processingState, elapsedMs }),
  });
  return { uploadState: done.uploadState, buildId: done.buildId, processingState: done.processingState };
}
