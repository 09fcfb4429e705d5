// An in-process emulator with the report handlers and the segment storage route wired in.
import { createTokenProvider } from "../../../src/auth/index.js";
import { createClient, type AscClient, type ExchangeRecord } from "../../../src/client/index.js";
import { createEmulator, type Emulator } from "../../../src/emulator/index.js";
import { conformanceRequestLog } from "../../support/conformance-log.js";
import { registerReports, type ReportsEmulationOptions } from "../../../src/emulator/reports/index.js";

export interface ReportEmulator {
  emulator: Emulator;
  client: AscClient;
  /** Every HTTP attempt the client made. */
  exchanges: ExchangeRecord[];
  /** A second client (fresh stats) on the same emulator. */
  newClient(): { client: AscClient; exchanges: ExchangeRecord[] };
  close(): Promise<void>;
}

export async function startReportEmulator(now: () => number, options: ReportsEmulationOptions = {}): Promise<ReportEmulator> {
  const emulator = await createEmulator({ now, demo: true, rateLimitPerHour: 100_000, requestLog: conformanceRequestLog() });
  // Wired the way the default backend should: registerReports(engine) and its routes.
  for (const route of registerReports(emulator.engine, options)) emulator.addRoute(route);
  const key = await emulator.createApiKey();
  const newClient = () => {
    const exchanges: ExchangeRecord[] = [];
    const tokenProvider = createTokenProvider({ keyId: key.keyId, issuerId: key.issuerId, privateKey: key.privateKeyPem, now });
    const client = createClient({ baseUrl: emulator.url, tokenProvider, now, sleep: async () => {}, onExchange: (e) => exchanges.push(e) });
    return { client, exchanges };
  };
  const first = newClient();
  return { emulator, client: first.client, exchanges: first.exchanges, newClient, close: () => emulator.close() };
}
