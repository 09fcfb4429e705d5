// An in-process emulator on a fake clock for TestFlight workflow tests: the client's sleep advances
// that clock, so waits for processing and Beta App Review take no real time. Every request is kept
// (to assert what was written) and logged for the conformance check.
import { createTokenProvider } from "../../../../src/auth/index.js";
import { createClient, type AscClient } from "../../../../src/client/index.js";
import { createEmulator, type Emulator, type RequestLogEntry } from "../../../../src/emulator/index.js";
import { betaReviewScenario } from "../../../../src/emulator/testflight/index.js";
import { conformanceRequestLog } from "../../../support/conformance-log.js";

export const START = Date.parse("2025-06-02T09:00:00.000Z");

export interface TestflightEmulator {
  emulator: Emulator;
  client: AscClient;
  requests: RequestLogEntry[];
  /** Requests that could change state (anything but GET). */
  writes(): RequestLogEntry[];
  clock: { now: () => number; sleep: (ms: number) => Promise<void>; advance: (ms: number) => void };
  review: ReturnType<typeof betaReviewScenario>;
  demo: NonNullable<Emulator["demo"]>;
  close(): Promise<void>;
}

export async function startTestflightEmulator(options: { processingDelayMs?: number; maxConcurrent?: number } = {}): Promise<TestflightEmulator> {
  let t = START;
  const clock = { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
  const requests: RequestLogEntry[] = [];
  const emulator = await createEmulator({
    now: clock.now,
    demo: true,
    processingDelayMs: options.processingDelayMs ?? 2000,
    rateLimitPerHour: 1_000_000,
    requestLog: conformanceRequestLog(),
    onRequest: (entry) => requests.push(entry),
  });
  const key = await emulator.createApiKey();
  const client = createClient({
    baseUrl: emulator.url,
    tokenProvider: createTokenProvider({ keyId: key.keyId, issuerId: key.issuerId, privateKey: key.privateKeyPem, now: clock.now }),
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0,
    ...(options.maxConcurrent ? { maxConcurrent: options.maxConcurrent } : {}),
  });
  return {
    emulator,
    client,
    requests,
    writes: () => requests.filter((r) => r.method !== "GET"),
    clock,
    review: betaReviewScenario(emulator.engine),
    demo: emulator.demo!,
    close: () => emulator.close(),
  };
}
