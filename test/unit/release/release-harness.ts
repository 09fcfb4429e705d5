// An in-process emulator (with the release feature) and a client on one fake clock, so review
// timelines and waits cost nothing. Every client request is logged for the conformance check.
import { createTokenProvider } from "../../../src/auth/index.js";
import { createClient, type AscClient, type ExchangeRecord } from "../../../src/client/index.js";
import { createEmulator, type Emulator, type RequestLogEntry } from "../../../src/emulator/index.js";
import { configureReview, type ReviewConfig } from "../../../src/emulator/release/index.js";
import { conformanceRequestLog } from "../../support/conformance-log.js";

export interface ReleaseHarness {
  emulator: Emulator;
  client: AscClient;
  exchanges: ExchangeRecord[];
  served: RequestLogEntry[];
  clock: { now(): number; advance(ms: number): void };
  sleep(ms: number): Promise<void>;
  demoAppId: string;
  /** Writes (POST/PATCH/DELETE) the client sent since `mark` (an index into exchanges). */
  writesSince(mark: number): ExchangeRecord[];
  /** A VALID build of the demo app for `marketingVersion` with export compliance answered. */
  addBuild(marketingVersion: string, buildNumber: string, options?: { outcome?: "VALID" | "INVALID"; usesNonExemptEncryption?: boolean | null; processingDelayMs?: number; appId?: string }): string;
  /** One COMPLETE screenshot in a 6.9" set of each of the version's localizations (as the media feature leaves them). */
  addScreenshots(versionId: string): void;
  review(config: Partial<ReviewConfig>): void;
  close(): Promise<void>;
}

export const START = Date.parse("2026-03-02T09:00:00.000Z");

export async function startReleaseHarness(): Promise<ReleaseHarness> {
  let t = START;
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  const sleep = async (ms: number) => clock.advance(ms);
  const served: RequestLogEntry[] = [];
  const emulator = await createEmulator({
    now: clock.now,
    demo: true,
    processingDelayMs: 1000,
    rateLimitPerHour: 1_000_000,
    seed: 11,
    requestLog: conformanceRequestLog(),
    onRequest: (e) => served.push(e),
  });
  const key = await emulator.createApiKey();
  const exchanges: ExchangeRecord[] = [];
  const tokenProvider = createTokenProvider({ keyId: key.keyId, issuerId: key.issuerId, privateKey: key.privateKeyPem, now: clock.now });
  const client = createClient({ baseUrl: emulator.url, tokenProvider, now: clock.now, sleep, random: () => 0.5, onExchange: (e) => exchanges.push(e) });
  clock.advance(2000); // the demo's processing build becomes VALID
  return {
    emulator,
    client,
    exchanges,
    served,
    clock,
    sleep,
    demoAppId: emulator.demo!.appId,
    writesSince: (mark) => exchanges.slice(mark).filter((e) => e.method !== "GET"),
    addBuild(marketingVersion, buildNumber, options = {}) {
      const added = emulator.engine.scenario.addBuild({
        appId: options.appId ?? emulator.demo!.appId,
        version: buildNumber,
        marketingVersion,
        outcome: options.outcome ?? "VALID",
        usesNonExemptEncryption: options.usesNonExemptEncryption === undefined ? false : options.usesNonExemptEncryption,
        processingDelayMs: options.processingDelayMs ?? 0,
        uploadedDate: new Date(clock.now() - 1000).toISOString(),
      });
      return added.buildId;
    },
    addScreenshots(versionId) {
      const data = emulator.engine.data(clock.now());
      for (const loc of data.relatedResources({ type: "appStoreVersions", id: versionId }, "appStoreVersionLocalizations")) {
        const set = data.create({ type: "appScreenshotSets", attributes: { screenshotDisplayType: "APP_IPHONE_67" }, relationships: { appStoreVersionLocalization: loc } });
        const shot = data.create({ type: "appScreenshots", attributes: { fileName: "home.png", fileSize: 1000 }, relationships: { appScreenshotSet: set } });
        // As if uploaded and processed: the media feature's own tests cover how it gets there.
        emulator.engine.store.update("appScreenshots", shot.id, {
          attributes: { uploadOperations: null, imageAsset: { templateUrl: "https://example.com/{w}x{h}bb.{f}", width: 1320, height: 2868 }, assetDeliveryState: { state: "COMPLETE", errors: [], warnings: [] } },
        });
      }
    },
    review: (config) => void configureReview(emulator.engine, config),
    close: () => emulator.close(),
  };
}

/** Attributes of one resource straight from the emulator's store (what Apple would hold). */
export function stored(h: ReleaseHarness, type: string, id: string): Record<string, unknown> {
  return h.emulator.engine.data(h.clock.now()).require(type, id).attributes;
}

/** The version localizations of a version in the emulator's store, by locale. */
export function storedLocales(h: ReleaseHarness, versionId: string): string[] {
  return h.emulator.engine
    .data(h.clock.now())
    .relatedResources({ type: "appStoreVersions", id: versionId }, "appStoreVersionLocalizations")
    .map((l) => String(l.attributes.locale))
    .sort();
}
