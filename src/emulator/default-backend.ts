import { createEngine, openStore, seedDemo, type DemoSeed, type EmulatorEngine } from "./engine/index.js";
import type { Engine } from "./engine-types.js";
import type { ExtraRoute } from "./http/extra-route.js";
import { registerFeatures } from "./features.js";
import { createUploadStorage, type UploadStorage } from "./storage/index.js";

/** The data side behind the HTTP server: engine, demo data, and what to release on close. */
export interface Backend<E extends Engine = Engine> {
  engine: E;
  demo: DemoSeed | undefined;
  /** The asset storage host behind upload operations (absent with a caller-supplied engine). */
  storage?: UploadStorage;
  /** Non-API routes the data side serves (e.g. the upload storage host). */
  routes?: ExtraRoute[];
  close(): Promise<void> | void;
}

export interface BackendOptions {
  dataFile?: string;
  seed?: number;
  now: () => number;
  processingDelayMs?: number;
  demo?: boolean;
}

/** The one place where the HTTP side meets the data side: SQLite store, engine and demo seed. */
export async function createDefaultBackend(options: BackendOptions): Promise<Backend<EmulatorEngine>> {
  const store = openStore({
    ...(options.dataFile !== undefined ? { file: options.dataFile } : {}),
    ...(options.seed !== undefined ? { idSeed: String(options.seed) } : {}),
  });
  try {
    const engine = createEngine({
      store,
      now: options.now,
      ...(options.processingDelayMs !== undefined ? { config: { processingDelayMs: options.processingDelayMs } } : {}),
    });
    const storage = createUploadStorage();
    const featureRoutes = registerFeatures(engine, { storage });
    const demo = options.demo === false ? undefined : seedDemo(engine);
    return { engine, demo, storage, routes: [storage.route, ...featureRoutes], close: () => store.close() };
  } catch (error) {
    store.close();
    throw error;
  }
}
