// Drives the engine directly with ApiRequests routed by the spec's operation table (no HTTP).
import { findOperation } from "../../../../src/spec/operation-table.js";
import { ApiFailure } from "../../../../src/emulator/api-failure.js";
import type { ApiRequest } from "../../../../src/emulator/engine-types.js";
import { createEngine, openStore, seedDemo } from "../../../../src/emulator/engine/index.js";
import type { EmulatorEngine, EngineConfig, Store } from "../../../../src/emulator/engine/index.js";

export const BASE = "http://127.0.0.1:4010";
export const START = Date.parse("2025-03-01T12:00:00.000Z");

export interface Response {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers?: Record<string, string>;
}

export interface Harness {
  engine: EmulatorEngine;
  store: Store;
  clock: { now(): number; advance(ms: number): void };
  call(method: ApiRequest["method"], url: string, body?: unknown): Promise<Response>;
}

export function createHarness(options: { store?: Store; config?: Partial<EngineConfig>; start?: number } = {}): Harness {
  let t = options.start ?? START;
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  const store = options.store ?? openStore();
  const engine = createEngine({ store, now: clock.now, ...(options.config ? { config: options.config } : {}) });
  return {
    engine,
    store,
    clock,
    async call(method, url, body) {
      const [path, search] = url.split("?") as [string, string | undefined];
      const match = findOperation(method, path);
      if (!match) throw new Error(`The spec has no operation ${method} ${path}`);
      const request: ApiRequest = {
        method,
        path,
        params: match.params,
        query: Object.fromEntries(new URLSearchParams(search ?? "")),
        body,
        operation: match.operation,
        baseUrl: BASE,
        now: clock.now(),
        actor: "test-issuer",
      };
      try {
        const result = await engine.handle(request);
        return { status: result.status, body: result.body, ...(result.headers ? { headers: result.headers } : {}) };
      } catch (error) {
        if (error instanceof ApiFailure) return { status: error.status, body: error.toBody(() => "error-id"), headers: error.headers };
        throw error;
      }
    },
  };
}

/** A harness with the demo team seeded. */
export function createDemoHarness(options: { config?: Partial<EngineConfig> } = {}) {
  const h = createHarness(options);
  const demo = seedDemo(h.engine);
  return { ...h, demo };
}
