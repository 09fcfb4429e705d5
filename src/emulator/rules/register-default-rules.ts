import type { RuleRegistry } from "../engine/rule-registry.js";
import { appRules } from "./app-rules.js";
import { betaGroupRules } from "./beta-group-rules.js";
import { betaTesterRules } from "./beta-tester-rules.js";
import { buildBetaDetailRules, buildRules } from "./build-rules.js";
import { bundleIdRules } from "./bundle-id-rules.js";
import { preReleaseVersionRules } from "./pre-release-version-rules.js";

/** The domain rules every engine starts with; later features register more with `rules.register`. */
export function registerDefaultRules(rules: RuleRegistry): void {
  rules.register("apps", appRules);
  rules.register("bundleIds", bundleIdRules);
  rules.register("preReleaseVersions", preReleaseVersionRules);
  rules.register("builds", buildRules);
  rules.register("buildBetaDetails", buildBetaDetailRules);
  rules.register("betaGroups", betaGroupRules);
  rules.register("betaTesters", betaTesterRules);
}
