import { entityError } from "../api-failure.js";
import { highest, nextBuildNumber, sameBuildNumber } from "../build-uploads/build-number-order.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { StoredResource } from "../store/open-store.js";

export type BuildOutcome = "VALID" | "INVALID" | "FAILED";

const DAY_MS = 86_400_000;

/** Private build state kept in `internal`. */
interface BuildInternal {
  outcome?: BuildOutcome;
  /** Epoch ms at which processing finishes. */
  processingReadyAt?: number;
  /** Per-build override of `config.processingDelayMs` (scenarios). */
  processingDelayMs?: number;
}

export interface BetaStates {
  internalBuildState: string;
  externalBuildState: string;
}

/** The TestFlight states a build's own facts imply (before any beta review or tester activity). */
export function betaStatesFor(build: StoredResource): BetaStates {
  const a = build.attributes;
  const both = (s: string): BetaStates => ({ internalBuildState: s, externalBuildState: s });
  if (a.expired === true) return both("EXPIRED");
  if (a.processingState === "PROCESSING") return both("PROCESSING");
  if (a.processingState === "INVALID" || a.processingState === "FAILED") return both("PROCESSING_EXCEPTION");
  if (a.usesNonExemptEncryption === null || a.usesNonExemptEncryption === undefined) return both("MISSING_EXPORT_COMPLIANCE");
  return { internalBuildState: "READY_FOR_BETA_TESTING", externalBuildState: "READY_FOR_BETA_SUBMISSION" };
}

// States derived from the build alone; later flows (beta review, testing) move the detail beyond
// them and recomputation must not undo that.
const DERIVED_INTERNAL = new Set(["PROCESSING", "PROCESSING_EXCEPTION", "MISSING_EXPORT_COMPLIANCE", "READY_FOR_BETA_TESTING", "EXPIRED"]);
const DERIVED_EXTERNAL = new Set(["PROCESSING", "PROCESSING_EXCEPTION", "MISSING_EXPORT_COMPLIANCE", "READY_FOR_BETA_SUBMISSION", "EXPIRED"]);

/** Brings the build's buildBetaDetail in line with the build (expiry always wins). */
export function syncBuildBetaDetail(ctx: RuleContext, build: StoredResource): void {
  const ref = ctx.store.edges.targets(build, "buildBetaDetail")[0];
  const detail = ref && ctx.store.get(ref.type, ref.id);
  if (!detail) return;
  const wanted = betaStatesFor(build);
  const current = detail.attributes;
  const next: Record<string, unknown> = {};
  const expired = build.attributes.expired === true;
  const internal = current.internalBuildState as string | undefined;
  const external = current.externalBuildState as string | undefined;
  if ((expired || internal === undefined || DERIVED_INTERNAL.has(internal)) && internal !== wanted.internalBuildState)
    next.internalBuildState = wanted.internalBuildState;
  if ((expired || external === undefined || DERIVED_EXTERNAL.has(external)) && external !== wanted.externalBuildState)
    next.externalBuildState = wanted.externalBuildState;
  if (Object.keys(next).length) ctx.store.update(detail.type, detail.id, { attributes: next });
}

/** Advances processing and expiry lazily from the clock; no timers. */
export function advanceBuild(ctx: RuleContext, build: StoredResource): StoredResource {
  const internal = build.internal as BuildInternal;
  const changes: Record<string, unknown> = {};
  if (build.attributes.processingState === "PROCESSING" && internal.processingReadyAt !== undefined && ctx.now >= internal.processingReadyAt)
    changes.processingState = internal.outcome ?? "VALID";
  const expiration = typeof build.attributes.expirationDate === "string" ? Date.parse(build.attributes.expirationDate) : NaN;
  if (build.attributes.expired !== true && ctx.now >= expiration) changes.expired = true;
  if (!Object.keys(changes).length) return build;
  const updated = ctx.store.update(build.type, build.id, { attributes: changes });
  syncBuildBetaDetail(ctx, updated);
  return updated;
}

export const buildRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const a = draft.attributes;
    const internal = draft.internal as BuildInternal;
    const uploaded = typeof a.uploadedDate === "string" ? Date.parse(a.uploadedDate) : ctx.now;
    const prv = draft.relationships.preReleaseVersion;
    if (prv && !Array.isArray(prv) && typeof a.version === "string") {
      // Apple refuses a build number already used for the same version and platform, compared as
      // numbers ("3.0" is "3"). Builds only come from uploads (whose rules also refuse lower numbers)
      // and scenarios, which may lay out a history in any order, so only the duplicate is checked here.
      const builds = ctx.data.relatedResources(prv, "builds");
      const taken = builds.find((b) => sameBuildNumber(String(b.attributes.version), a.version as string));
      if (taken)
        throw entityError(
          "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE",
          `The bundle version '${a.version}' has already been used by build ${taken.id}. The next free build number is '${nextBuildNumber(highest(builds.map((b) => String(b.attributes.version))))}'.`,
          "/data/attributes/version",
        );
    }
    draft.attributes = {
      version: a.version,
      uploadedDate: new Date(uploaded).toISOString(),
      expirationDate: new Date(uploaded + ctx.config.buildExpiryDays * DAY_MS).toISOString(),
      expired: false,
      minOsVersion: "15.0",
      lsMinimumSystemVersion: null,
      iconAssetToken: null,
      processingState: "PROCESSING",
      buildAudienceType: "APP_STORE_ELIGIBLE",
      usesNonExemptEncryption: null,
      ...a,
    };
    internal.outcome ??= "VALID";
    internal.processingReadyAt ??= uploaded + (internal.processingDelayMs ?? ctx.config.processingDelayMs);
  },
  afterCreate(ctx, build) {
    const existing = ctx.store.edges.targets(build, "buildBetaDetail")[0];
    if (!existing) {
      // Apple gives a build's beta detail the build's own id.
      ctx.data.create({ type: "buildBetaDetails", id: build.id, attributes: { autoNotifyEnabled: false }, relationships: { build } });
    }
    syncBuildBetaDetail(ctx, ctx.store.get(build.type, build.id)!);
  },
  beforeUpdate(_ctx, current, patch) {
    if (patch.attributes.expired === false && current.attributes.expired === true)
      throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", "An expired build cannot be made available again.", "/data/attributes/expired");
  },
  afterUpdate(ctx, build) {
    syncBuildBetaDetail(ctx, build);
  },
  onRead(ctx, build) {
    return advanceBuild(ctx, build);
  },
};

export const buildBetaDetailRules: RuleHooks = {
  onRead(ctx, detail) {
    const build = ctx.store.edges.targets(detail, "build")[0];
    if (!build) return detail;
    // Reading the build advances it and re-syncs this detail.
    ctx.data.get(build.type, build.id);
    return ctx.store.get(detail.type, detail.id) ?? detail;
  },
};
