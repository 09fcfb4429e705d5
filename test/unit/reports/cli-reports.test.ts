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
const now = () => NOW;
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
    expect(run.stderr).toMatch(new RegExp(`FINANCIAL US fiscal 2024-03: ${rows.length} rows, \\d+ units, amount [\\d.]+ \\(matches the report's Total_\\* lines\\)`));
    expect(run.stdout).not.toContain("Total_");
  });

  it("refuses FINANCE_DETAIL for a region other than Z1", async () => {
    const run = await cli("reports", "finance", "--type", "FINANCE_DETAIL", "--region", "EU");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("FINANCE_DETAIL reports exist only for region Z1, not EU.");
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

  it("leaves no file when the download breaks off", async () => {
    async function* broken() {
      yield gzipSync(FINANCIAL_TSV).subarray(0, 60);
      throw new Error("socket hang up");
    }
    await expect(emitReport(ctx(), streamDownload(broken()), { format: "csv", out: "broken.txt.gz" })).rejects.toThrow("socket hang up");
    expect(readdirSync(dir).filter((f) => f.includes("broken"))).toEqual([]);
  });
});
