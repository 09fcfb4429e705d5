import type { AscClient, Resource } from "../../client/index.js";
import { AscApiError, NetworkError, resolveDocument } from "../../client/index.js";
import type { components } from "../../spec/openapi.js";
import { AsckitError, FailedStateError, WaitTimeoutError } from "../../errors/asckit-error.js";
import type { CheckItem } from "../checklist.js";
import { confirmOrStop, type Confirm } from "../confirm.js";
import { relatedId, relatedOne } from "../resource-view.js";
import { versionFlags } from "./command-flags.js";
import { findVersion, resolveApp, validatePlatform, versionView, type Platform, type ResolvedVersion, type VersionRef } from "./versions.js";

/** Submissions that are not COMPLETE: only one of these may exist per app and platform. */
export const OPEN_STATES = ["READY_FOR_REVIEW", "WAITING_FOR_REVIEW", "IN_REVIEW", "UNRESOLVED_ISSUES", "CANCELING", "COMPLETING"] as const;
/** Submitted and with App Review: nothing to do but wait. */
export const SUBMITTED_STATES = new Set(["WAITING_FOR_REVIEW", "IN_REVIEW", "COMPLETING"]);
/** Version states past submission: re-running `review submit` reports instead of submitting again. */
const PAST_SUBMISSION = new Set(["WAITING_FOR_REVIEW", "IN_REVIEW", "PENDING_DEVELOPER_RELEASE", "PENDING_APPLE_RELEASE", "PROCESSING_FOR_DISTRIBUTION", "READY_FOR_DISTRIBUTION", "ACCEPTED"]);

export interface SubmissionView {
  id: string;
  state: string;
  platform: string;
  submittedDate: string | null;
  versionId: string | null;
  versionString: string | null;
  appVersionState: string | null;
}

export function submissionView(submission: Resource): SubmissionView {
  const version = relatedOne(submission, "appStoreVersionForReview");
  return {
    id: submission.id,
    state: String(submission.attributes.state),
    platform: String(submission.attributes.platform ?? ""),
    submittedDate: (submission.attributes.submittedDate as string | null | undefined) ?? null,
    versionId: relatedId(submission, "appStoreVersionForReview") ?? null,
    versionString: (version?.attributes.versionString as string | undefined) ?? null,
    appVersionState: (version?.attributes.appVersionState as string | undefined) ?? null,
  };
}

const SUBMISSION_QUERY = {
  include: ["appStoreVersionForReview", "items"],
  "fields[appStoreVersions]": ["versionString", "platform", "appVersionState"],
  "fields[reviewSubmissionItems]": ["state"],
  "limit[items]": 50,
};

/** An app's review submissions (newest first), optionally for one platform and some states. */
export async function listSubmissions(client: AscClient, appId: string, filter: { platform?: string; states?: readonly string[] } = {}): Promise<Resource[]> {
  const list = await client.collect("GET /v1/reviewSubmissions", {
    query: {
      "filter[app]": [appId],
      "filter[platform]": filter.platform ? [filter.platform] : undefined,
      "filter[state]": filter.states ? [...filter.states] : undefined,
      ...SUBMISSION_QUERY,
    },
  });
  return list.sort((a, b) => String(b.attributes.submittedDate ?? "9999").localeCompare(String(a.attributes.submittedDate ?? "9999")));
}

export async function getSubmission(client: AscClient, id: string): Promise<Resource> {
  const res = await client.request(`GET /v1/reviewSubmissions/${encodeURIComponent(id)}`, { query: SUBMISSION_QUERY });
  return resolveDocument(res.document).data as Resource;
}

const itemCount = (s: Resource) => {
  const items = s.related.items;
  return Array.isArray(items) ? items.length : 0;
};

/** A submit or cancel that failed; `associatedErrors` carries Apple's nested reasons for the CLI to print. */
export class ReviewSubmissionError extends AsckitError {
  readonly associatedErrors: readonly string[];
  constructor(message: string, cause: unknown, hint: string) {
    super(message, { category: cause instanceof AsckitError ? cause.category : "internal", cause, hint });
    this.associatedErrors = cause instanceof AscApiError ? cause.associatedErrors : [];
  }
}

/** The preflight found problems; `items` lists them. */
export class PreflightFailedError extends AsckitError {
  readonly items: CheckItem[];
  /** `flags`: the `--app … --version …` that name the version, so the quoted command runs as pasted. */
  constructor(items: CheckItem[], flags = "") {
    const failed = items.filter((i) => i.status === "fail");
    super(`Preflight failed: ${failed.length} problem${failed.length === 1 ? "" : "s"} (${failed.map((i) => i.message).join("; ")}).`, {
      category: "validation",
      hint: `Fix them (see \`asckit review check${flags ? ` ${flags}` : ""}\`) and submit again; nothing was submitted.`,
    });
    this.items = items;
  }
}

const unknownOutcome = (error: unknown) => (error instanceof NetworkError && !error.connectFailed) || (error instanceof AscApiError && error.status >= 500);

export interface SubmitOptions {
  dryRun?: boolean;
  /** Runs the preflight; any "fail" stops the submission before a write. Omit to let App Store Connect decide. */
  preflight?: (target: ResolvedVersion) => Promise<CheckItem[]>;
}

export interface SubmitResult {
  submission: SubmissionView | undefined;
  version: ReturnType<typeof versionView>;
  /** This run created the submission (rather than reusing an open one). */
  created: boolean;
  itemAdded: boolean;
  submitted: boolean;
  /** The version was already submitted or approved: nothing was sent. */
  alreadySubmitted: boolean;
  checks: CheckItem[];
  actions: string[];
  message: string;
}

/**
 * Submits a version for App Review with the reviewSubmissions flow: reuse the open draft (or the
 * returned UNRESOLVED_ISSUES submission holding this version) or create one, add the version unless
 * it is already an item, then submit. Writes with an unknown outcome are re-read, never replayed. If a
 * submission this run created is left empty by a failure, it is canceled; a reused one, or one holding
 * items, is left alone. A re-run after success reports the submission instead of failing.
 */
export async function submitForReview(client: AscClient, ref: VersionRef, options: SubmitOptions = {}): Promise<SubmitResult> {
  const target = await findVersion(client, ref);
  const { app, version, platform } = target;
  const label = `version ${String(version.attributes.versionString)} (${platform})`;
  const flags = versionFlags(app, String(version.attributes.versionString), platform);
  const open = await listSubmissions(client, app.id, { platform, states: OPEN_STATES });
  const holding = open.find((s) => relatedId(s, "appStoreVersionForReview") === version.id);
  const base = { version: versionView(version), checks: [] as CheckItem[], itemAdded: false, created: false };

  if (holding && SUBMITTED_STATES.has(String(holding.attributes.state)))
    return { ...base, submission: submissionView(holding), submitted: false, alreadySubmitted: true, actions: [], message: `${label} is already submitted: submission ${holding.id} is ${String(holding.attributes.state)}.` };
  if (PAST_SUBMISSION.has(String(version.attributes.appVersionState))) {
    const past = holding ?? (await listSubmissions(client, app.id, { platform })).find((s) => relatedId(s, "appStoreVersionForReview") === version.id);
    return {
      ...base,
      submission: past ? submissionView(past) : undefined,
      submitted: false,
      alreadySubmitted: true,
      actions: [],
      message: `${label} was already submitted and is ${String(version.attributes.appVersionState)}${past ? ` (submission ${past.id}, ${String(past.attributes.state)})` : ""}.`,
    };
  }
  const blocking = open.find((s) => s !== holding && s.attributes.state !== "READY_FOR_REVIEW");
  if (blocking) {
    const v = submissionView(blocking);
    throw new AsckitError(`Submission ${v.id}${v.versionString ? ` for version ${v.versionString}` : ""} is ${v.state} for ${platform}; App Store Connect allows one open submission per platform.`, {
      category: "conflict",
      hint: v.state === "CANCELING" ? "Wait until it is canceled, then submit again." : `Wait for it to complete, or cancel it with \`asckit review cancel --submission ${v.id}\`.`,
    });
  }
  const checks = options.preflight ? await options.preflight(target) : [];
  if (checks.some((c) => c.status === "fail")) throw new PreflightFailedError(checks, flags);

  let submission = holding ?? open.find((s) => s.attributes.state === "READY_FOR_REVIEW");
  const actions: string[] = [];
  const reusing = submission !== undefined;
  actions.push(submission ? `reuse submission ${submission.id} (${String(submission.attributes.state)})` : `create a review submission for ${platform}`);
  const hasItem = submission !== undefined && relatedId(submission, "appStoreVersionForReview") === version.id;
  if (!hasItem) actions.push(`add ${label} as an item`);
  actions.push("submit it for review");
  if (options.dryRun)
    return { ...base, checks, submission: submission ? submissionView(submission) : undefined, submitted: false, alreadySubmitted: false, actions, message: `dry run: would ${actions.join(", then ")}.` };

  let created = false;
  if (!submission) {
    const body: components["schemas"]["ReviewSubmissionCreateRequest"] = {
      data: { type: "reviewSubmissions", attributes: { platform: platform as Platform }, relationships: { app: { data: { type: "apps", id: app.id } } } },
    };
    try {
      const res = await client.request("POST /v1/reviewSubmissions", { body });
      submission = resolveDocument(res.document).data as Resource;
      created = true;
    } catch (error) {
      // A lost response, or a draft someone made meanwhile: look for the draft instead of creating another.
      if (!unknownOutcome(error) && !(error instanceof AscApiError && error.status === 409)) throw error;
      submission = (await listSubmissions(client, app.id, { platform, states: ["READY_FOR_REVIEW"] }))[0];
      if (!submission) throw error;
      created = unknownOutcome(error);
    }
  }
  const submissionId = submission.id;

  if (!hasItem) {
    const body: components["schemas"]["ReviewSubmissionItemCreateRequest"] = {
      data: {
        type: "reviewSubmissionItems",
        relationships: { reviewSubmission: { data: { type: "reviewSubmissions", id: submissionId } }, appStoreVersion: { data: { type: "appStoreVersions", id: version.id } } },
      },
    };
    try {
      await client.request("POST /v1/reviewSubmissionItems", { body });
    } catch (error) {
      const now = await getSubmission(client, submissionId);
      if (!(unknownOutcome(error) && relatedId(now, "appStoreVersionForReview") === version.id)) {
        const cleaned = created && itemCount(now) === 0 ? await cancelEmpty(client, submissionId) : false;
        throw new ReviewSubmissionError(
          `Could not add ${label} to review submission ${submissionId}: ${(error as Error).message}`,
          error,
          cleaned
            ? `The empty submission ${submissionId} this run created was canceled. Fix the problems listed and run \`asckit review submit ${flags}\` again.`
            : `Fix the problems listed and run \`asckit review submit ${flags}\` again; submission ${submissionId} ${reusing ? "was reused and is left as it was" : "is left for the next run"}.`,
        );
      }
    }
  }

  let final: Resource;
  try {
    const body: components["schemas"]["ReviewSubmissionUpdateRequest"] = { data: { type: "reviewSubmissions", id: submissionId, attributes: { submitted: true } } };
    final = resolveDocument((await client.request(`PATCH /v1/reviewSubmissions/${submissionId}`, { body })).document).data as Resource;
  } catch (error) {
    const now = await getSubmission(client, submissionId);
    final = now;
    if (!(unknownOutcome(error) && SUBMITTED_STATES.has(String(now.attributes.state)))) {
      const cleaned = created && itemCount(now) === 0 ? await cancelEmpty(client, submissionId) : false;
      throw new ReviewSubmissionError(
        `Could not submit review submission ${submissionId}: ${(error as Error).message}`,
        error,
        cleaned
          ? `The empty submission ${submissionId} this run created was canceled.`
          : `Submission ${submissionId} keeps ${label} as an item; fix the problems listed and run \`asckit review submit ${flags}\` again to submit it.`,
      );
    }
  }
  // The PATCH answers with the submission's new state; the version is the one just submitted.
  const view = { ...submissionView(final), versionId: version.id, versionString: String(version.attributes.versionString), appVersionState: null };
  return {
    ...base,
    checks,
    submission: view,
    created,
    itemAdded: !hasItem,
    submitted: true,
    alreadySubmitted: false,
    actions,
    message: `${label} submitted for review: submission ${submissionId} is ${view.state}.`,
  };
}

/** Cancels a submission this run created and left empty; best effort, a failure leaves it for the next run to reuse. */
async function cancelEmpty(client: AscClient, id: string): Promise<boolean> {
  try {
    const body: components["schemas"]["ReviewSubmissionUpdateRequest"] = { data: { type: "reviewSubmissions", id, attributes: { canceled: true } } };
    await client.request(`PATCH /v1/reviewSubmissions/${id}`, { body });
    return true;
  } catch {
    return false;
  }
}

export interface StatusResult {
  app: { id: string; bundleId: unknown; name: unknown };
  platform: Platform;
  version?: ReturnType<typeof versionView>;
  submissions: SubmissionView[];
}

/** A version's submissions (or all of the app's on the platform), newest first, with the version's state. */
export async function reviewStatus(client: AscClient, ref: VersionRef & { version?: string }): Promise<StatusResult> {
  if (ref.version) {
    const { app, version, platform } = await findVersion(client, ref as VersionRef);
    const submissions = (await listSubmissions(client, app.id, { platform })).filter((s) => relatedId(s, "appStoreVersionForReview") === version.id);
    return { app: { id: app.id, bundleId: app.attributes.bundleId, name: app.attributes.name }, platform, version: versionView(version), submissions: submissions.map(submissionView) };
  }
  const platform = validatePlatform(ref.platform);
  const app = await resolveApp(client, ref.app);
  const submissions = await listSubmissions(client, app.id, { platform });
  return { app: { id: app.id, bundleId: app.attributes.bundleId, name: app.attributes.name }, platform, submissions: submissions.map(submissionView) };
}

export interface WaitForReviewOptions {
  timeoutMs: number;
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onPoll?: (state: string, elapsedMs: number) => void;
  /** `--app … --version …` naming the submission's version, for the commands the errors suggest. */
  versionFlags?: string;
}

/**
 * Polls a submission until App Review is done: COMPLETE returns it, UNRESOLVED_ISSUES raises
 * FailedStateError (App Review returned it), running out of time raises WaitTimeoutError.
 */
export async function waitForReview(client: AscClient, submissionId: string, options: WaitForReviewOptions): Promise<Resource> {
  const started = options.now();
  const flags = options.versionFlags ? ` ${options.versionFlags}` : "";
  for (;;) {
    const submission = await getSubmission(client, submissionId);
    const state = String(submission.attributes.state);
    const elapsed = options.now() - started;
    options.onPoll?.(state, elapsed);
    if (state === "COMPLETE") return submission;
    if (state === "UNRESOLVED_ISSUES")
      throw new FailedStateError(`App Review returned submission ${submissionId} with unresolved issues.`, state, `Read App Review's message in App Store Connect, fix the issues, and run \`asckit review submit${flags}\` again to resubmit.`);
    if (state === "READY_FOR_REVIEW") throw new AsckitError(`Submission ${submissionId} has not been submitted.`, { category: "conflict", hint: `Submit it with \`asckit review submit${flags}\`.` });
    const remaining = options.timeoutMs - elapsed;
    if (remaining <= 0) throw new WaitTimeoutError(`Submission ${submissionId} is still ${state} after ${Math.round(elapsed / 1000)} s.`, `Wait longer with --timeout, or check later with \`asckit review status${flags}\`.`);
    await options.sleep(Math.min(options.intervalMs, remaining));
  }
}

export interface CancelResult {
  submission: SubmissionView;
  canceled: boolean;
  message: string;
}

/** Cancels an open submission (by id, or the one holding a version). Confirmation is the caller's job. */
export async function cancelReview(
  client: AscClient,
  target: { submissionId?: string; ref?: VersionRef },
  options: { dryRun?: boolean; confirm?: Confirm } = {},
): Promise<CancelResult> {
  let submission: Resource | undefined;
  if (target.submissionId) submission = await getSubmission(client, target.submissionId);
  else if (target.ref) {
    const { app, version, platform } = await findVersion(client, target.ref);
    submission = (await listSubmissions(client, app.id, { platform, states: OPEN_STATES })).find((s) => relatedId(s, "appStoreVersionForReview") === version.id);
    if (!submission)
      throw new AsckitError(`Version ${String(version.attributes.versionString)} is in no open review submission.`, { category: "not_found", hint: `See \`asckit review status ${versionFlags(app, String(version.attributes.versionString), platform)}\`.` });
  } else {
    throw new AsckitError("Say which submission to cancel.", { category: "usage", hint: "Pass --version (with --app) or --submission." });
  }
  const view = submissionView(submission);
  if (view.state === "COMPLETE" || view.state === "CANCELING")
    return { submission: view, canceled: false, message: `Submission ${view.id} is ${view.state}; nothing to cancel.` };
  if (view.state === "COMPLETING")
    throw new AsckitError(`Submission ${view.id} is COMPLETING and can no longer be canceled.`, { category: "conflict" });
  const what = `submission ${view.id}${view.versionString ? ` (version ${view.versionString})` : ""}, which is ${view.state}`;
  if (options.dryRun) return { submission: view, canceled: false, message: `dry run: would cancel ${what}.` };
  await confirmOrStop(options, `Cancel ${what}? App Review will stop and the version returns to you.`, `Submission ${view.id} was not canceled`);
  const body: components["schemas"]["ReviewSubmissionUpdateRequest"] = { data: { type: "reviewSubmissions", id: view.id, attributes: { canceled: true } } };
  try {
    await client.request(`PATCH /v1/reviewSubmissions/${view.id}`, { body });
  } catch (error) {
    const now = submissionView(await getSubmission(client, view.id));
    if (!(unknownOutcome(error) && (now.state === "CANCELING" || now.state === "COMPLETE"))) throw error;
  }
  const after = submissionView(await getSubmission(client, view.id));
  return { submission: after, canceled: true, message: `Canceled ${what}; it is now ${after.state}.` };
}
