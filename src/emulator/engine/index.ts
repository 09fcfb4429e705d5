// The emulator's data side in one import: store, engine, rules, scenario and demo seed.
export { createEngine } from "./create-engine.js";
export type { CreateEngineOptions, EmulatorEngine } from "./create-engine.js";
export { DEFAULT_ENGINE_CONFIG } from "./engine-config.js";
export type { EngineConfig } from "./engine-config.js";
export type { RuleRegistry } from "./rule-registry.js";
export type { DataAccess, LinkChange, LinkMode, RelationshipValue, ResourceDraft, ResourceInput, ResourcePatch, RuleContext, RuleHooks } from "./rule-types.js";
export type { AddBuildOptions, AddedBuild, Scenario } from "./scenario.js";
export type { ResourceModel, RelationshipInfo } from "./resource-model.js";
export { openStore } from "../store/open-store.js";
export type { OpenStoreOptions, ResourceRef, Store, StoredResource } from "../store/open-store.js";
export { seedDemo } from "../seed/seed-demo.js";
export type { DemoSeed, SeedDemoOptions } from "../seed/seed-demo.js";
export type { BuildOutcome } from "../rules/build-rules.js";
