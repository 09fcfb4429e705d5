// An in-process emulator (HTTP on 127.0.0.1, port 0) on a fake clock, with a client whose sleep
// advances that clock: processing waits take no real time.
import { createTokenProvider } from "../../../../src/auth/index.js";
import { createClient, type AscClient, type ExchangeRecord } from "../../../../src/client/index.js";
import { createEmulator, type Emulator } from "../../../../src/emulator/index.js";
import { conformanceRequestLog } from "../../../support/conformance-log.js";

export const START = Date.parse("2025-06-02T09:00:00.000Z");

export interface BuildEmulator {
  emulator: Emulator;
  client: AscClient;
  exchanges: ExchangeRecord[];
  clock: { now: () => number; sleep: (ms: number) => Promise<void>; advance: (ms: number) => void };
  /** A client whose requests go through `fetchImpl` (to lose responses on purpose). */
  clientWith(fetchImpl: typeof fetch): AscClient;
  close(): Promise<void>;
}

export async function startBuildEmulator(options: { processingDelayMs?: number } = {}): Promise<BuildEmulator> {
  let t = START;
  const clock = { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
  const emulator = await createEmulator({ now: clock.now, demo: true, processingDelayMs: options.processingDelayMs ?? 2000, rateLimitPerHour: 1_000_000, requestLog: conformanceRequestLog() });
  const key = await emulator.createApiKey();
  const exchanges: ExchangeRecord[] = [];
  const make = (fetchImpl?: typeof fetch) =>
    createClient({
      baseUrl: emulator.url,
      tokenProvider: createTokenProvider({ keyId: key.keyId, issuerId: key.issuerId, privateKey: key.privateKeyPem, now: clock.now }),
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0,
      onExchange: (e) => exchanges.push(e),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  return { emulator, client: make(), exchanges, clock, clientWith: make, close: () => emulator.close() };
}
