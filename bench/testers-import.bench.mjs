// Importing 10,000 testers into an external group against the emulator, with 100 ms injected latency.
//
// Run 1, throughput: budget unlimited, real clock, concurrency 16. Requests made versus the minimum
//   the API allows (one POST per new tester, Apple has no bulk create, plus the group lookup), and
//   wall time versus the lower bound for that concurrency (each sequential read one round trip, then
//   ceil(creates / concurrency) round trips).
// Run 2, budget: Apple's 3,600 requests per rolling hour, with the emulator's and the client's
//   clocks both running 120x faster (the client's sleep shrinks by the same factor), so about three
//   emulated hours pass in a couple of minutes. The client paces itself from X-Rate-Limit; the run
//   must see zero 429 responses. Concurrency 4, the CLI's default.
//
// The emulator runs in its own process so that its work does not share this event loop.
import { spawn } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => path.join(root, "dist", p);
// BENCH_TESTERS shrinks the run for a quick check; the benchmark proper uses 10,000.
const TESTERS = Number(process.env.BENCH_TESTERS ?? 10_000);
const LATENCY_MS = 100;
const SCALE = 120;
const HOUR = 3_600_000;

/** A clock that runs `scale` times faster than real time from a shared origin (same in both processes). */
const scaledClock = (originReal, originEmulated, scale) => () => originEmulated + (Date.now() - originReal) * scale;

async function startEmulatorProcess({ rateLimitPerHour, scale, originReal, originEmulated }) {
  const script = `
    import { createEmulator } from ${JSON.stringify(dist("emulator/index.js"))};
    const scale = ${scale};
    const now = () => ${originEmulated} + (Date.now() - ${originReal}) * scale;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms / scale));
    const emulator = await createEmulator({ demo: true, rateLimitPerHour: ${rateLimitPerHour}, faults: { latencyMs: ${LATENCY_MS} }, now, sleep });
    // A fresh external group on the app without testers, so 10,000 fit.
    const data = emulator.engine.data(now());
    const group = data.create({ type: "betaGroups", attributes: { name: "Bench Beta", isInternalGroup: false }, relationships: { app: { type: "apps", id: emulator.demo.secondAppId } } });
    const key = await emulator.createApiKey();
    process.stdout.write(JSON.stringify({ url: emulator.url, appId: emulator.demo.secondAppId, groupId: group.id, key }) + "\\n");
    process.stdin.on("data", () => process.stdout.write(JSON.stringify({ stats: emulator.stats(), members: data.related(group, "betaTesters").length, testers: emulator.engine.store.list("betaTesters").length }) + "\\n"));
    process.on("SIGTERM", () => emulator.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = [];
  let waiting;
  let buf = "";
  child.stdout.on("data", (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
      waiting?.();
    }
  });
  const next = () =>
    new Promise((resolve, reject) => {
      const take = () => {
        if (!lines.length) return void (waiting = take);
        waiting = undefined;
        resolve(JSON.parse(lines.shift()));
      };
      child.once("exit", (code) => reject(new Error(`emulator exited ${code}`)));
      take();
    });
  const info = await next();
  return {
    ...info,
    /** Server-side counts: requests by status, group members, testers stored. */
    report: () => {
      child.stdin.write("report\n");
      return next();
    },
    stop: () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM"))),
  };
}

async function importOnce({ rateLimitPerHour, scale, concurrency }) {
  const { createClient } = await import(dist("client/index.js"));
  const { createTokenProvider } = await import(dist("auth/index.js"));
  const { importTesters } = await import(dist("workflows/testflight/import-testers.js"));
  const originReal = Date.now();
  const originEmulated = originReal;
  const emu = await startEmulatorProcess({ rateLimitPerHour, scale, originReal, originEmulated });
  const now = scaledClock(originReal, originEmulated, scale);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms / scale));
  const client = createClient({
    baseUrl: emu.url,
    tokenProvider: createTokenProvider({ keyId: emu.key.keyId, issuerId: emu.key.issuerId, privateKey: emu.key.privateKeyPem, now }),
    now,
    sleep,
    maxConcurrent: concurrency,
  });
  const rows = Array.from({ length: TESTERS }, (_, i) => ({ line: i + 2, email: `tester${i}@example.com`, firstName: "Bench", lastName: `T${i}`, groups: [] }));
  try {
    const startedReal = performance.now();
    const startedEmulated = now();
    const result = await importTesters(client, { appId: emu.appId, groups: [emu.groupId], rows, concurrency });
    const wallMs = performance.now() - startedReal;
    const emulatedMs = now() - startedEmulated;
    const server = await emu.report();
    return { result, wallMs, emulatedMs, client: client.stats, server };
  } finally {
    await emu.stop();
  }
}

const fmt = (n) => n.toLocaleString("en-US");
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const hm = (ms) => `${Math.floor(ms / HOUR)} h ${String(Math.round((ms % HOUR) / 60_000)).padStart(2, "0")} min`;

export async function run() {
  // Run 1: throughput at a chosen concurrency, budget out of the way.
  const concurrency = 16;
  const a = await importOnce({ rateLimitPerHour: 1_000_000_000, scale: 1, concurrency });
  if (a.result.created !== TESTERS || a.server.members !== TESTERS) throw new Error(`run 1 imported ${a.result.created} (${a.server.members} members)`);
  // The fewest requests: the group lookup (by name or id, the app's groups) and one POST per new tester.
  const minimum = 1 + TESTERS;
  // Lower bound at this concurrency: the two reads one round trip each, the creates in waves of `concurrency`.
  const lowerBoundMs = (2 + Math.ceil(TESTERS / concurrency)) * LATENCY_MS;
  console.log(`${fmt(TESTERS)} testers into one external group, ${LATENCY_MS} ms injected latency per request`);
  console.log(`run 1: concurrency ${concurrency}, budget unlimited`);
  console.log(`  requests        ${fmt(a.client.requests)} made, ${fmt(minimum)} minimum   ${(a.client.requests / minimum).toFixed(4)}x`);
  console.log(`  wall time       ${secs(a.wallMs)}, lower bound ${secs(lowerBoundMs)}   ${(a.wallMs / lowerBoundMs).toFixed(2)}x`);
  console.log(`  stored          ${fmt(a.server.members)} group members, no duplicates (${fmt(a.server.testers - a.server.members)} other testers in the team)`);

  // Run 2: Apple's budget on a fast clock; pacing must avoid every 429.
  const b = await importOnce({ rateLimitPerHour: 3600, scale: SCALE, concurrency: 4 });
  const tooMany = b.server.stats.byStatus["429"] ?? 0;
  // A rolling hour of 3,600 means n requests need at least ceil(n / 3600) - 1 full hours.
  const budgetBoundMs = (Math.ceil(b.client.requests / 3600) - 1) * HOUR;
  console.log(`run 2: Apple's budget of 3,600 requests per hour, clocks ${SCALE}x faster, concurrency 4`);
  console.log(`  requests        ${fmt(b.client.requests)} made, ${fmt(minimum)} minimum; 429 responses: ${tooMany}${tooMany ? "  (FAIL)" : ""}`);
  const ratio = budgetBoundMs > 0 ? `   ${(b.emulatedMs / budgetBoundMs).toFixed(2)}x` : " (fits in one hour's budget)";
  console.log(`  emulated time   ${hm(b.emulatedMs)}, lower bound ${hm(budgetBoundMs)} from the budget${ratio}   (real ${secs(b.wallMs)})`);
  console.log(`  stored          ${fmt(b.server.members)} group members, created ${fmt(b.result.created)}, failed ${b.result.failed.length}`);
  if (tooMany || b.server.members !== TESTERS) throw new Error(`run 2: ${tooMany} responses were 429, ${b.server.members} members`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
