import type { EmulatorEngine, Store } from "../engine/index.js";
import type { ProcessingOutcome } from "./process-asset.js";

/** A scripted processing result for the next committed asset (optionally only one with this file name). */
export type ScriptedMediaOutcome =
  | { fileName?: string; state: "FAILED"; code: string; description?: string }
  /** Stays UPLOAD_COMPLETE forever, like an asset Apple never finishes processing. */
  | { fileName?: string; state: "STUCK" };

const KEY = "media.scriptedOutcomes";

/** Scenario hook for tests and rehearsals: make an upload end FAILED with a given code, or never finish. */
export function scriptMediaOutcome(engine: EmulatorEngine, outcome: ScriptedMediaOutcome): void {
  const queue = engine.store.meta.get<ScriptedMediaOutcome[]>(KEY) ?? [];
  engine.store.meta.set(KEY, [...queue, outcome]);
}

/** Takes the first scripted outcome that applies to `fileName`, if any. */
export function takeScenarioOutcome(store: Store, fileName: string): ProcessingOutcome | { state: "STUCK" } | undefined {
  const queue = store.meta.get<ScriptedMediaOutcome[]>(KEY) ?? [];
  const index = queue.findIndex((o) => o.fileName === undefined || o.fileName === fileName);
  if (index < 0) return undefined;
  const [picked] = queue.splice(index, 1);
  store.meta.set(KEY, queue);
  if (picked!.state === "STUCK") return { state: "STUCK" };
  return { state: "FAILED", errors: [{ code: picked!.code, description: picked!.description ?? `Processing failed (${picked!.code}).` }] };
}
