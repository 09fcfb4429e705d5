import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GeneratedApiKey } from "../../../src/emulator/index.js";
import { SALES_COLUMNS } from "../../../src/workflows/reports/report-columns.js";
import { streamDownload } from "../../../src/workflows/reports/report-download.js";
import { createTrailerCheck } from "../../../src/workflows/reports/trailer-check.js";
import { emitReport } from "../../../src/cli/commands/reports/report-output.js";
import { createCommandContext } from "../../../src/cli/context.js";
import { runCli } from "./cli-helpers.js";
import { chunked, FINANCIAL_TSV } from "./report-fixtures.js";
import { startReportEmulator, type ReportEmulator } from "./report-emulator.js";

const NOW = Date.parse("2024-05-20T19:00:00Z");
// The emulator and the CLI share this clock; one test moves it on a month.
let clock = NOW;
const now = () => clock;
let env: ReportEmulator;
let key: GeneratedApiKey;
let dir: string;

beforeAll(async () => {
  env = await startReportEmulator(now, { isNoSalesDay: (_v, day) => day === "2024-05-12" });
  key = await env.emulator.createApiKey();
  dir = mkdtempSync(path.join(os.tmpdir(), "asckit-reports-cli-"));
});
afterAll(async () => {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...argv: string[]) => runCli(argv, { url: env.emulator.url, key, now, cwd: dir, env: { ASC_VENDOR_NUMBER: "85000001" } });
const tty = (...argv: string[]) => runCli(argv, { url: env.emulator.url, key, now, cwd: dir, env: { ASC_VENDOR_NUMBER: "85000001" }, tty: true });

describe("asckit reports sales", () => {
  it("prints CSV with Apple's columns", async () => {
    const run = await cli("reports", "sales", "--format", "csv");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(SALES_COLUMNS.join(","));
    expect(lines[1]).toMatch(/^APPLE,US,/);
    expect(run.stderr).toContain(`SALES SUMMARY DAILY 2024-05-19 (version 1_0): ${lines.length - 1} rows`);
  });

  it("prints JSON lines when piped, with dates as days and numbers as numbers", async () => {
    const run = await cli("reports", "sales", "--date", "2024-05-18");
    const first = JSON.parse(run.stdout.split("\n")[0]!);
    expect(first["Begin Date"]).toBe("2024-05-18");
    expect(typeof first.Units).toBe("number");
  });

  it("keeps Apple's gzip bytes with --out FILE.gz and leaves no temporary file", async () => {
    const run = await cli("reports", "sales", "--date", "2024-05-18", "--out", "day.txt.gz");
    expect(run.code).toBe(0);
    const text = gunzipSync(readFileSync(path.join(dir, "day.txt.gz"))).toString();
    expect(text.split("\n")[0]).toBe(SALES_COLUMNS.join("\t"));
    expect(readdirSync(dir).filter((f) => f.includes(".partial"))).toEqual([]);
  });

  it("picks the format from the --out extension", async () => {
    const run = await cli("reports", "sales", "--frequency", "WEEKLY", "--date", "2024-05-19", "--out", "week.csv");
    expect(run.code).toBe(0);
    const lines = readFileSync(path.join(dir, "week.csv"), "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(SALES_COLUMNS.join(","));
    expect(lines[1]).toContain(",2024-05-13,2024-05-19,");
    expect(run.stderr).toContain(`${lines.length - 1} rows written to ${path.join(dir, "week.csv")}`);
  });

  it("treats a day without sales as an empty report (exit 0)", async () => {
    const run = await cli("reports", "sales", "--date", "2024-05-12");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("No sales for SALES SUMMARY DAILY 2024-05-12");
  });

  it("exits 10 for a report not available yet, saying when to try again, and writes no file", async () => {
    const run = await cli("reports", "sales", "--date", "2024-05-20", "--out", "today.txt.gz");
    expect(run.code).toBe(10);
    expect(run.stderr).toContain("error: The SALES SUMMARY DAILY report for 2024-05-20 is not available yet.");
    expect(run.stderr).toContain("hint: Apple publishes reports the morning after the period ends; try again after 2024-05-21 08:00 Pacific (2024-05-21 15:00 UTC).");
    expect(readdirSync(dir)).not.toContain("today.txt.gz");
  });

  it("exits 4 for an expired report and 2 with the --version to use", async () => {
    expect((await cli("reports", "sales", "--date", "2023-01-02")).code).toBe(4);
    const run = await cli("reports", "sales", "--type", "SUBSCRIPTION", "--version", "1_4");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("hint: Re-run with --version 1_3.");
  });

  it("refuses a combination outside Apple's table before sending anything", async () => {
    const before = env.emulator.stats();
    const run = await cli("reports", "sales", "--type", "SUBSCRIPTION", "--frequency", "WEEKLY");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Apple does not offer SUBSCRIPTION reports with frequency WEEKLY.");
    expect(env.emulator.stats()).toEqual(before);
  });
});

describe("on a terminal", () => {
  it("shows a sales report as a table of the useful columns", async () => {
    const run = await tty("reports", "sales", "--date", "2024-05-18");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^BEGIN DATE\s+TITLE\s+SKU\s+PRODUCT TYPE IDENTIFIER\s+COUNTRY CODE\s+DEVICE\s+UNITS\s+DEVELOPER PROCEEDS\s+CURRENCY OF PROCEEDS$/);
    expect(run.stdout).toContain("2024-05-18");
  });

  it("draws the summary as a chart after the table", async () => {
    const run = await tty("reports", "summary", "--from", "2024-05-06", "--to", "2024-05-19", "--cache-dir", "tty-cache");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^DAY\s+UNITS\s+PROCEEDS USD\s+PROCEEDS BY CURRENCY/);
    expect(run.stdout).toContain("2024-05-12 (no-sales)");
    expect(run.stdout).toContain("Units per day");
    // One column per day; the day without sales stays empty.
    expect(run.stdout).toContain("   0 ┤███ ███ ███ ███ ███ ███     ███ ███ ███ ███ ███ ███ ███\n");
    expect(run.stdout).toMatch(/└─{56}\n {6}05-06 {47}05-19\n/);
    expect(run.stdout).toMatch(/Top apps\nDemo App\s+█+/);
    const again = await tty("reports", "summary", "--from", "2024-05-06", "--to", "2024-05-19", "--cache-dir", "tty-cache");
    expect(again.stderr).toContain("0 report downloads, 14 days from the cache");
  });
});

describe("asckit reports finance", () => {
  it("prints a region's rows with the fiscal-month note and the checked totals", async () => {
    const run = await cli("reports", "finance", "--region", "US", "--date", "2024-03", "--format", "jsonl");
    expect(run.code).toBe(0);
    const rows = run.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(rows.every((r) => r["Partner Share Currency"] === "USD" && r["Start Date"] === "2024-03-03")).toBe(true);
    expect(run.stderr).toContain("Apple fiscal months");
    // --date names the month as App Store Connect does; Apple's API gets fiscal 2024 period 06.
    expect(run.stderr).toContain("FINANCIAL US report for fiscal March 2024 (2024-03-03 – 2024-03-30), reportDate 2024-06\n");
    const units = rows.reduce((a, r) => a + r.Quantity, 0);
    const amount = rows.reduce((a, r) => a + Math.round(r["Extended Partner Share"] * 100), 0) / 100;
    expect(run.stderr).toContain(`FINANCIAL US fiscal March 2024: ${rows.length} rows, ${units} units, partner share ${amount.toFixed(2)} USD (matches the report's Total_Rows, Total_Amount, Total_Units)`);
    expect(run.stdout).not.toContain("Total_");
  });

  it("adds up the consolidated ZZ report in its own columns: units sold and proceeds in the bank currency", async () => {
    const run = await cli("reports", "finance", "--date", "2024-03", "--format", "jsonl");
    expect(run.code).toBe(0);
    const rows = run.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(5);
    const units = rows.reduce((a, r) => a + r["Units Sold"], 0);
    const proceeds = rows.reduce((a, r) => a + Math.round(r.Proceeds * 100), 0) / 100;
    expect(units).toBeGreaterThan(0);
    // Not "0 units, amount 0.00" from the per-region columns, which this layout does not have.
    expect(run.stderr).toContain(`FINANCIAL ZZ fiscal March 2024: ${rows.length} rows, ${units} units, proceeds ${proceeds.toFixed(2)} USD\n`);
  });

  it("gives FINANCE_DETAIL amounts per currency, never one sum of euros and yen", async () => {
    const run = await cli("reports", "finance", "--type", "FINANCE_DETAIL", "--date", "2024-03", "--format", "jsonl");
    expect(run.code).toBe(0);
    const rows = run.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    const per = new Map<string, number>();
    for (const r of rows) per.set(r["Partner Share Currency"], (per.get(r["Partner Share Currency"]) ?? 0) + Math.round(r["Extended Partner Share"] * 100));
    expect(per.size).toBeGreaterThan(3);
    const amounts = [...per.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => `${(v / 100).toFixed(2)} ${c}`).join(", ");
    const units = rows.reduce((a, r) => a + r.Quantity, 0);
    expect(run.stderr).toContain(`FINANCE_DETAIL Z1 fiscal March 2024: ${rows.length} rows, ${units} units, partner share ${amounts} (matches the report's Total_Rows, Total_Units)`);
  });

  it("defaults to the newest fiscal month whose reports are out, and says when an unpublished one will be (exit 10)", async () => {
    // Monday 6 May 2024: fiscal April closed on Saturday 4 May; its reports are due Friday 10 May.
    clock = Date.parse("2024-05-06T19:00:00Z");
    try {
      const latest = await cli("reports", "finance", "--format", "jsonl");
      expect(latest.code).toBe(0);
      expect(latest.stderr).toContain("FINANCIAL ZZ report for fiscal March 2024 (2024-03-03 – 2024-03-30), reportDate 2024-06\n");
      expect(latest.stderr).toMatch(/FINANCIAL ZZ fiscal March 2024: [1-9]\d* rows/);
      const early = await cli("reports", "finance", "--date", "2024-04", "--format", "jsonl");
      expect(early.code).toBe(10);
      expect(early.stdout).toBe("");
      expect(early.stderr).toContain("error: The FINANCIAL ZZ report for fiscal April 2024 (reportDate 2024-07) is not available yet: the month runs 2024-03-31 to 2024-05-04.\n");
      expect(early.stderr).toContain("hint: Apple has a fiscal month's finance reports ready by the first Friday after it ends; try again after 2024-05-10 08:00 Pacific (2024-05-10 15:00 UTC).");
    } finally {
      clock = NOW;
    }
  });

  it("checks the region's form before any request, and warns about a code not in Apple's list", async () => {
    const before = env.emulator.stats();
    for (const bad of ["USA", "12", "u$"]) {
      const run = await cli("reports", "finance", "--region", bad);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain(`error: Bad region code "${bad}": finance region codes are two letters (US, EU, JP, ZZ…) or Z1.`);
    }
    expect(env.emulator.stats()).toEqual(before);
    const unknown = await cli("reports", "finance", "--region", "XX", "--date", "2024-03", "--format", "jsonl");
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toContain("warning: XX is not one of Apple's finance report regions");
    expect(unknown.stderr).toContain("No finance report for FINANCIAL XX fiscal March 2024 (2024-03-03 to 2024-03-30): its reports are out, so there were no earnings in this region that month.");
  });

  it("takes Apple's fiscal year and period as is with --fiscal-period, the same report as --date names", async () => {
    const byPeriod = await cli("reports", "finance", "--region", "US", "--fiscal-period", "2024-06", "--format", "jsonl");
    const byDate = await cli("reports", "finance", "--region", "US", "--date", "2024-03", "--format", "jsonl");
    expect(byPeriod.code).toBe(0);
    expect(byPeriod.stdout).toBe(byDate.stdout);
    expect(byPeriod.stderr).toContain("FINANCIAL US report for fiscal March 2024 (2024-03-03 – 2024-03-30), reportDate 2024-06\n");
    // Period 03 of fiscal 2024 is December 2023, which a calendar reading of "2024-03" would never fetch.
    const december = await cli("reports", "finance", "--region", "US", "--fiscal-period", "2024-03", "--format", "jsonl");
    expect(december.stderr).toContain("FINANCIAL US report for fiscal December 2023 (2023-12-03 – 2023-12-30), reportDate 2024-03\n");
    expect(JSON.parse(december.stdout.split("\n")[0]!)["Start Date"]).toBe("2023-12-03");
  });

  it("refuses a bad --fiscal-period, a bad --date, or both flags, before any request (exit 2)", async () => {
    const before = env.emulator.stats();
    const bad = await cli("reports", "finance", "--fiscal-period", "2024-13");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`error: Bad --fiscal-period "2024-13": expected Apple's fiscal year and period, YYYY-PP, with PP from 01 (October) to 12 (September).\nhint: For example --fiscal-period 2024-05 (fiscal February 2024)`);
    const date = await cli("reports", "finance", "--date", "March");
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('error: Bad --date "March": expected a fiscal month YYYY-MM, named after the calendar month it mostly covers, or a day YYYY-MM-DD.');
    const both = await cli("reports", "finance", "--date", "2024-02", "--fiscal-period", "2024-05");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("error: --date and --fiscal-period both name the month: pass one.");
    expect(env.emulator.stats()).toEqual(before);
  });

  it("refuses FINANCE_DETAIL for a region other than Z1", async () => {
    const run = await cli("reports", "finance", "--type", "FINANCE_DETAIL", "--region", "EU");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("FINANCE_DETAIL reports exist only for region Z1, not EU.");
  });
});

describe("asckit reports summary", () => {
  it("checks its arguments before any request (exit 2)", async () => {
    const before = env.emulator.stats();
    const bad = await cli("reports", "summary", "--to", "foo");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: Bad --to "foo": expected a calendar day, YYYY-MM-DD.');
    expect(bad.stderr).not.toContain("unexpected failure");
    const future = await cli("reports", "summary", "--from", "2026-12-01", "--to", "2026-12-10");
    expect(future.code).toBe(2);
    expect(future.stderr).toContain("--to 2026-12-10 is after yesterday (2024-05-19, Pacific time)");
    const html = await cli("reports", "summary", "--from", "2024-05-18", "--to", "2024-05-19", "--html", "no/such/dir/out.html");
    expect(html.code).toBe(2);
    expect(html.stderr).toMatch(/error: --html: no such directory: .*[/]no\n/);
    const vendor = await cli("reports", "summary", "--vendor", "ACME");
    expect(vendor.code).toBe(2);
    expect(env.emulator.stats()).toEqual(before);
  });

  it("notes expired days on stderr and marks them in the JSON rows", async () => {
    const run = await cli("reports", "summary", "--from", "2023-05-19", "--to", "2023-05-22", "--no-convert", "--no-cache");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("note: expired at Apple (daily reports are kept for about a year), not in the totals: 2023-05-19 … 2023-05-20 (2 days)");
    const rows = JSON.parse(run.stdout) as Array<{ day: string; status: string; units: number }>;
    expect(rows.map((r) => r.status)).toEqual(["expired", "expired", "sales", "sales"]);
  });

  it("says when proceeds were converted at older rates because a newer finance report could not be read", async () => {
    const cacheDir = path.join(dir, "stale-rates");
    expect((await cli("reports", "summary", "--from", "2024-05-18", "--to", "2024-05-19", "--cache-dir", cacheDir)).code).toBe(0);
    env.emulator.setFaults({ errorRate: 1, errorStatuses: [503], paths: /financeReports/ });
    clock = Date.parse("2024-06-20T19:00:00Z");
    try {
      const run = await cli("reports", "summary", "--from", "2024-05-18", "--to", "2024-05-19", "--cache-dir", cacheDir);
      expect(run.code).toBe(0);
      // Fiscal May has settled by 20 June, but its report could not be read: April's rates were used.
      expect(run.stderr).toMatch(/note: converted at the rates of fiscal April 2024 \(reportDate 2024-07\): the newer finance report \(fiscal May 2024\) could not be read \(.*503.*\); the next run asks again\./);
      expect(run.stderr).toContain("2 days from the cache");
    } finally {
      clock = NOW;
      env.emulator.setFaults({});
    }
  });
});

describe("asckit reports sales --out", () => {
  it("refuses a file it cannot write before downloading anything", async () => {
    const before = env.emulator.stats();
    const run = await cli("reports", "sales", "--date", "2024-05-18", "--out", "missing-dir/day.txt.gz");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: --out: ");
    expect(env.emulator.stats()).toEqual(before);
  });
});

describe("atomic report files", () => {
  const ctx = () => {
    const sink = { write: () => true, once: () => undefined, isTTY: false } as unknown as NodeJS.WritableStream;
    return createCommandContext({ stdout: sink, stderr: sink, stdin: sink as never, env: {}, cwd: dir, now, sleep: async () => {} }, {}, async () => {
      throw new Error("no client");
    });
  };

  it("leaves no file when the report does not add up to its trailer", async () => {
    const tampered = FINANCIAL_TSV.replace("Total_Amount\t62.91", "Total_Amount\t99.99");
    for (const out of ["bad.txt.gz", "bad.csv"]) {
      const report = streamDownload(chunked(gzipSync(tampered), 40));
      await expect(emitReport(ctx(), report, { format: "csv", out, check: createTrailerCheck() })).rejects.toThrow("The report does not add up");
      expect(readdirSync(dir).filter((f) => f.startsWith("bad") || f.startsWith(".bad"))).toEqual([]);
    }
  });

  it("keeps a .gz a gzip file when Apple sends the report as plain text, with the rows checked", async () => {
    const out = path.join(dir, "plain.txt.gz");
    const check = createTrailerCheck();
    const result = await emitReport(ctx(), streamDownload(chunked(Buffer.from(FINANCIAL_TSV), 33)), { format: "csv", out: "plain.txt.gz", check });
    expect(result).toMatchObject({ rows: 2, file: out });
    expect(gunzipSync(readFileSync(out)).toString()).toBe(FINANCIAL_TSV);
    expect(check.totals).toEqual({ rows: 2, units: 9, amounts: { USD: 62.91 } });
    // Several gzip members (the emulator's style) are read through to the end as well.
    const members = Buffer.concat([gzipSync(FINANCIAL_TSV.slice(0, 200)), gzipSync(FINANCIAL_TSV.slice(200))]);
    const again = await emitReport(ctx(), streamDownload(chunked(members, 50)), { format: "csv", out: "members.txt.gz", check: createTrailerCheck() });
    expect(again.rows).toBe(2);
    expect(readFileSync(path.join(dir, "members.txt.gz"))).toEqual(members);
  });

  it("leaves no file when the download breaks off", async () => {
    async function* broken() {
      yield gzipSync(FINANCIAL_TSV).subarray(0, 60);
      throw new Error("socket hang up");
    }
    await expect(emitReport(ctx(), streamDownload(broken()), { format: "csv", out: "broken.txt.gz" })).rejects.toThrow("socket hang up");
    expect(readdirSync(dir).filter((f) => f.includes("broken"))).toEqual([]);
  });
});

describe("asckit analytics request --dry-run", () => {
  it("says what it would create, with the right article, and sends nothing", async () => {
    const requests = () => env.emulator.engine.store.list("analyticsReportRequests").length;
    const before = requests();
    const ongoing = await cli("analytics", "request", "--app", "com.example.widgettools", "--access", "ongoing", "--dry-run");
    expect(ongoing.code, ongoing.stderr).toBe(0);
    expect(ongoing.stderr).toMatch(/^dry run: would create an ONGOING analytics report request for com\.example\.widgettools \(\d+\)\.$/m);
    const oneTime = await cli("analytics", "request", "--app", "com.example.widgettools", "--access", "one-time", "--dry-run");
    expect(oneTime.stderr).toMatch(/^dry run: would create a ONE_TIME_SNAPSHOT analytics report request for com\.example\.widgettools/m);
    expect(requests()).toBe(before);
  });
});
