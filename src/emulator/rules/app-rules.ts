import { stateError } from "../api-failure.js";
import type { RuleHooks } from "../engine/rule-types.js";

export const appRules: RuleHooks = {
  beforeCreate(_ctx, draft) {
    // Apps are created in App Store Connect itself (the API has no POST); seeds come through here.
    draft.attributes = {
      primaryLocale: "en-US",
      isOrEverWasMadeForKids: false,
      accessibilityUrl: null,
      subscriptionStatusUrl: null,
      subscriptionStatusUrlVersion: null,
      subscriptionStatusUrlForSandbox: null,
      subscriptionStatusUrlVersionForSandbox: null,
      contentRightsDeclaration: null,
      streamlinedPurchasingEnabled: true,
      ...draft.attributes,
    };
  },
  beforeUpdate(ctx, current, patch) {
    const bundleId = patch.attributes.bundleId;
    if (bundleId !== undefined && bundleId !== current.attributes.bundleId && ctx.store.edges.targets(current, "builds").length)
      throw stateError("The bundle ID of an app cannot be changed after a build has been uploaded.", "STATE_ERROR.ENTITY_STATE_INVALID");
  },
};
