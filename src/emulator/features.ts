import type { EmulatorEngine } from "./engine/index.js";
import type { FeatureDeps } from "./feature-deps.js";
import type { ExtraRoute } from "./http/extra-route.js";
import { registerRelease } from "./release/index.js";
import { registerBuildUploads } from "./build-uploads/index.js";
import { registerTestflight } from "./testflight/index.js";
import { registerMedia } from "./media/index.js";
import { registerReports } from "./reports/index.js";

export type { FeatureDeps } from "./feature-deps.js";

/**
 * Feature modules (build uploads, beta review, App Store review, media, reports…) register their
 * rules and operation handlers here, one line each, so the wiring stays in one visible place.
 */
export function registerFeatures(engine: EmulatorEngine, deps: FeatureDeps): ExtraRoute[] {
  // Each feature adds one call here, e.g. registerBuildUploads(engine, deps).
  registerTestflight(engine, deps);
  registerBuildUploads(engine, deps);
  registerRelease(engine, deps);
  registerMedia(engine, deps);
  // Reports serve analytics segments from a storage host of their own.
  return registerReports(engine);
}
