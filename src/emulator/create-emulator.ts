import { randomUUID, type KeyObject } from "node:crypto";
import { createTokenVerifier } from "./auth/create-token-verifier.js";
import { createKeyRegistry, type GeneratedApiKey, type PublicKeyRegistration } from "./auth/key-registry.js";
import { createDefaultBackend, type Backend } from "./default-backend.js";
import type { DemoSeed, EmulatorEngine } from "./engine/index.js";
import type { Engine } from "./engine-types.js";
import { createFaultInjector } from "./faults/create-fault-injector.js";
import type { FailNextSpec, FaultConfig } from "./faults/fault-config.js";
import { createApiServer, type ServerStats } from "./http/create-api-server.js";
import { createRateLimiter } from "./http/create-rate-limiter.js";
import { createRequestHandler } from "./http/create-request-handler.js";
import { createRequestLogFile } from "./http/request-log-file.js";
import type { ExtraRoute } from "./http/extra-route.js";
import type { RequestLogEntry } from "./http/request-log-entry.js";

export interface EmulatorOptions<E extends Engine = EmulatorEngine> {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** SQLite file to keep data in across runs (default: in memory). */
  dataFile?: string;
  /** Seed for generated ids, demo data and (unless `faults.seed` is set) faults. */
  seed?: number;
  /** The emulator's clock, epoch ms (default Date.now). Drives JWT expiry, rate limits and state machines. */
  now?: () => number;
  /** How injected latency waits (default a real timer); tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
  /** Requests per key per rolling hour (default 3600, as observed at Apple). */
  rateLimitPerHour?: number;
  /** How long uploaded builds stay PROCESSING. */
  processingDelayMs?: number;
  faults?: FaultConfig;
  /** Seed the demo data set (default true). */
  demo?: boolean;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Append one JSON line per served request to this file (see `createRequestLogFile`), besides `onRequest`. */
  requestLog?: string;
  /** Non-API routes (e.g. an upload storage host), matched before the API routes. */
  extraRoutes?: ExtraRoute[];
  /** Serve with this engine instead of the SQLite-backed one (tests); `dataFile`, `demo` and `processingDelayMs` are then unused. */
  engine?: E;
}

export interface Emulator<E extends Engine = EmulatorEngine> {
  /** `http://127.0.0.1:PORT`, the value for `ASC_BASE_URL`. */
  url: string;
  close(): Promise<void>;
  /** Generates an EC P-256 key like App Store Connect and accepts tokens it signs. Team keys get an issuer id. */
  createApiKey(options?: { individual?: boolean }): Promise<GeneratedApiKey>;
  /** Accepts tokens signed by this public key under `keyId` (team key when `issuerId` is given). */
  registerPublicKey(key: { keyId: string; issuerId?: string; publicKey: string | KeyObject }): void;
  /** Every token seen so far becomes invalid (401); freshly minted tokens work. */
  revokeTokens(): void;
  /** Replaces the fault configuration and restarts its random sequence. */
  setFaults(faults: FaultConfig): void;
  /** Fails the next matching request(s) once, before any random fault. */
  failNext(spec: FailNextSpec): void;
  setRateLimit(perHour: number): void;
  /** Adds a non-API route (see `ExtraRoute`). */
  addRoute(route: ExtraRoute): void;
  stats(): ServerStats;
  /** The data engine (store, scenario, rules) unless another engine was passed in. */
  engine: E;
  /** Ids of the seeded demo team (undefined with `demo: false` or an injected engine). */
  demo: DemoSeed | undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `onRequest` and the `requestLog` file, either, both or neither. */
function requestHook(options: Pick<EmulatorOptions<Engine>, "onRequest" | "requestLog">): ((entry: RequestLogEntry) => void) | undefined {
  const hooks = [options.onRequest, options.requestLog ? createRequestLogFile(options.requestLog) : undefined].filter((h) => h !== undefined);
  if (!hooks.length) return undefined;
  return (entry) => {
    for (const hook of hooks) hook(entry);
  };
}

/** Starts a local App Store Connect API on 127.0.0.1 (port 0 by default). */
export async function createEmulator<E extends Engine = EmulatorEngine>(options: EmulatorOptions<E> = {}): Promise<Emulator<E>> {
  const now = options.now ?? Date.now;
  // Without an injected engine, E is the default EmulatorEngine.
  const backend = (
    options.engine
      ? { engine: options.engine, demo: undefined, close: () => undefined }
      : await createDefaultBackend({ dataFile: options.dataFile, seed: options.seed, now, processingDelayMs: options.processingDelayMs, demo: options.demo })
  ) as Backend<E>;

  const keys = createKeyRegistry();
  const verifier = createTokenVerifier({ keys, now });
  const rateLimiter = createRateLimiter({ perHour: options.rateLimitPerHour ?? 3600 });
  const faults = createFaultInjector({ config: options.faults ?? {}, seed: options.seed ?? 1 });
  const routes: ExtraRoute[] = [...(backend.routes ?? []), ...(options.extraRoutes ?? [])];
  const newId = () => randomUUID();

  const handle = createRequestHandler({
    engine: () => backend.engine,
    verifier,
    rateLimiter,
    faults,
    extraRoutes: () => routes,
    now,
    sleep: options.sleep ?? realSleep,
    newId,
  });

  let server;
  try {
    server = await createApiServer({ host: options.host ?? "127.0.0.1", port: options.port ?? 0, handle, newId, now, onRequest: requestHook(options) });
  } catch (error) {
    await backend.close();
    throw error;
  }
  const api = server;
  let closing: Promise<void> | undefined;

  return {
    url: api.url,
    // Idempotent, so tests and the CLI's signal handlers can both call it.
    close: () =>
      (closing ??= (async () => {
        await api.close();
        await backend.close();
      })()),
    async createApiKey(keyOptions) {
      return keys.create(keyOptions);
    },
    registerPublicKey(key: PublicKeyRegistration) {
      keys.register(key);
    },
    revokeTokens: () => verifier.revokeAll(),
    setFaults: (config) => faults.configure(config),
    failNext: (spec) => faults.failNext(spec),
    setRateLimit: (perHour) => rateLimiter.setLimit(perHour),
    addRoute: (route) => void routes.push(route),
    stats: () => api.stats(),
    engine: backend.engine,
    demo: backend.demo,
  };
}
