import type { EmulatorEngine } from "./engine/index.js";
import type { UploadStorage } from "./storage/index.js";

/** What feature modules get when they plug into the engine. */
export interface FeatureDeps {
  /** The emulator's asset storage host (pre-signed part uploads). */
  storage: UploadStorage;
}

/**
 * Feature modules (build uploads, beta review, App Store review, media, reports…) register their
 * rules and operation handlers here, one line each, so the wiring stays in one visible place.
 */
export function registerFeatures(_engine: EmulatorEngine, _deps: FeatureDeps): void {
  // Each feature adds one call here, e.g. registerBuildUploads(engine, deps).
}
