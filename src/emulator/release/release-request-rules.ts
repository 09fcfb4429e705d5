import { entityError, stateError } from "../api-failure.js";
import type { RuleHooks } from "../engine/rule-types.js";
import { releaseVersion } from "./release-version.js";
import { refOf, stateOf } from "./version-states.js";

/** `POST /v1/appStoreVersionReleaseRequests`: releases a version that waits for its developer. */
export const releaseRequestRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const ref = refOf(draft.relationships.appStoreVersion);
    const version = ref && ctx.data.get("appStoreVersions", ref.id);
    if (!version) throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", "An App Store version is required.", "/data/relationships/appStoreVersion");
    if (stateOf(version) !== "PENDING_DEVELOPER_RELEASE")
      throw stateError(`The version is ${stateOf(version)}; only a version that is PENDING_DEVELOPER_RELEASE can be released.`, "STATE_ERROR.ENTITY_STATE_INVALID");
    draft.attributes = {};
  },
  afterCreate(ctx, request) {
    const ref = ctx.store.edges.targets(request, "appStoreVersion")[0];
    const version = ref && ctx.store.get(ref.type, ref.id);
    if (version) releaseVersion(ctx, version, ctx.now);
  },
};
