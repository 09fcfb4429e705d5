// An in-process emulator (with its media rules) and a client on one fake clock: waits cost nothing.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTokenProvider } from "../../../src/auth/index.js";
import { createClient, type AscClient, type ExchangeRecord } from "../../../src/client/index.js";
import { createEmulator, type Emulator, type RequestLogEntry } from "../../../src/emulator/index.js";
import { conformanceRequestLog } from "../../support/conformance-log.js";

export interface MediaHarness {
  emulator: Emulator;
  client: AscClient;
  exchanges: ExchangeRecord[];
  /** Every request the emulator served, storage PUTs included. */
  served: RequestLogEntry[];
  clock: { now(): number; advance(ms: number): void };
  sleep(ms: number): Promise<void>;
  dir: string;
  versionId: string;
  localizationIds: Record<string, string>;
  /** Assets of a set in the emulator's store, in order. */
  stored(locale: string, type: string, kind?: "screenshots" | "previews"): Array<{ id: string; fileName: string; state: string; checksum: unknown }>;
  requests(method: string, pathPattern: RegExp): ExchangeRecord[];
  close(): Promise<void>;
}

export const PROCESSING_MS = 2000;

export async function startMediaHarness(options: { locales?: string[] } = {}): Promise<MediaHarness> {
  let t = Date.parse("2026-01-05T10:00:00.000Z");
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  const sleep = async (ms: number) => clock.advance(ms);
  const served: RequestLogEntry[] = [];
  const emulator = await createEmulator({ onRequest: (e) => served.push(e), requestLog: conformanceRequestLog(), now: clock.now, demo: true, processingDelayMs: PROCESSING_MS, rateLimitPerHour: 1_000_000, seed: 3 });
  const key = await emulator.createApiKey();
  const exchanges: ExchangeRecord[] = [];
  const tokenProvider = createTokenProvider({ keyId: key.keyId, issuerId: key.issuerId, privateKey: key.privateKeyPem, now: clock.now });
  const client = createClient({ baseUrl: emulator.url, tokenProvider, now: clock.now, sleep, onExchange: (e) => exchanges.push(e) });

  // The second demo app gets a fresh version with the locales the test wants (the demo app's own history belongs to the release feature).
  const data = emulator.engine.data();
  const app = { type: "apps", id: emulator.demo!.secondAppId };
  const version = data.create({ type: "appStoreVersions", attributes: { platform: "IOS", versionString: "3.0.0" }, relationships: { app } });
  const localizationIds: Record<string, string> = {};
  for (const locale of options.locales ?? ["en-US", "de-DE"]) {
    const existing = data.relatedResources(version, "appStoreVersionLocalizations").find((l) => l.attributes.locale === locale);
    localizationIds[locale] = (existing ?? data.create({ type: "appStoreVersionLocalizations", attributes: { locale }, relationships: { appStoreVersion: version } })).id;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-media-"));
  const kinds = { screenshots: ["appScreenshotSets", "screenshotDisplayType", "appScreenshots", "assetDeliveryState"], previews: ["appPreviewSets", "previewType", "appPreviews", "videoDeliveryState"] } as const;
  return {
    emulator,
    client,
    exchanges,
    served,
    clock,
    sleep,
    dir,
    versionId: version.id,
    localizationIds,
    stored(locale, type, kind = "screenshots") {
      const [setRel, attr, assetsRel, stateAttr] = kinds[kind];
      const d = emulator.engine.data(clock.now());
      const set = d.relatedResources({ type: "appStoreVersionLocalizations", id: localizationIds[locale]! }, setRel).find((s) => s.attributes[attr] === type);
      if (!set) return [];
      return d.relatedResources(set, assetsRel).map((a) => ({
        id: a.id,
        fileName: String(a.attributes.fileName),
        state: String((a.attributes[stateAttr] as { state?: string })?.state),
        checksum: a.attributes.sourceFileChecksum,
      }));
    },
    requests: (method, pattern) => exchanges.filter((e) => e.method === method && pattern.test(new URL(e.url).pathname)),
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
