// Streaming parse of a large Sales report: a generated SALES file (≥ 500 MB uncompressed, Apple's
// 28 columns, several gzip members) is parsed into typed rows in a child process, next to
// `zcat FILE | wc -l` on the same file, in alternating rounds. Prints MB/s (uncompressed), the ratio
// to zcat|wc, and the parser's peak RSS. Goals: peak RSS < 150 MB, throughput ≥ 0.5× zcat|wc -l.
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { median } from "./stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = process.env.ASCKIT_BENCH_DIST ?? path.join(root, "dist");
const TARGET_BYTES = Number(process.env.ASCKIT_BENCH_REPORT_MB ?? 520) * 1e6;
const MEMBER_BYTES = 96e6;

/** Writes Apple-layout SALES rows (the emulator's generator) day after day until the target size. */
async function generate(file) {
  const { salesLinesForDay, formatSalesLines, SALES_HEADER } = await import(path.join(dist, "emulator/reports/index.js"));
  const out = createWriteStream(file);
  let gzip;
  let memberBytes = 0;
  const newMember = () => {
    if (gzip) gzip.end();
    gzip = createGzip();
    gzip.pipe(out, { end: false });
    memberBytes = 0;
  };
  newMember();
  let total = 0;
  const write = async (text) => {
    total += Buffer.byteLength(text);
    memberBytes += text.length;
    if (!gzip.write(text)) await once(gzip, "drain");
  };
  await write(`${SALES_HEADER.join("\t")}\n`);
  // A pool of real days, re-dated as the file grows: generation stays fast, rows stay realistic.
  const pool = [];
  for (let d = 0; d < 60; d++) {
    const day = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
    pool.push({ day, lines: formatSalesLines(salesLinesForDay(day, { vendorNumber: "85000001" }), day, day) });
  }
  for (let i = 0; total < TARGET_BYTES; i++) {
    const { day, lines } = pool[i % pool.length];
    const date = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    const us = `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
    const was = `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;
    await write(lines.join("\n").replaceAll(was, us) + "\n");
    if (memberBytes > MEMBER_BYTES) {
      const old = gzip;
      newMember();
      await once(old, "end");
    }
  }
  gzip.end();
  await once(gzip, "end");
  out.end();
  await once(out, "finish");
  return total;
}

const PARSER_CHILD = `
const { createReadStream } = await import("node:fs");
const [dist, file, mode] = process.argv.slice(1);
const { gunzipStream, createReportParser, parseReportStream } = await import(dist + "/workflows/reports/index.js");
const select = mode === "summary" ? ["SKU", "Title", "Product Type Identifier", "Units", "Developer Proceeds", "Country Code", "Currency of Proceeds", "Parent Identifier"] : undefined;
const started = process.hrtime.bigint();
let rows = 0, units = 0;
const parser = createReportParser(select ? { select } : {});
for await (const batch of parseReportStream(gunzipStream(createReadStream(file, { highWaterMark: 1 << 16 })), parser)) {
  rows += batch.length;
  for (const row of batch) units += row.Units;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ ms, rows, units, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

function timeZcat(file) {
  const t = process.hrtime.bigint();
  const r = spawnSync("sh", ["-c", `zcat '${file}' | wc -l`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`zcat | wc -l failed: ${r.stderr}`);
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, lines: Number(r.stdout.trim()) };
}

function timeParse(file, mode) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", PARSER_CHILD, dist, file, mode], { encoding: "utf8", maxBuffer: 1 << 20 });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`parser child failed: ${r.stderr}`);
  return { ...JSON.parse(r.stdout), wall };
}

export async function run() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-bench-reports-"));
  const file = path.join(dir, "S_D_85000001_big.txt.gz");
  try {
    const t0 = Date.now();
    const bytes = await generate(file);
    const mb = bytes / 1e6;
    console.log(`generated ${mb.toFixed(0)} MB of SALES rows (${(statSync(file).size / 1e6).toFixed(0)} MB gzip, several members) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const rounds = Number(process.env.ASCKIT_BENCH_ROUNDS ?? 3);
    const zcat = [];
    const full = [];
    const summary = [];
    let lines = 0;
    let parsed;
    for (let i = 0; i < rounds; i++) {
      const z = timeZcat(file);
      lines = z.lines;
      zcat.push(z.ms);
      parsed = timeParse(file, "full");
      full.push(parsed);
      summary.push(timeParse(file, "summary"));
    }
    if (parsed.rows !== lines - 1) throw new Error(`parser saw ${parsed.rows} rows, zcat|wc -l ${lines} lines (header included)`);
    const rate = (ms) => mb / (ms / 1000);
    const zRate = rate(median(zcat));
    const fRate = rate(median(full.map((p) => p.wall)));
    const sRate = rate(median(summary.map((p) => p.wall)));
    const fRss = Math.max(...full.map((p) => p.maxRssMb));
    const sRss = Math.max(...summary.map((p) => p.maxRssMb));
    const row = (name, mbs, rss) => `${name.padEnd(40)} ${mbs.toFixed(0).padStart(6)} MB/s  ${(mbs / zRate).toFixed(2).padStart(5)}x zcat|wc  ${rss === undefined ? "" : `peak RSS ${rss.toFixed(0)} MB`}`;
    console.log(`${parsed.rows.toLocaleString("en-US")} rows; medians of ${rounds} alternating rounds (wall time, process start included)`);
    console.log(row("zcat | wc -l", zRate));
    console.log(row("typed rows, all 28 columns", fRate, fRss));
    console.log(row("typed rows, the summary's 8 columns", sRate, sRss));
    const ok = (cond) => (cond ? "met" : "NOT met");
    console.log(`goal peak RSS < 150 MB: ${ok(fRss < 150 && sRss < 150)}; goal ≥ 0.5x zcat|wc: all columns ${ok(fRate >= 0.5 * zRate)}, summary columns ${ok(sRate >= 0.5 * zRate)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
