import { entityError, stateError } from "../api-failure.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { StoredResource } from "../store/open-store.js";
import { reviewConfig } from "./review-config.js";
import { OPEN_SUBMISSION_STATES, advanceSubmission, markSubmitted, releaseItemVersion, submissionVersions, type SubmissionTimeline } from "./review-timeline.js";
import { hasErrors, versionReadiness, type AssociatedErrors } from "./submission-readiness.js";
import { SUBMITTABLE_VERSION_STATES, firstTarget, refOf, stateOf } from "./version-states.js";

const ITEM_RELATIONSHIPS = [
  "appStoreVersion",
  "appCustomProductPageVersion",
  "appStoreVersionExperiment",
  "appStoreVersionExperimentV2",
  "appEvent",
  "backgroundAssetVersion",
  "gameCenterAchievementVersion",
  "gameCenterActivityVersion",
  "gameCenterChallengeVersion",
  "gameCenterLeaderboardSetVersion",
  "gameCenterLeaderboardVersion",
  "inAppPurchaseVersion",
  "subscriptionVersion",
  "subscriptionGroupVersion",
];

const stateInvalid = (detail: string, associatedErrors?: AssociatedErrors) =>
  stateError(detail, "STATE_ERROR.ENTITY_STATE_INVALID", associatedErrors ? { associatedErrors } : undefined);

/** Submissions of an app and platform that are not COMPLETE (after advancing them). */
export function openSubmissions(ctx: RuleContext, appId: string, platform: string, exceptId?: string): StoredResource[] {
  return ctx.store.edges
    .targets({ type: "apps", id: appId }, "reviewSubmissions")
    .flatMap((ref) => ctx.data.get(ref.type, ref.id) ?? [])
    .filter((s) => s.id !== exceptId && s.attributes.platform === platform && OPEN_SUBMISSION_STATES.has(String(s.attributes.state)));
}

function submit(ctx: RuleContext, submission: StoredResource): Record<string, unknown> {
  const state = String(submission.attributes.state);
  if (state !== "READY_FOR_REVIEW" && state !== "UNRESOLVED_ISSUES")
    throw stateInvalid(`The review submission is ${state}; only a submission that is READY_FOR_REVIEW or UNRESOLVED_ISSUES can be submitted.`);
  const entries = submissionVersions(ctx, submission);
  if (!ctx.store.edges.targets(submission, "items").length) throw stateInvalid("The review submission has no items to submit.");
  const problems: AssociatedErrors = {};
  for (const { version } of entries) Object.assign(problems, versionReadiness(ctx, ctx.data.get(version.type, version.id) ?? version));
  if (hasErrors(problems)) throw stateInvalid("The review submission cannot be submitted because one or more items are not ready.", problems);
  const config = reviewConfig(ctx.store);
  const timeline: SubmissionTimeline = {
    submittedAt: ctx.now,
    waitingForReviewMs: config.waitingForReviewMs,
    inReviewMs: config.inReviewMs,
    outcome: config.outcome,
  };
  ctx.store.update(submission.type, submission.id, { internal: { ...timeline } });
  return { state: "WAITING_FOR_REVIEW", submittedDate: new Date(ctx.now).toISOString() };
}

function cancel(ctx: RuleContext, submission: StoredResource): Record<string, unknown> {
  const state = String(submission.attributes.state);
  if (state === "READY_FOR_REVIEW") {
    // Never submitted: nothing for App Review to stop, so it closes at once.
    for (const { item, version } of submissionVersions(ctx, submission)) {
      ctx.store.update(item.type, item.id, { attributes: { state: "REMOVED" } });
      releaseItemVersion(ctx, version, "PREPARE_FOR_SUBMISSION");
    }
    return { state: "COMPLETE" };
  }
  if (state !== "WAITING_FOR_REVIEW" && state !== "IN_REVIEW" && state !== "UNRESOLVED_ISSUES")
    throw stateInvalid(`The review submission is ${state} and cannot be canceled.`);
  ctx.store.update(submission.type, submission.id, { internal: { canceledAt: ctx.now, cancelingMs: reviewConfig(ctx.store).cancelingMs } });
  return { state: "CANCELING" };
}

export const reviewSubmissionRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const app = refOf(draft.relationships.app);
    const platform = String(draft.attributes.platform ?? "IOS");
    if (app) {
      ctx.data.get(app.type, app.id);
      const open = openSubmissions(ctx, app.id, platform)[0];
      if (open)
        throw stateInvalid(`The app already has an open review submission for ${platform} (${open.id}, ${String(open.attributes.state)}); add items to it or wait until it completes.`);
    }
    draft.attributes = { platform, state: "READY_FOR_REVIEW", submittedDate: null };
  },
  beforeUpdate(ctx, current, patch) {
    const a = patch.attributes;
    const changes: Record<string, unknown> = {};
    if (a.platform !== undefined && a.platform !== current.attributes.platform) {
      if (current.attributes.state !== "READY_FOR_REVIEW" || ctx.store.edges.targets(current, "items").length)
        throw stateInvalid("The platform can only be changed on an empty submission that is READY_FOR_REVIEW.");
      changes.platform = a.platform;
    }
    if (a.canceled === true) Object.assign(changes, cancel(ctx, current));
    else if (a.submitted === true) Object.assign(changes, submit(ctx, current));
    // `submitted` and `canceled` are write-only commands, never stored.
    patch.attributes = changes;
  },
  afterUpdate(ctx, submission, previous) {
    if (submission.attributes.state === "WAITING_FOR_REVIEW" && previous.attributes.state !== "WAITING_FOR_REVIEW") markSubmitted(ctx, submission);
  },
  onRead(ctx, submission) {
    return advanceSubmission(ctx, submission);
  },
};

export const reviewSubmissionItemRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const submissionRef = refOf(draft.relationships.reviewSubmission);
    const submission = submissionRef && ctx.data.get("reviewSubmissions", submissionRef.id);
    if (!submission) throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", "A review submission is required.", "/data/relationships/reviewSubmission");
    const state = String(submission.attributes.state);
    if (state !== "READY_FOR_REVIEW" && state !== "UNRESOLVED_ISSUES")
      throw stateInvalid(`Items cannot be added to a review submission that is ${state}.`);
    const targets = ITEM_RELATIONSHIPS.filter((rel) => refOf(draft.relationships[rel]));
    if (targets.length !== 1)
      throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", "A review submission item must name exactly one item to review (for example appStoreVersion).", "/data/relationships");
    const versionRef = refOf(draft.relationships.appStoreVersion);
    if (versionRef) {
      const version = ctx.data.require("appStoreVersions", versionRef.id);
      const path = `/v1/appStoreVersions/${version.id}`;
      const app = firstTarget(ctx, submission, "app");
      if (firstTarget(ctx, version, "app")?.id !== app?.id)
        throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", "The version belongs to another app than the review submission.", "/data/relationships/appStoreVersion");
      if (version.attributes.platform !== submission.attributes.platform)
        throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", `The version is for ${String(version.attributes.platform)} but the submission is for ${String(submission.attributes.platform)}.`, "/data/relationships/appStoreVersion");
      const elsewhere = app ? openSubmissions(ctx, app.id, String(submission.attributes.platform), submission.id).find((s) => submissionVersions(ctx, s).some((e) => e.version.id === version.id)) : undefined;
      if (elsewhere)
        throw stateInvalid("The item cannot be added to the review submission.", {
          [path]: [{ code: "STATE_ERROR.ENTITY_INVALID", detail: `The version is already in review submission ${elsewhere.id} (${String(elsewhere.attributes.state)}).` }],
        });
      if (submissionVersions(ctx, submission).some((e) => e.version.id === version.id))
        throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", "The version is already an item of this review submission.", "/data/relationships/appStoreVersion");
      if (!SUBMITTABLE_VERSION_STATES.has(stateOf(version)) && !(state === "UNRESOLVED_ISSUES" && stateOf(version) === "REJECTED"))
        throw stateInvalid("The item cannot be added to the review submission.", {
          [path]: [{ code: "STATE_ERROR.ENTITY_STATE_INVALID", detail: `The version is ${stateOf(version)}; only a version that is being prepared can be submitted.` }],
        });
      const problems = versionReadiness(ctx, version);
      if (hasErrors(problems)) throw stateInvalid("The item cannot be added to the review submission.", problems);
    }
    draft.attributes = { state: "READY_FOR_REVIEW" };
    draft.internal = { ...draft.internal, submissionId: submission.id };
  },
  afterCreate(ctx, item) {
    // The spec gives items no `reviewSubmission` relationship to read back, so the submission's side is linked here.
    const submissionId = String(item.internal.submissionId);
    ctx.store.edges.add({ type: "reviewSubmissions", id: submissionId }, "items", item);
    const version = firstTarget(ctx, item, "appStoreVersion");
    if (version) {
      const submission = { type: "reviewSubmissions", id: submissionId };
      ctx.store.edges.clear(submission, "appStoreVersionForReview");
      ctx.store.edges.add(submission, "appStoreVersionForReview", version);
      releaseItemVersionTo(ctx, version, "READY_FOR_REVIEW");
    }
  },
  beforeUpdate(ctx, item, patch) {
    const a = patch.attributes;
    const changes: Record<string, unknown> = {};
    if (a.removed === true) {
      withdraw(ctx, item);
      changes.state = "REMOVED";
    } else if (a.resolved === true && item.attributes.state === "REJECTED") {
      changes.state = "READY_FOR_REVIEW";
    }
    patch.attributes = changes;
  },
  beforeDelete(ctx, item) {
    withdraw(ctx, item);
  },
  onRead(ctx, item) {
    const submissionId = item.internal.submissionId;
    const submission = typeof submissionId === "string" ? ctx.store.get("reviewSubmissions", submissionId) : undefined;
    if (submission) advanceSubmission(ctx, submission);
    return ctx.store.get(item.type, item.id) ?? item;
  },
};

/** READY_FOR_REVIEW for a version added to a draft submission; anything else leaves the version alone. */
function releaseItemVersionTo(ctx: RuleContext, version: StoredResource, state: "READY_FOR_REVIEW"): void {
  if (SUBMITTABLE_VERSION_STATES.has(stateOf(version))) ctx.store.update(version.type, version.id, { attributes: { appVersionState: state, appStoreState: state } });
}

/** Takes an item out of its submission; only possible before App Review has it. */
function withdraw(ctx: RuleContext, item: StoredResource): void {
  const submissionId = String(item.internal.submissionId);
  const submission = ctx.data.get("reviewSubmissions", submissionId);
  const state = String(submission?.attributes.state);
  if (submission && state !== "READY_FOR_REVIEW" && state !== "UNRESOLVED_ISSUES")
    throw stateInvalid(`Items cannot be removed from a review submission that is ${state}.`);
  if (submission) {
    ctx.store.edges.remove(submission, "items", item);
    const version = firstTarget(ctx, item, "appStoreVersion");
    if (version) {
      ctx.store.edges.remove(submission, "appStoreVersionForReview", version);
      if (stateOf(version) === "READY_FOR_REVIEW") releaseItemVersion(ctx, version, "PREPARE_FOR_SUBMISSION");
    }
  }
}
