// Screenshot upload: 10 locales × 10 screenshots (1290×2796 PNG) with 150 ms injected latency on
// every request (API and storage PUTs), through `uploadScreenshots` as the CLI runs it (client with
// its default 4 API requests in flight). Compares the wall time at the default concurrency with
//  - the lower bound for that concurrency under this protocol, and
//  - uploading one file at a time (--concurrency 1),
// and the requests made with the fewest the protocol needs.
//
// Lower bound, for L = latency, c = files in flight, m = min(c, 4 API requests in flight), S = sets, N = files:
//   L (read the localizations) + ⌈S/m⌉·L (create the sets) + ⌈N/c⌉·3L (reserve → PUT → commit, each
//   a round trip) + P (processing after the last commit) + ⌈S/m⌉·L (one poll per set that sees COMPLETE).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => path.join(root, "dist", p);
const LOCALES = ["en-US", "de-DE", "fr-FR", "es-ES", "it", "ja", "ko", "nl-NL", "pt-BR", "zh-Hans"];
const PER_SET = 10;
const LATENCY_MS = 150;
const PROCESSING_DELAY_MS = 400; // the emulator processes screenshots in half of this
const API_IN_FLIGHT = 4; // the client's default maxConcurrent
const DEFAULT_CONCURRENCY = 4;

/** A fresh emulator in its own process, with a version and one localization per locale. */
async function startEmulatorProcess() {
  const script = `
    import { createEmulator } from ${JSON.stringify(dist("emulator/index.js"))};
    const emulator = await createEmulator({ demo: true, rateLimitPerHour: 1000000, processingDelayMs: ${PROCESSING_DELAY_MS} });
    const data = emulator.engine.data();
    const version = data.create({ type: "appStoreVersions", attributes: { platform: "IOS", versionString: "9.0.0" }, relationships: { app: { type: "apps", id: emulator.demo.secondAppId } } });
    for (const locale of ${JSON.stringify(LOCALES)}) data.create({ type: "appStoreVersionLocalizations", attributes: { locale }, relationships: { appStoreVersion: version } });
    emulator.setFaults({ latencyMs: ${LATENCY_MS} });
    const key = await emulator.createApiKey();
    process.stdout.write(JSON.stringify({ url: emulator.url, key, versionId: version.id }) + "\\n");
    process.on("SIGTERM", () => emulator.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      if (buf.includes("\n")) resolve(buf.split("\n")[0]);
    });
    child.on("exit", (code) => reject(new Error(`emulator exited ${code}`)));
  });
  return { child, ...JSON.parse(line) };
}

async function uploadOnce(dir, concurrency) {
  const { createTokenProvider } = await import(dist("auth/index.js"));
  const { createClient } = await import(dist("client/index.js"));
  const { uploadScreenshots, assertMediaSettled } = await import(dist("workflows/media/upload-media.js"));
  const emu = await startEmulatorProcess();
  try {
    const tokenProvider = createTokenProvider({ keyId: emu.key.keyId, issuerId: emu.key.issuerId, privateKey: emu.key.privateKeyPem });
    const client = createClient({ baseUrl: emu.url, tokenProvider });
    let puts = 0;
    const counting = (input, init) => {
      puts++;
      return fetch(input, init);
    };
    const started = performance.now();
    const result = await uploadScreenshots(client, {
      input: dir,
      target: { versionId: emu.versionId },
      concurrency,
      timeoutMs: 120_000,
      intervalMs: 250,
      now: Date.now,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      fetch: counting,
    });
    const seconds = (performance.now() - started) / 1000;
    assertMediaSettled(result);
    if (result.uploaded !== LOCALES.length * PER_SET) throw new Error(`uploaded ${result.uploaded}`);
    return { seconds, api: client.stats.requests, puts };
  } finally {
    emu.child.kill("SIGTERM");
  }
}

function lowerBound(concurrency) {
  const L = LATENCY_MS / 1000;
  const sets = LOCALES.length;
  const files = sets * PER_SET;
  const m = Math.min(concurrency, API_IN_FLIGHT);
  return L + Math.ceil(sets / m) * L + Math.ceil(files / concurrency) * 3 * L + PROCESSING_DELAY_MS / 2 / 1000 + Math.ceil(sets / m) * L;
}

export async function run() {
  const { createPng, paletteFor } = await import(dist("workflows/media/png-writer.js"));
  const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-bench-media-"));
  try {
    LOCALES.forEach((locale, l) => {
      mkdirSync(path.join(dir, locale, "APP_IPHONE_67"), { recursive: true });
      for (let i = 0; i < PER_SET; i++) writeFileSync(path.join(dir, locale, "APP_IPHONE_67", `${String(i + 1).padStart(2, "0")}.png`), createPng({ width: 1290, height: 2796, ...paletteFor(l * PER_SET + i) }));
    });
    const files = LOCALES.length * PER_SET;
    const sets = LOCALES.length;
    const chosen = await uploadOnce(dir, DEFAULT_CONCURRENCY);
    const serial = await uploadOnce(dir, 1);
    const bound = lowerBound(DEFAULT_CONCURRENCY);
    // Fewest requests: 1 localizations read, 1 create per set, reserve + commit per file, 1 poll per set; 1 PUT per file.
    const minimumApi = 1 + sets + 2 * files + sets;
    console.log(`${sets} locales × ${PER_SET} screenshots, ${LATENCY_MS} ms latency per request, screenshots processed ${PROCESSING_DELAY_MS / 2} ms after commit`);
    console.log(`concurrency ${DEFAULT_CONCURRENCY}            ${chosen.seconds.toFixed(1)} s   lower bound ${bound.toFixed(1)} s   ${(chosen.seconds / bound).toFixed(2)}x the bound`);
    console.log(`one file at a time        ${serial.seconds.toFixed(1)} s   lower bound ${lowerBound(1).toFixed(1)} s   ${(serial.seconds / chosen.seconds).toFixed(2)}x slower than concurrency ${DEFAULT_CONCURRENCY}`);
    console.log(`API requests              ${chosen.api} made, ${minimumApi} minimum   ${(chosen.api / minimumApi).toFixed(2)}x   (one at a time: ${serial.api})`);
    console.log(`storage PUTs              ${chosen.puts} made, ${files} minimum   ${(chosen.puts / files).toFixed(2)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
