import { entityError, stateError } from "../api-failure.js";
import type { RuleHooks } from "../engine/rule-types.js";

// Apple: alphanumerics, hyphens and periods (reverse-DNS); a trailing `*` makes a wildcard App ID.
const IDENTIFIER = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(\.\*)?$|^\*$/;

// The platforms Apple's API documents for a bundle ID. The saved spec's BundleIdPlatform also lists
// SERVICES, added by the spec patcher (facts, section 5): the generic body check lets it through, so
// it is refused here the way Apple refuses any value outside the enum.
const PLATFORMS = ["IOS", "MAC_OS", "UNIVERSAL"];

export const bundleIdRules: RuleHooks = {
  beforeCreate(ctx, draft) {
    const platform = draft.attributes.platform;
    if (typeof platform === "string" && !PLATFORMS.includes(platform))
      throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `The attribute 'platform' has the invalid value '${platform}'. Allowed values: ${PLATFORMS.join(", ")}`, "/data/attributes/platform");
    const identifier = String(draft.attributes.identifier ?? "");
    if (!IDENTIFIER.test(identifier))
      throw entityError(
        "ENTITY_ERROR.ATTRIBUTE.INVALID",
        `An attribute value has invalid characters. The identifier '${identifier}' may contain only alphanumerics, hyphens and periods.`,
        "/data/attributes/identifier",
      );
    // Bundle IDs are case-insensitive and unique within the team (the emulator hosts one team).
    const taken = ctx.store.list("bundleIds").some((b) => String(b.attributes.identifier).toLowerCase() === identifier.toLowerCase());
    if (taken)
      throw entityError(
        "ENTITY_ERROR.ATTRIBUTE.INVALID",
        `An App ID with Identifier '${identifier}' is not available. Please enter a different string.`,
        "/data/attributes/identifier",
      );
    draft.attributes = { ...draft.attributes, seedId: draft.attributes.seedId ?? ctx.config.teamId };
  },
  beforeUpdate(_ctx, current, patch) {
    for (const key of ["identifier", "platform", "seedId"]) {
      if (key in patch.attributes && patch.attributes[key] !== current.attributes[key])
        throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `The attribute '${key}' of a bundle ID cannot be changed.`, `/data/attributes/${key}`);
    }
  },
  beforeDelete(ctx, bundleId) {
    if (ctx.store.edges.targets(bundleId, "app").length)
      throw stateError(
        `The App ID '${String(bundleId.attributes.identifier)}' is used by an app in App Store Connect and cannot be deleted.`,
        "STATE_ERROR.ENTITY_STATE_INVALID",
      );
  },
};
