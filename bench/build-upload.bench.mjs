// Build upload throughput: a 200 MB file sent as the Build Upload API's parallel parts versus one
// single-stream PUT of the same bytes to the same emulator, both with 50 ms injected latency per
// request (faults.latencyMs applies to the storage route too).
//
// Two network conditions:
//  - loopback: raw 127.0.0.1, where one TCP stream is not limited by round trips;
//  - shaped: every connection goes through a local proxy that caps it at what TCP delivers with a
//    1 MiB window over a 50 ms round trip (1 MiB / 50 ms = 20 MiB/s), the limit that makes a single
//    stream slow over real links and parallel parts worth it. That condition is a model, stated as such.
import { createHash, randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { median } from "./stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => path.join(root, "dist", p);
const SIZE = 200 * 1024 * 1024;
const LATENCY_MS = 50;
const CONCURRENCY = 4;
const WINDOW = 1024 * 1024;
const RTT_MS = 50;

/** The emulator in its own process (so it does not share this event loop), with a baseline route. */
async function startEmulatorProcess() {
  const script = `
    import { createHash } from "node:crypto";
    import { createEmulator } from ${JSON.stringify(dist("emulator/index.js"))};
    const emulator = await createEmulator({ demo: true, rateLimitPerHour: 1000000, faults: { latencyMs: ${LATENCY_MS} } });
    // Baseline: one PUT of the whole file, handled like a storage part (copied, MD5 for the ETag).
    emulator.addRoute({ method: "PUT", path: /^\\/bench\\/single$/, handle(req) {
      const kept = Buffer.from(req.body);
      return { status: 200, body: Buffer.alloc(0), headers: { etag: createHash("md5").update(kept).digest("hex") } };
    } });
    const key = await emulator.createApiKey();
    process.stdout.write(JSON.stringify({ url: emulator.url, appId: emulator.demo.appId, key }) + "\\n");
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

/** A TCP proxy that paces each connection's upload direction at `bytesPerSecond`. */
async function startShapingProxy(target, bytesPerSecond) {
  const { hostname, port } = new URL(target);
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    let allowedAt = Date.now();
    client.on("data", (chunk) => {
      // Each chunk may leave once the previous bytes have had their share of time.
      allowedAt = Math.max(allowedAt, Date.now()) + (chunk.length / bytesPerSecond) * 1000;
      const wait = allowedAt - Date.now();
      if (wait > 5) {
        client.pause();
        setTimeout(() => {
          upstream.write(chunk);
          client.resume();
        }, wait);
      } else upstream.write(chunk);
    });
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close);
    upstream.on("error", close);
    client.on("end", () => upstream.end());
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function writeRandomFile(file, size) {
  const out = createWriteStream(file);
  const hash = createHash("md5");
  for (let done = 0; done < size; ) {
    const chunk = randomBytes(Math.min(4 * 1024 * 1024, size - done));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
    done += chunk.length;
  }
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
  return hash.digest("hex");
}

export async function run() {
  const { createTokenProvider } = await import(dist("auth/index.js"));
  const { createClient, uploadOperations, fileSource } = await import(dist("client/index.js"));
  const { createBuildUpload, createBuildUploadFile, deleteBuildUpload } = await import(dist("client/resources/build-uploads.js"));
  const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-bench-upload-"));
  const file = path.join(dir, "big.ipa");
  const emu = await startEmulatorProcess();
  const proxy = await startShapingProxy(emu.url, WINDOW / (RTT_MS / 1000));
  try {
    await writeRandomFile(file, SIZE);
    const client = createClient({
      baseUrl: emu.url,
      tokenProvider: createTokenProvider({ keyId: emu.key.keyId, issuerId: emu.key.issuerId, privateKey: emu.key.privateKeyPem }),
    });
    let n = 0;
    /** Reserve through the API (parts as the emulator splits them), then time only the part PUTs. */
    const parallel = async (base) => {
      const upload = await createBuildUpload(client, { appId: emu.appId, cfBundleShortVersionString: "9.0.0", cfBundleVersion: String(++n), platform: "IOS" });
      const reserved = await createBuildUploadFile(client, { buildUploadId: upload.id, fileName: "big.ipa", fileSize: SIZE, uti: "com.pkware.zip-archive", assetType: "ASSET" });
      const ops = reserved.attributes.uploadOperations.map((op) => ({ ...op, url: op.url.replace(emu.url, base) }));
      const t = performance.now();
      await uploadOperations(ops, fileSource(file), { concurrency: CONCURRENCY });
      const ms = performance.now() - t;
      await deleteBuildUpload(client, upload.id); // frees the parts held by the storage
      return { ms, parts: ops.length, partSize: ops[0].length };
    };
    const single = async (base) => {
      const t = performance.now();
      const res = await fetch(`${base}/bench/single`, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream", "content-length": String(SIZE) },
        body: Readable.toWeb(createReadStream(file, { highWaterMark: 1024 * 1024 })),
        duplex: "half",
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`single PUT answered ${res.status}`);
      return { ms: performance.now() - t };
    };
    const mbps = (ms) => SIZE / (1024 * 1024) / (ms / 1000);

    console.log(`${SIZE / (1024 * 1024)} MB file, ${LATENCY_MS} ms injected latency per request, ${CONCURRENCY} parts in flight`);
    for (const [label, base, rounds] of [
      ["loopback", emu.url, 3],
      [`shaped (${WINDOW / 1024 / 1024} MiB window / ${RTT_MS} ms RTT per connection)`, proxy.url, 1],
    ]) {
      const p = [];
      const s = [];
      let info;
      for (let i = 0; i < rounds; i++) {
        info = await parallel(base);
        p.push(info.ms);
        s.push((await single(base)).ms);
      }
      const pm = median(p);
      const sm = median(s);
      console.log(`${label}${rounds > 1 ? `, medians of ${rounds}` : ""}:`);
      console.log(`  parallel parts   ${mbps(pm).toFixed(1).padStart(7)} MB/s  (${info.parts} parts of ${(info.partSize / 1024 / 1024).toFixed(0)} MiB, ${(pm / 1000).toFixed(2)} s)`);
      console.log(`  single stream    ${mbps(sm).toFixed(1).padStart(7)} MB/s  (${(sm / 1000).toFixed(2)} s)`);
      console.log(`  parallel ÷ single ${(sm / pm).toFixed(2).padStart(7)}x`);
    }
  } finally {
    await proxy.close();
    emu.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}
