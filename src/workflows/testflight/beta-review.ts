import type { AscClient } from "../../client/index.js";
import { AscApiError } from "../../client/index.js";
import { createBetaAppReviewSubmission, findBetaAppReviewSubmission, type BetaAppReviewSubmission } from "../../client/resources/beta-app-review-submissions.js";
import { AsckitError, FailedStateError, WaitTimeoutError } from "../../errors/asckit-error.js";
import type { WaitOptions } from "../builds.js";

export interface SubmitResult {
  submission: BetaAppReviewSubmission;
  /** False when the build had been submitted already (that counts as success). */
  created: boolean;
}

/**
 * Submits a build for Beta App Review. An existing submission counts as success. A failed POST is
 * never replayed: the submission is looked up again, and only if there is none does the error stand.
 */
export async function submitForBetaReview(client: AscClient, buildId: string, options: { known?: BetaAppReviewSubmission | null } = {}): Promise<SubmitResult> {
  const existing = options.known === undefined ? await findBetaAppReviewSubmission(client, buildId) : (options.known ?? undefined);
  if (existing) return { submission: existing, created: false };
  try {
    return { submission: await createBetaAppReviewSubmission(client, buildId), created: true };
  } catch (error) {
    const maybeApplied = (error instanceof AscApiError && error.status === 409) || (error instanceof AsckitError && ["server", "network"].includes(error.category));
    if (!maybeApplied) throw error;
    const after = await findBetaAppReviewSubmission(client, buildId).catch(() => undefined);
    if (after) return { submission: after, created: false };
    throw error;
  }
}

/** Polls the build's Beta App Review until APPROVED; REJECTED is a failed state, running out of time a timeout. */
export async function waitForBetaReview(client: AscClient, buildId: string, options: WaitOptions): Promise<BetaAppReviewSubmission> {
  const started = options.startedAt ?? options.now();
  for (;;) {
    const submission = await findBetaAppReviewSubmission(client, buildId);
    if (!submission) throw new AsckitError(`Build ${buildId} has not been submitted for Beta App Review.`, { category: "not_found", hint: "Distribute it to an external group first." });
    const state = String(submission.attributes.betaReviewState);
    const elapsed = options.now() - started;
    options.onPoll?.(state, elapsed);
    if (state === "APPROVED") return submission;
    if (state === "REJECTED")
      throw new FailedStateError(`Beta App Review rejected build ${buildId}.`, state, "Read the reviewer's notes in App Store Connect, fix the build or its test information, and submit a new build.");
    const remaining = options.timeoutMs - elapsed;
    if (remaining <= 0) throw new WaitTimeoutError(`Beta App Review of build ${buildId} is still ${state} after ${Math.round(elapsed / 1000)} s.`, "Reviews can take a day or more; check later with `asckit testflight status`.");
    await options.sleep(Math.min(options.intervalMs, remaining));
  }
}
