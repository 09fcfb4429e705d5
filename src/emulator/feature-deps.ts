import type { UploadStorage } from "./storage/index.js";

/** What feature modules get when they plug into the engine (kept apart from features.ts so features never import their registrar). */
export interface FeatureDeps {
  /** The emulator's asset storage host (pre-signed part uploads). */
  storage: UploadStorage;
}
