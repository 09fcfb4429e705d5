import type { RuleHooks } from "../engine/rule-types.js";

export const preReleaseVersionRules: RuleHooks = {
  beforeCreate(_ctx, draft) {
    draft.attributes = { platform: "IOS", ...draft.attributes };
  },
};
