// Screenshots and previews across an emulator restart on its data file: the API data (assets and
// their reservations) persists, the upload storage (in memory) does not.
import { createHash, createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../../src/auth/index.js";
import { AscApiError, createClient, type AscClient, type ExchangeRecord } from "../../../src/client/index.js";
import { createEmulator, type Emulator } from "../../../src/emulator/index.js";
import { uploadPreviews, uploadScreenshots, type UploadMediaOptions } from "../../../src/workflows/media/upload-media.js";
import { conformanceRequestLog } from "../../support/conformance-log.js";
import { writeIphoneShots, writeMp4 } from "../../support/media-files.js";

const PROCESSING_MS = 2000;
type Doc = { data: { id: string; attributes: Record<string, any> } }; // eslint-disable-line @typescript-eslint/no-explicit-any

let dir: string;
let emulator: Emulator;
let client: AscClient;
let exchanges: ExchangeRecord[];
let versionId: string;
let t: number;
const now = () => t;
const sleep = async (ms: number) => void (t += ms);
let key: { keyId: string; issuerId?: string; privateKeyPem: string };

/** (Re)starts the emulator on the data file, accepting the same key; `port` keeps the old URL valid. */
async function start(port = 0): Promise<void> {
  emulator = await createEmulator({ dataFile: path.join(dir, "asc.sqlite"), port, now, demo: true, processingDelayMs: PROCESSING_MS, rateLimitPerHour: 1_000_000, seed: 5, requestLog: conformanceRequestLog() });
  emulator.registerPublicKey({ keyId: key.keyId, ...(key.issuerId ? { issuerId: key.issuerId } : {}), publicKey: createPublicKey(key.privateKeyPem) });
}
async function restart(samePort: boolean): Promise<void> {
  const port = Number(new URL(emulator.url).port);
  await emulator.close();
  await start(samePort ? port : 0);
  if (!samePort) connect();
}
function connect(): void {
  client = createClient({ baseUrl: emulator.url, tokenProvider: createTokenProvider({ keyId: key.keyId, issuerId: key.issuerId, privateKey: key.privateKeyPem, now }), now, sleep, onExchange: (e) => exchanges.push(e) });
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "asckit-media-restart-"));
  t = Date.parse("2026-02-02T10:00:00.000Z");
  exchanges = [];
  emulator = await createEmulator({ dataFile: path.join(dir, "asc.sqlite"), now, demo: true, processingDelayMs: PROCESSING_MS, rateLimitPerHour: 1_000_000, seed: 5, requestLog: conformanceRequestLog() });
  key = await emulator.createApiKey();
  connect();
  const data = emulator.engine.data();
  const version = data.create({ type: "appStoreVersions", attributes: { platform: "IOS", versionString: "5.0.0" }, relationships: { app: { type: "apps", id: emulator.demo!.secondAppId } } });
  data.create({ type: "appStoreVersionLocalizations", attributes: { locale: "en-US" }, relationships: { appStoreVersion: version } });
  versionId = version.id;
});
afterEach(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const md5 = (file: string) => createHash("md5").update(readFileSync(file)).digest("hex");
const opts = (input: string, extra: Partial<UploadMediaOptions> & { dryRun?: false } = {}): UploadMediaOptions & { dryRun?: false } => ({ input, target: { versionId }, timeoutMs: 60_000, intervalMs: 1000, now, sleep, concurrency: 1, ...extra });
/** The set's assets as the API lists them, in order. */
async function listed(setType: "appScreenshotSets" | "appPreviewSets", setId: string, assets: "appScreenshots" | "appPreviews") {
  const res = await client.request<{ data: Doc["data"][] }>(`GET /v1/${setType}/${setId}/${assets}`);
  return res.document.data;
}
const storageRefusing = (n: number) => {
  let puts = 0;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    if (++puts === n) return new Response("<Error><Code>AccessDenied</Code><Message>Simulated</Message></Error>", { status: 403, headers: { "content-type": "application/xml" } });
    return fetch(input, init);
  }) as typeof fetch;
};

describe("media reserved before an emulator restart on its data file", () => {
  for (const kind of ["screenshots", "previews"] as const) {
    it(`${kind}: the asset reads as expired (Expires at its reservation), its commit fails as expired, and a re-run replaces it`, async () => {
      const root = path.join(dir, kind);
      const files =
        kind === "screenshots" ? writeIphoneShots(root, "en-US", 2) : [1, 2].map((i) => writeMp4(root, `en-US/IPHONE_67/0${i}.mp4`, { width: 886, height: 1920, durationSeconds: 15 + i }));
      const upload = kind === "screenshots" ? uploadScreenshots : uploadPreviews;
      const [setType, assets, stateAttr] = kind === "screenshots" ? (["appScreenshotSets", "appScreenshots", "assetDeliveryState"] as const) : (["appPreviewSets", "appPreviews", "videoDeliveryState"] as const);
      // First run: the second file's part is refused, leaving its reservation behind.
      const reservedAt = t;
      await expect(upload(client, opts(root, { fetch: storageRefusing(2) }))).rejects.toThrow(/403 AccessDenied/);
      const setId = emulator.engine.store.list(setType)[0]!.id;
      const [, left] = await listed(setType, setId, assets);
      expect(left!.attributes[stateAttr].state).toBe("AWAITING_UPLOAD");
      const before = left!.attributes.uploadOperations as Array<{ url: string }>;
      expect(Number(new URL(before[0]!.url).searchParams.get("Expires")) * 1000).toBeGreaterThan(reservedAt + 24 * 3600_000);

      t += 60_000;
      await restart(false);
      // As Apple shows a reservation past its time: every URL expired, at the reservation time.
      const [, dead] = await listed(setType, setId, assets);
      const ops = dead!.attributes.uploadOperations as Array<Record<string, unknown> & { url: string }>;
      expect(ops).toHaveLength(before.length);
      for (const op of ops) {
        expect(Number(new URL(op.url).searchParams.get("Expires"))).toBe(Math.floor(reservedAt / 1000));
        expect(Object.keys(op).sort()).toEqual(["length", "method", "offset", "requestHeaders", "url"]);
      }
      expect((await client.request<Doc>(`GET /v1/${assets}/${left!.id}`)).document.data.attributes.uploadOperations).toEqual(ops);
      const commit = await client
        .request(`PATCH /v1/${assets}/${left!.id}`, { body: { data: { type: assets, id: left!.id, attributes: { uploaded: true, sourceFileChecksum: md5(files[1]!) } } } })
        .catch((e: unknown) => e);
      expect(commit).toBeInstanceOf(AscApiError);
      expect(commit).toMatchObject({
        status: 409,
        code: "ENTITY_ERROR.ATTRIBUTE.INVALID.UPLOAD_EXPIRED",
        detail: `The upload reservation has expired; delete the ${kind === "screenshots" ? "screenshot" : "app preview"} and reserve it again.`,
      });

      const result = await upload(client, opts(root));
      // Not "deleted": the user's file was never there; its expired reservation was replaced.
      expect(result).toMatchObject({ uploaded: 1, resumed: 0, kept: 1, deleted: 0, reservationsDiscarded: 1, failed: [], stuck: [] });
      expect(result.sets[0]!.files.map((f) => `${f.position}:${f.action}`)).toEqual(["1:kept", "2:replaced an unfinished reservation"]);
      expect(result.sets[0]!.files[1]).toMatchObject({ reservationId: left!.id, state: "COMPLETE" });
      expect(result.runNotes).toEqual([
        `en-US/${kind === "screenshots" ? "APP_IPHONE_67/02.png" : "IPHONE_67/02.mp4"}: an interrupted run's reservation (${kind === "screenshots" ? "screenshot" : "preview"} ${left!.id}) cannot be continued (its upload URLs have expired); replacing it.`,
      ]);
      const after = await listed(setType, setId, assets);
      expect(after.map((a) => a.attributes.sourceFileChecksum)).toEqual(files.map(md5));
      expect(after.map((a) => a.attributes[stateAttr].state)).toEqual(["COMPLETE", "COMPLETE"]);
    });
  }

  it("a reservation that dies during the run (restart on the same port) is deleted and made again once; the set keeps folder order", async () => {
    const root = path.join(dir, "shots");
    const files = writeIphoneShots(root, "en-US", 3);
    const states = () => emulator.engine.store.list("appScreenshots").map((a) => ({ id: a.id, state: (a.attributes.assetDeliveryState as { state: string }).state }));
    let puts = 0;
    let dead: string | undefined;
    // The first file's part is held until the other two are committed; then the emulator restarts
    // and the part goes out to storage that no longer knows its reservation.
    const restarting = (async (input: string | URL | Request, init?: RequestInit) => {
      if (++puts === 1) {
        for (const until = Date.now() + 10_000; states().filter((a) => a.state !== "AWAITING_UPLOAD").length < 2 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 5));
        dead = states().find((a) => a.state === "AWAITING_UPLOAD")?.id;
        await restart(true);
      }
      return fetch(input, init);
    }) as typeof fetch;
    const result = await uploadScreenshots(client, opts(root, { fetch: restarting, concurrency: 2 }));
    expect(dead).toBeDefined();
    expect(result).toMatchObject({ uploaded: 3, kept: 0, deleted: 0, failed: [], stuck: [] });
    expect(exchanges.filter((e) => e.method === "POST" && e.url.endsWith("/v1/appScreenshots")).map((e) => e.status)).toEqual([201, 201, 201, 201]);
    expect(exchanges.filter((e) => e.method === "DELETE").map((e) => `${new URL(e.url).pathname} ${e.status}`)).toEqual([`/v1/appScreenshots/${dead} 204`]);
    expect(result.notes).toEqual([]);
    expect(result.runNotes).toEqual([
      `en-US/APP_IPHONE_67/01.png: the reservation of screenshot ${dead} is no longer valid (the storage answered 404 NoSuchUpload); deleted it and reserved again.`,
    ]);
    // Made again, it landed last; the run put it back first, where the folder has it.
    const after = await listed("appScreenshotSets", result.sets[0]!.setId!, "appScreenshots");
    expect(after.map((a) => a.attributes.sourceFileChecksum)).toEqual(files.map(md5));
    expect(after.map((a) => a.attributes.assetDeliveryState.state)).toEqual(["COMPLETE", "COMPLETE", "COMPLETE"]);
    expect(result.sets[0]!.files.map((f) => `${f.position}:${f.fileName}:${f.id}`)).toEqual(after.map((a, i) => `${i + 1}:0${i + 1}.png:${a.id}`));
    expect(result.sets[0]!.reordered).toBe(true);
  });
});
