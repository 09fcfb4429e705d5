import type { RuleHooks } from "./rule-types.js";

/** Rule hooks by resource type; several registrations for one type all run, in registration order. */
export interface RuleRegistry {
  register(type: string, hooks: RuleHooks): void;
  hooksFor(type: string): readonly RuleHooks[];
}

export function createRuleRegistry(): RuleRegistry {
  const byType = new Map<string, RuleHooks[]>();
  return {
    register(type, hooks) {
      byType.set(type, [...(byType.get(type) ?? []), hooks]);
    },
    hooksFor(type) {
      return byType.get(type) ?? [];
    },
  };
}
