import type { AscClient, Resource } from "../../client/index.js";
import { NotFoundError } from "../../client/index.js";
import { getBuildUpload } from "../../client/resources/build-uploads.js";
import { AsckitError, FailedStateError, WaitTimeoutError } from "../../errors/asckit-error.js";
import { getBuild, TERMINAL_FAILURES, waitForBuild, type WaitOptions } from "../builds.js";
import { relatedId, relatedOne } from "../resource-view.js";
import { abortableSleep } from "./abortable-sleep.js";
import { sameBuildNumber } from "./build-number.js";
import { stateDetails } from "./state-details.js";
import { uploadState, usedBuildNumbers } from "./used-build-numbers.js";

export interface UploadWaitOptions {
  timeoutMs: number;
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  /** When the caller's wait began (default: now): the timeout and the elapsed times count from it (see WaitOptions). */
  startedAt?: number;
  /**
   * The app of the upload: when a COMPLETE upload comes back without its build linkage, the build is
   * looked up by its numbers there. Without it the wait goes on until the linkage appears.
   */
  appId?: string;
  /** After every poll: the upload's state, its build's processingState once it has one, time waited. */
  onPoll?: (uploadState: string, processingState: string | undefined, elapsedMs: number) => void;
}

export interface UploadedBuild {
  buildId: string;
  /** The build's processingState from the same response (the upload is read with `include=build`). */
  processingState: string | undefined;
  upload: Resource;
}

const numbersOf = (upload: Resource) => `${String(upload.attributes.cfBundleShortVersionString ?? "?")} (${String(upload.attributes.cfBundleVersion ?? "?")})`;

/**
 * Polls a buildUpload until App Store Connect has turned it into a build (COMPLETE, with its build).
 * FAILED raises FailedStateError with Apple's reasons; running out of time raises WaitTimeoutError.
 * An upload still AWAITING_UPLOAD is waited for too: another process may be sending its parts.
 */
export async function waitForUploadedBuild(client: AscClient, buildUploadId: string, options: UploadWaitOptions): Promise<UploadedBuild> {
  const started = options.startedAt ?? options.now();
  for (;;) {
    const upload = await getBuildUpload(client, buildUploadId, { include: ["build"], "fields[builds]": ["version", "processingState"] });
    const state = uploadState(upload);
    let buildId = relatedId(upload, "build");
    const processingState = relatedOne(upload, "build")?.attributes.processingState as string | undefined;
    const elapsed = options.now() - started;
    options.onPoll?.(state, processingState, elapsed);
    if (state === "FAILED") {
      throw new FailedStateError(`Upload ${buildUploadId} of ${numbersOf(upload)} failed: ${stateDetails(upload.attributes.state)}.`, "FAILED", "Fix what App Store Connect reported and upload again with a new build number.");
    }
    if (state === "COMPLETE" && !buildId && options.appId) {
      // Linkage missing: find the build by its numbers instead.
      const used = await usedBuildNumbers(client, { appId: options.appId, marketingVersion: String(upload.attributes.cfBundleShortVersionString), platform: upload.attributes.platform as string | undefined });
      buildId = used.find((u) => u.source === "build" && sameBuildNumber(u.number, String(upload.attributes.cfBundleVersion)))?.id;
    }
    if (state === "COMPLETE" && buildId) return { buildId, processingState, upload };
    const remaining = options.timeoutMs - elapsed;
    if (remaining <= 0) {
      const why =
        state === "AWAITING_UPLOAD"
          ? " Its file was never committed: if no upload is running, finish it with `asckit builds upload FILE` (it continues this buildUpload)."
          : "";
      throw new WaitTimeoutError(`Upload ${buildUploadId} of ${numbersOf(upload)} is still ${state} after ${Math.round(elapsed / 1000)} s.${why}`, `Processing goes on: \`asckit builds wait ${buildUploadId}\` waits again (a longer --timeout if needed).`);
    }
    await abortableSleep(options.sleep, Math.min(options.intervalMs, remaining), options.signal);
  }
}

export interface BuildUploadWaitResult {
  uploadState: string;
  buildId: string;
  processingState: string;
  /** The build as last read: getBuild's whole view when it was polled itself (`wholeBuild`), else only the upload's include. */
  build: Resource;
  /** False when the upload's include (only `version` and `processingState`) already showed the build VALID. */
  wholeBuild: boolean;
}

/**
 * Polls a committed buildUpload until COMPLETE, then its build until VALID, within one timeout. The
 * upload's `include=build` already carries the build's processingState, so that response counts as
 * the build's first poll: the build itself is read only after the next interval, if at all.
 */
export async function waitForUploadThenBuild(client: AscClient, buildUploadId: string, options: UploadWaitOptions & { onBuildPoll?: (processingState: string, elapsedMs: number) => void }): Promise<BuildUploadWaitResult> {
  const started = options.startedAt ?? options.now();
  const uploaded = await waitForUploadedBuild(client, buildUploadId, { ...options, startedAt: started });
  const related = relatedOne(uploaded.upload, "build");
  const state = uploaded.processingState;
  const remaining = () => Math.max(0, options.timeoutMs - (options.now() - started));
  if (state === "VALID" && related) return { uploadState: "COMPLETE", buildId: uploaded.buildId, processingState: state, build: related, wholeBuild: false };
  if (state !== undefined && TERMINAL_FAILURES.has(state)) {
    throw new FailedStateError(`Build ${uploaded.buildId} (build number ${String(related?.attributes.version)}) finished processing as ${state}.`, state,
      "Check the e-mail from App Store Connect for the reason, fix it, and upload a new build with a higher build number.");
  }
  if (state !== undefined) {
    if (remaining() <= 0) throw new WaitTimeoutError(`Build ${uploaded.buildId} is still ${state} after ${Math.round((options.now() - started) / 1000)} s.`, `Processing goes on: \`asckit builds wait ${uploaded.buildId}\` waits again (a longer --timeout if needed).`);
    await abortableSleep(options.sleep, Math.min(options.intervalMs, remaining()), options.signal);
  }
  // The same start and the whole timeout: the build's half of the wait reports the time since the
  // upload's first poll ("after 3 s"), not since its own first poll.
  const build = await waitForBuild(client, uploaded.buildId, {
    timeoutMs: options.timeoutMs,
    startedAt: started,
    intervalMs: options.intervalMs,
    now: options.now,
    sleep: options.sleep,
    ...(options.signal ? { signal: options.signal } : {}),
    onPoll: (s, elapsed) => options.onBuildPoll?.(s, elapsed),
  });
  return { uploadState: "COMPLETE", buildId: uploaded.buildId, processingState: String(build.attributes.processingState), build, wholeBuild: true };
}

/**
 * `asckit builds wait ID` where ID is a build or a buildUpload (what `builds upload` prints): a build
 * is polled until VALID; an upload until it is a build, then that build. The build is tried first,
 * so waiting on a build costs no extra request. Either way the build comes back as `getBuild` reads
 * it, so the caller prints one shape whichever path the wait took.
 */
export async function waitForBuildOrUpload(client: AscClient, id: string, options: WaitOptions & { onUploadPoll?: (uploadState: string, elapsedMs: number) => void }): Promise<{ build: Resource; buildUploadId?: string }> {
  const started = options.startedAt ?? options.now();
  try {
    return { build: await waitForBuild(client, id, { ...options, startedAt: started }) };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  try {
    const done = await waitForUploadThenBuild(client, id, {
      timeoutMs: options.timeoutMs,
      startedAt: started,
      intervalMs: options.intervalMs,
      now: options.now,
      sleep: options.sleep,
      ...(options.signal ? { signal: options.signal } : {}),
      onPoll: (state, _processing, elapsed) => options.onUploadPoll?.(state, elapsed),
      onBuildPoll: (state, elapsed) => options.onPoll?.(state, elapsed),
    });
    // The upload's include carries only two fields; read the build whole for the caller.
    const build = done.wholeBuild ? done.build : await getBuild(client, done.buildId);
    return { build, buildUploadId: id };
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new AsckitError(`No build or build upload has the id ${id}.`, {
        category: "not_found",
        hint: "`asckit builds list --app APP` lists builds; `asckit builds upload` prints the buildUpload id of an upload.",
      });
    }
    throw error;
  }
}
