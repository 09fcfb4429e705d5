import { createEngine } from "../engine/create-engine.js";
import type { EmulatorEngine } from "../engine/create-engine.js";
import type { Store } from "../store/open-store.js";

/** Ids of the demo team's resources, for tests, docs and the `asckit demo` tour. */
export interface DemoSeed {
  /** "Demo App", bundle ID com.example.demo (6450000001 in a fresh store). */
  appId: string;
  /** "Sample Widget Tools", bundle ID com.example.widgettools. */
  secondAppId: string;
  bundleIdIds: { demo: string; widget: string; widgetTools: string };
  preReleaseVersionIds: { "1.0.0": string; "1.1.0": string };
  /** By build number: "1" and "2" (1.0.0, VALID), "3" (1.1.0, PROCESSING until `processingDelayMs` passes). */
  buildIds: { "1": string; "2": string; "3": string };
  /** A build's beta detail shares the build's id. */
  buildBetaDetailIds: { "1": string; "2": string; "3": string };
  betaGroupIds: { internal: string; external: string };
  /** Ada (internal group), Grace (both groups), Alan (public beta). */
  betaTesterIds: { ada: string; grace: string; alan: string };
}

export interface SeedDemoOptions {
  /** Engine config used when seeding a bare store. */
  processingDelayMs?: number;
}

const DAY_MS = 86_400_000;
const META_KEY = "demoSeed";

const isEngine = (target: EmulatorEngine | Store): target is EmulatorEngine => "scenario" in target;

/**
 * Seeds a deterministic demo team. Idempotent: a store that already holds the demo (a reopened
 * data file) returns the ids recorded the first time.
 */
export function seedDemo(target: EmulatorEngine | Store, options: SeedDemoOptions = {}): DemoSeed {
  const engine = isEngine(target)
    ? target
    : createEngine({ store: target, ...(options.processingDelayMs !== undefined ? { config: { processingDelayMs: options.processingDelayMs } } : {}) });
  const existing = engine.store.meta.get<DemoSeed>(META_KEY);
  if (existing) return existing;

  return engine.store.transaction(() => {
    const now = engine.now();
    const data = engine.data(now);
    const iso = (ms: number) => new Date(ms).toISOString();

    const app = data.create({
      type: "apps",
      attributes: { name: "Demo App", bundleId: "com.example.demo", sku: "DEMO001", primaryLocale: "en-US" },
    });
    const secondApp = data.create({
      type: "apps",
      attributes: { name: "Sample Widget Tools", bundleId: "com.example.widgettools", sku: "WIDGET001", primaryLocale: "en-US" },
    });
    const bundleId = (identifier: string, name: string, appRef?: { type: string; id: string }) =>
      data.create({ type: "bundleIds", attributes: { identifier, name, platform: "IOS" }, relationships: appRef ? { app: appRef } : {} }).id;
    const bundleIdIds = {
      demo: bundleId("com.example.demo", "Demo App", app),
      // A widget extension's App ID: a substring filter for com.example.demo also finds it.
      widget: bundleId("com.example.demo.widget", "Demo App Widget"),
      widgetTools: bundleId("com.example.widgettools", "Sample Widget Tools", secondApp),
    };

    const build1 = engine.scenario.addBuild({ appId: app.id, version: "1", marketingVersion: "1.0.0", uploadedDate: iso(now - 10 * DAY_MS), usesNonExemptEncryption: false });
    const build2 = engine.scenario.addBuild({ appId: app.id, version: "2", marketingVersion: "1.0.0", uploadedDate: iso(now - 3 * DAY_MS), usesNonExemptEncryption: false });
    const build3 = engine.scenario.addBuild({ appId: app.id, version: "3", marketingVersion: "1.1.0", uploadedDate: iso(now) });

    const internal = data.create({
      type: "betaGroups",
      attributes: { name: "Internal Testers", isInternalGroup: true },
      relationships: { app, builds: [{ type: "builds", id: build1.buildId }, { type: "builds", id: build2.buildId }] },
    });
    const external = data.create({
      type: "betaGroups",
      attributes: { name: "Public Beta", isInternalGroup: false, publicLinkEnabled: true, publicLinkLimitEnabled: true, publicLinkLimit: 100 },
      relationships: { app },
    });
    const tester = (firstName: string, lastName: string, email: string, state: string, groups: Array<{ type: string; id: string }>) =>
      data.create({ type: "betaTesters", attributes: { firstName, lastName, email, state }, relationships: { betaGroups: groups } }).id;
    const betaTesterIds = {
      ada: tester("Ada", "Lovelace", "ada@example.com", "INSTALLED", [internal]),
      grace: tester("Grace", "Hopper", "grace@example.com", "ACCEPTED", [internal, external]),
      alan: tester("Alan", "Turing", "alan@example.com", "INVITED", [external]),
    };

    const seed: DemoSeed = {
      appId: app.id,
      secondAppId: secondApp.id,
      bundleIdIds,
      preReleaseVersionIds: { "1.0.0": build1.preReleaseVersionId, "1.1.0": build3.preReleaseVersionId },
      buildIds: { "1": build1.buildId, "2": build2.buildId, "3": build3.buildId },
      buildBetaDetailIds: { "1": build1.buildBetaDetailId, "2": build2.buildBetaDetailId, "3": build3.buildBetaDetailId },
      betaGroupIds: { internal: internal.id, external: external.id },
      betaTesterIds,
    };
    engine.store.meta.set(META_KEY, seed);
    return seed;
  });
}
