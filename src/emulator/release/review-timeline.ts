import type { RuleContext } from "../engine/rule-types.js";
import type { StoredResource } from "../store/open-store.js";
import { approveVersion } from "./release-version.js";
import { RETIRED_APP_INFO_STATES, allTargets, firstTarget, setVersionState } from "./version-states.js";

/** Private review state of a submission, in `internal`. */
export interface SubmissionTimeline {
  submittedAt?: number;
  waitingForReviewMs?: number;
  inReviewMs?: number;
  outcome?: "APPROVED" | "REJECTED";
  canceledAt?: number;
  cancelingMs?: number;
}

export const OPEN_SUBMISSION_STATES = new Set(["READY_FOR_REVIEW", "WAITING_FOR_REVIEW", "IN_REVIEW", "UNRESOLVED_ISSUES", "CANCELING", "COMPLETING"]);

/** The app store versions that are items of a submission (items removed from it are no longer linked). */
export function submissionVersions(ctx: RuleContext, submission: StoredResource): Array<{ item: StoredResource; version: StoredResource }> {
  return allTargets(ctx, submission, "items").flatMap((item) => {
    const version = firstTarget(ctx, item, "appStoreVersion");
    return version ? [{ item, version }] : [];
  });
}

function setAppInfoState(ctx: RuleContext, version: StoredResource, state: string): void {
  const app = firstTarget(ctx, version, "app");
  const info = app && allTargets(ctx, app, "appInfos").find((i) => !RETIRED_APP_INFO_STATES.has(String(i.attributes.state)));
  if (info) ctx.store.update(info.type, info.id, { attributes: { state, appStoreState: state === "PREPARE_FOR_SUBMISSION" ? "PREPARE_FOR_SUBMISSION" : state } });
}

/** Side effects of a submission being submitted (or resubmitted) at `ctx.now`. */
export function markSubmitted(ctx: RuleContext, submission: StoredResource): void {
  for (const { item, version } of submissionVersions(ctx, submission)) {
    ctx.store.update(item.type, item.id, { attributes: { state: "READY_FOR_REVIEW" } });
    setVersionState(ctx, version, "WAITING_FOR_REVIEW");
    setAppInfoState(ctx, version, "WAITING_FOR_REVIEW");
  }
}

/** Items go back to their versions' editable state: a draft was canceled or an item withdrawn. */
export function releaseItemVersion(ctx: RuleContext, version: StoredResource, state: "PREPARE_FOR_SUBMISSION" | "DEVELOPER_REJECTED"): void {
  setVersionState(ctx, version, state);
  setAppInfoState(ctx, version, "PREPARE_FOR_SUBMISSION");
}

/**
 * Moves a submitted submission along its timeline from the clock: WAITING_FOR_REVIEW → IN_REVIEW →
 * COMPLETE (approved) or UNRESOLVED_ISSUES (rejected), and CANCELING → COMPLETE. No timers: this
 * runs whenever the submission, one of its items or one of its versions is read.
 */
export function advanceSubmission(ctx: RuleContext, submission: StoredResource): StoredResource {
  const t = submission.internal as SubmissionTimeline;
  const state = String(submission.attributes.state);
  if (state === "CANCELING" && t.canceledAt !== undefined && ctx.now >= t.canceledAt + (t.cancelingMs ?? 0)) {
    for (const { item, version } of submissionVersions(ctx, submission)) {
      ctx.store.update(item.type, item.id, { attributes: { state: "REMOVED" } });
      releaseItemVersion(ctx, version, "DEVELOPER_REJECTED");
    }
    return ctx.store.update(submission.type, submission.id, { attributes: { state: "COMPLETE" } });
  }
  if ((state !== "WAITING_FOR_REVIEW" && state !== "IN_REVIEW") || t.submittedAt === undefined) return submission;
  const inReviewAt = t.submittedAt + (t.waitingForReviewMs ?? 0);
  const decidedAt = inReviewAt + (t.inReviewMs ?? 0);
  if (ctx.now >= decidedAt) {
    const approved = t.outcome !== "REJECTED";
    for (const { item, version } of submissionVersions(ctx, submission)) {
      ctx.store.update(item.type, item.id, { attributes: { state: approved ? "APPROVED" : "REJECTED" } });
      if (approved) approveVersion(ctx, ctx.store.get(version.type, version.id)!, decidedAt);
      else {
        setVersionState(ctx, version, "REJECTED");
        setAppInfoState(ctx, version, "REJECTED");
      }
    }
    return ctx.store.update(submission.type, submission.id, { attributes: { state: approved ? "COMPLETE" : "UNRESOLVED_ISSUES" } });
  }
  if (ctx.now >= inReviewAt && state === "WAITING_FOR_REVIEW") {
    for (const { version } of submissionVersions(ctx, submission)) {
      setVersionState(ctx, version, "IN_REVIEW");
      setAppInfoState(ctx, version, "IN_REVIEW");
    }
    return ctx.store.update(submission.type, submission.id, { attributes: { state: "IN_REVIEW" } });
  }
  return submission;
}

/** Advances every submission that has `version` as an item. */
export function advanceSubmissionsOf(ctx: RuleContext, version: StoredResource): void {
  for (const source of ctx.store.edges.sources(version, "appStoreVersion")) {
    if (source.from.type !== "reviewSubmissionItems") continue;
    const item = ctx.store.get(source.from.type, source.from.id);
    const submissionId = item?.internal.submissionId;
    const submission = typeof submissionId === "string" ? ctx.store.get("reviewSubmissions", submissionId) : undefined;
    if (submission) advanceSubmission(ctx, submission);
  }
}
