import { ApiFailure, stateError } from "../api-failure.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { ResourceRef, StoredResource } from "../store/open-store.js";
import { betaReviewTiming, plannedOutcome } from "./beta-review-settings.js";
import { submissionProblems } from "./beta-submission-checks.js";

/** Private state of a betaAppReviewSubmission. */
interface SubmissionInternal {
  inReviewAt?: number;
  decidedAt?: number;
}

const refOf = (value: unknown): ResourceRef | undefined => (value && !Array.isArray(value) ? (value as ResourceRef) : undefined);

/** Moves a submission along WAITING_FOR_REVIEW → IN_REVIEW → APPROVED | REJECTED from the clock. */
function advanceSubmission(ctx: RuleContext, submission: StoredResource): StoredResource {
  const internal = submission.internal as SubmissionInternal;
  const state = submission.attributes.betaReviewState;
  let next: string | undefined;
  if ((state === "WAITING_FOR_REVIEW" || state === "IN_REVIEW") && internal.decidedAt !== undefined && ctx.now >= internal.decidedAt) {
    const build = ctx.store.edges.targets(submission, "build")[0];
    next = build ? plannedOutcome(ctx.store, build.id) : "APPROVED";
  } else if (state === "WAITING_FOR_REVIEW" && internal.inReviewAt !== undefined && ctx.now >= internal.inReviewAt) next = "IN_REVIEW";
  if (!next) return submission;
  return ctx.store.update(submission.type, submission.id, { attributes: { betaReviewState: next } });
}

const REVIEW_TO_EXTERNAL: Record<string, string> = {
  WAITING_FOR_REVIEW: "WAITING_FOR_BETA_REVIEW",
  IN_REVIEW: "IN_BETA_REVIEW",
  REJECTED: "BETA_REJECTED",
  APPROVED: "BETA_APPROVED",
};

// External states this feature owns; anything else (PROCESSING, MISSING_EXPORT_COMPLIANCE, EXPIRED…) belongs to build rules.
const REVIEW_EXTERNAL = new Set(["READY_FOR_BETA_SUBMISSION", "WAITING_FOR_BETA_REVIEW", "IN_BETA_REVIEW", "BETA_REJECTED", "BETA_APPROVED", "IN_BETA_TESTING"]);

function groupsOf(ctx: RuleContext, build: ResourceRef) {
  return ctx.store.edges.targets(build, "betaGroups").flatMap((g) => ctx.store.get(g.type, g.id) ?? []);
}

/**
 * The beta detail's states that follow from review and group membership: external testers get the
 * build once it is approved and in an external group; internal testers once it is in an internal
 * group (or the app has a group with access to all builds).
 */
export function syncReviewStates(ctx: RuleContext, detail: StoredResource): StoredResource {
  const buildRef = ctx.store.edges.targets(detail, "build")[0];
  const build = buildRef && ctx.store.get(buildRef.type, buildRef.id);
  if (!build || build.attributes.expired === true) return detail;
  const changes: Record<string, unknown> = {};

  const external = String(detail.attributes.externalBuildState);
  const submissionRef = ctx.store.edges.targets(build, "betaAppReviewSubmission")[0];
  const submission = submissionRef && ctx.data.get(submissionRef.type, submissionRef.id);
  if (submission && REVIEW_EXTERNAL.has(external)) {
    const review = String(submission.attributes.betaReviewState);
    let wanted = REVIEW_TO_EXTERNAL[review] ?? external;
    if (review === "APPROVED" && groupsOf(ctx, build).some((g) => g.attributes.isInternalGroup !== true)) wanted = "IN_BETA_TESTING";
    if (wanted !== external) changes.externalBuildState = wanted;
  }

  if (detail.attributes.internalBuildState === "READY_FOR_BETA_TESTING") {
    const app = ctx.store.edges.targets(build, "app")[0];
    const allBuildsGroup = app
      ? ctx.store.edges.targets(app, "betaGroups").some((g) => {
          const a = ctx.store.get(g.type, g.id)?.attributes;
          return a?.isInternalGroup === true && a.hasAccessToAllBuilds === true;
        })
      : false;
    if (allBuildsGroup || groupsOf(ctx, build).some((g) => g.attributes.isInternalGroup === true)) changes.internalBuildState = "IN_BETA_TESTING";
  }
  return Object.keys(changes).length ? ctx.store.update(detail.type, detail.id, { attributes: changes }) : detail;
}

export const betaAppReviewSubmissionRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const ref = refOf(draft.relationships.build);
    if (!ref) return; // the HTTP layer already requires relationships.build
    const build = ctx.data.require("builds", ref.id);
    const existing = ctx.store.edges.targets(build, "betaAppReviewSubmission")[0];
    if (existing) {
      const state = ctx.data.get(existing.type, existing.id)?.attributes.betaReviewState;
      throw stateError(`Build '${build.id}' was already submitted for Beta App Review (${String(state)}).`, "STATE_ERROR.ENTITY_STATE_INVALID");
    }
    const problems = submissionProblems(ctx.data, build);
    if (Object.keys(problems).length) {
      throw new ApiFailure({
        status: 409,
        code: "STATE_ERROR",
        title: "The request cannot be fulfilled because of the state of another resource.",
        detail: `Build '${build.id}' cannot be submitted for Beta App Review.`,
        meta: { associatedErrors: problems },
      });
    }
    const timing = betaReviewTiming(ctx.store);
    const internal = draft.internal as SubmissionInternal;
    internal.inReviewAt = ctx.now + timing.waitingForReviewMs;
    internal.decidedAt = internal.inReviewAt + timing.inReviewMs;
    draft.attributes = { betaReviewState: "WAITING_FOR_REVIEW", submittedDate: new Date(ctx.now).toISOString() };
  },
  afterCreate(ctx, submission) {
    const build = ctx.store.edges.targets(submission, "build")[0];
    const detail = build && ctx.store.edges.targets(build, "buildBetaDetail")[0];
    if (detail) ctx.store.update(detail.type, detail.id, { attributes: { externalBuildState: "WAITING_FOR_BETA_REVIEW" } });
  },
  onRead(ctx, submission) {
    return advanceSubmission(ctx, submission);
  },
};

/** Runs after the build rules' own beta-detail hook, which has already advanced processing. */
export const buildBetaDetailReviewRules: RuleHooks = {
  onRead(ctx, detail) {
    return syncReviewStates(ctx, ctx.store.get(detail.type, detail.id) ?? detail);
  },
};
