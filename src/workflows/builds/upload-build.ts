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
import { AsckitError, FailedStateError, ValidationError, WaitTimeoutError } from "../../errors/asckit-error.js";
import { findApp } from "../apps.js";
import { waitForBuild } from "../builds.js";
import { inspectPackage, type PackageInfo } from "../packages/index.js";
import { fileMd5 } from "./file-md5.js";
import { summarize } from "./next-build-number.js";
import { journalKey, type UploadJournal, type UploadJournalEntry } from "./upload-journal.js";
import { uploadState, usedBuildNumbers, type UsedBuildNumber } from "./used-build-numbers.js";

export type UploadProgress =
  | { phase: "checksum"; bytesDone: number; bytesTotal: number }
  | { phase: "upload"; bytesDone: number; bytesTotal: number; partsDone: number; partsTotal: number }
  | { phase: "commit" }
  | { phase: "processing"; uploadState: string; processingState: string | undefined; elapsedMs: number }
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
  /** created: a new buildUpload; resumed: an interrupted one continued; uploaded: it was already committed. */
  action: "created" | "resumed" | "uploaded";
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

/** A version and build number already used by a build or by another upload in flight. */
export class BuildNumberTakenError extends AsckitError {
  readonly nextBuildNumber: string;
  constructor(message: string, nextBuildNumber: string) {
    super(message, {
      category: "conflict",
      hint: `Set CFBundleVersion to ${nextBuildNumber} (e.g. \`agvtool new-version -all ${nextBuildNumber}\`), export again and upload that; \`asckit builds next-number\` tells the next free number.`,
    });
    this.nextBuildNumber = nextBuildNumber;
  }
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
 * re-sent parts to those never acknowledged. A POST that fails without an answer is never replayed
 * blindly: the state is read again and an upload that was created after all is adopted.
 */
export async function uploadBuild(client: AscClient, options: UploadBuildOptions): Promise<UploadBuildResult> {
  const info = options.info ?? (await inspectPackage(options.file));
  const progress = options.onProgress ?? (() => undefined);
  const app = await findApp(client, options.app ?? info.bundleId);
  const appBundleId = String(app.attributes.bundleId);
  if (appBundleId.toLowerCase() !== info.bundleId.toLowerCase()) {
    throw new ValidationError(`${options.file} is ${info.bundleId}, but app ${app.id} is ${appBundleId}.`, {
      field: "--app",
      hint: `Upload it to the app whose bundle id is ${info.bundleId}, or build the package with ${appBundleId}.`,
    });
  }
  const used = await usedBuildNumbers(client, { appId: app.id, marketingVersion: info.marketingVersion, platform: info.platform });
  const taken = used.filter((u) => u.number === info.buildNumber);
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
  const byBuild = taken.find((u) => u.source === "build");
  if (byBuild) throw takenError(info, appBundleId, byBuild, used);

  const md5 = await fileMd5(options.file, (bytesDone) => progress({ phase: "checksum", bytesDone, bytesTotal: info.fileSize }));
  const key = journalKey(app.id, info.platform, info.marketingVersion, info.buildNumber);
  let upload = taken.find((u) => u.source === "upload")?.resource;
  let file: Resource | undefined;

  if (upload && COMMITTED.has(uploadState(upload))) {
    // Committed already: the same bytes mean an earlier run got this far; different bytes are a conflict.
    const files = await listBuildUploadFiles(client, upload.id);
    if (!files.some((f) => checksumOf(f) === md5)) throw takenError(info, appBundleId, taken.find((u) => u.source === "upload")!, used);
    result.action = "uploaded";
    result.plan.push(`${numbers} was already uploaded with these bytes (buildUpload ${upload.id}, ${uploadState(upload)}); nothing to send.`);
  } else if (upload) {
    const files = await listBuildUploadFiles(client, upload.id);
    file = files.find((f) => f.attributes.assetType === "ASSET") ?? files[0];
    if (file && Number(file.attributes.fileSize) !== info.fileSize) {
      throw new AsckitError(`An upload of ${numbers} for ${appBundleId} is already in progress with a different file (${String(file.attributes.fileSize)} bytes; ${options.file} has ${info.fileSize}).`, {
        category: "conflict",
        hint: `Use the next build number, ${summarize({ appId: app.id, marketingVersion: info.marketingVersion }, used).next}, or delete the abandoned upload with \`asckit api call DELETE /v1/buildUploads/${upload.id}\`.`,
      });
    }
    const state = file ? deliveryState(file) : undefined;
    if (file && state !== "AWAITING_UPLOAD") {
      result.action = "uploaded";
      result.plan.push(`The file of buildUpload ${upload.id} is ${state}; nothing to send.`);
    } else if (file && expired(file, options.now())) {
      result.plan.push(`Delete buildUpload ${upload.id}: its upload URLs expired.`, `Create a new buildUpload for ${numbers} and reserve ${info.fileSize} bytes.`);
      if (!options.dryRun) {
        await deleteBuildUpload(client, upload.id);
        upload = undefined;
        file = undefined;
      }
    } else {
      result.action = "resumed";
      result.plan.push(`Continue buildUpload ${upload.id} for ${numbers} (interrupted earlier).`);
      if (!file) result.plan.push(`Reserve ${info.fileSize} bytes for ${path.basename(options.file)}.`);
    }
  } else {
    result.plan.push(`Create a buildUpload for ${appBundleId} ${numbers} (${info.platform}).`, `Reserve ${info.fileSize} bytes for ${path.basename(options.file)}, send the parts, commit with MD5 ${md5}.`);
  }
  if (options.wait) result.plan.push("Wait for the upload and the build to finish processing.");
  result.buildUploadId = upload?.id;
  result.uploadState = upload ? uploadState(upload) : undefined;
  if (options.dryRun) return result;

  if (result.action !== "uploaded") {
    upload ??= await adoptOrCreateUpload(client, app.id, info);
    result.buildUploadId = upload.id;
    file ??= await adoptOrReserveFile(client, upload.id, info, options.file);
    await sendParts({ options, info, md5, key, upload, file, result, progress });
    progress({ phase: "commit" });
    await commit(client, file, md5);
    await options.journal?.remove(key);
  }

  if (options.wait) {
    Object.assign(result, await waitForBuildUpload(client, upload!.id, { ...options, appId: app.id, info, onProgress: progress }));
  } else {
    const current = await getBuildUpload(client, upload!.id, { include: ["build"] });
    result.uploadState = uploadState(current);
    result.buildId = relatedIdOf(current, "build");
  }
  return result;
}

function takenError(info: PackageInfo, bundleId: string, holder: UsedBuildNumber, used: readonly UsedBuildNumber[]): BuildNumberTakenError {
  const next = summarize({ appId: "", marketingVersion: info.marketingVersion }, used).next;
  const by = holder.source === "build" ? `build ${holder.id} (${holder.state})` : `upload ${holder.id} still in flight (${holder.state})`;
  return new BuildNumberTakenError(`Version ${info.marketingVersion} build ${info.buildNumber} of ${bundleId} is already taken by ${by}; the next free build number is ${next}.`, next);
}

const deliveryState = (file: Resource) => String((file.attributes.assetDeliveryState as { state?: string } | undefined)?.state ?? "AWAITING_UPLOAD");
const checksumOf = (file: Resource) => (file.attributes.sourceFileChecksums as { file?: { hash?: string } } | null | undefined)?.file?.hash?.toLowerCase();
const operationsOf = (file: Resource) => (file.attributes.uploadOperations as UploadOperation[] | null | undefined) ?? [];
const relatedIdOf = (r: Resource, rel: string) => (r.relationships[rel] as { data?: { id?: string } | null } | undefined)?.data?.id;

function expired(file: Resource, now: number): boolean {
  return operationsOf(file).some((op) => {
    const at = Date.parse(String((op as { expiration?: string }).expiration ?? ""));
    return Number.isFinite(at) && at <= now;
  });
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

/** PUTs the parts not yet acknowledged, a few at a time, journaling each acknowledged part. */
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
        await uploadOperations([op], source, { concurrency: 1, signal, ...(options.fetch ? { fetch: options.fetch } : {}), sleep: options.sleep, now: options.now });
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
  if (failure !== undefined) {
    if (options.signal?.aborted) throw failure;
    const message = failure instanceof Error ? failure.message : String(failure);
    throw new AsckitError(`The upload stopped with ${done.size} of ${operations.length} parts delivered: ${message}`, {
      category: failure instanceof AsckitError ? failure.category : "network",
      hint: `Run the same command again to continue buildUpload ${upload.id} where it stopped.`,
      cause: failure,
    });
  }
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

function stateDetails(state: unknown): string {
  const errors = (state as { errors?: Array<{ code?: string; description?: string }> } | undefined)?.errors ?? [];
  return errors.length ? errors.map((e) => `${e.code ?? "ERROR"}: ${e.description ?? ""}`.trim()).join("; ") : "no reason given";
}

export interface WaitForBuildUploadOptions {
  appId: string;
  info: Pick<PackageInfo, "marketingVersion" | "buildNumber" | "platform">;
  timeoutMs?: number;
  intervalMs?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onProgress?: (progress: UploadProgress) => void;
}

/**
 * Polls a committed buildUpload until COMPLETE, then its build until VALID, within one timeout.
 * FAILED (upload) and INVALID/FAILED (build) raise FailedStateError with Apple's reasons; running out
 * of time raises WaitTimeoutError.
 */
export async function waitForBuildUpload(client: AscClient, buildUploadId: string, options: WaitForBuildUploadOptions): Promise<{ uploadState: string; buildId: string; processingState: string }> {
  const { info } = options;
  const progress = options.onProgress ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 60 * 60_000;
  const intervalMs = options.intervalMs ?? 30_000;
  const started = options.now();
  let buildId: string | undefined;
  for (;;) {
    const upload = await getBuildUpload(client, buildUploadId, { include: ["build"], "fields[builds]": ["version", "processingState"] });
    const state = uploadState(upload);
    buildId = relatedIdOf(upload, "build") ?? buildId;
    const elapsed = options.now() - started;
    progress({ phase: "processing", uploadState: state, processingState: undefined, elapsedMs: elapsed });
    if (state === "FAILED") {
      throw new FailedStateError(`Upload ${buildUploadId} of ${info.marketingVersion} (${info.buildNumber}) failed: ${stateDetails(upload.attributes.state)}.`, "FAILED", "Fix what App Store Connect reported and upload again with a new build number.");
    }
    if (state === "COMPLETE" && !buildId) {
      // Linkage missing: find the build by its numbers instead.
      const used = await usedBuildNumbers(client, { appId: options.appId, marketingVersion: info.marketingVersion, platform: info.platform });
      buildId = used.find((u) => u.source === "build" && u.number === info.buildNumber)?.id;
    }
    if (state === "COMPLETE" && buildId) break;
    const remaining = timeoutMs - elapsed;
    if (remaining <= 0) throw new WaitTimeoutError(`Upload ${buildUploadId} is still ${state} after ${Math.round(elapsed / 1000)} s.`, "Wait longer with --timeout, or check later with `asckit builds list`.");
    await options.sleep(Math.min(intervalMs, remaining));
  }
  const build = await waitForBuild(client, buildId, {
    timeoutMs: Math.max(0, timeoutMs - (options.now() - started)),
    intervalMs,
    now: options.now,
    sleep: options.sleep,
    onPoll: (state) => progress({ phase: "processing", uploadState: "COMPLETE", processingState: state, elapsedMs: options.now() - started }),
  });
  return { uploadState: "COMPLETE", buildId, processingState: String(build.attributes.processingState) };
}
