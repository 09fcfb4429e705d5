// The built CLI against an emulator serving reports: sales, finance, summary with its HTML report
// opened in headless Chromium, and the Analytics Reports API.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerReports } from "../../../src/emulator/reports/index.js";
import { pacificYesterday, addDays } from "../../../src/workflows/reports/pacific-time.js";
import { describeFiscalMonth, fiscalMonth } from "../../../src/workflows/reports/fiscal-calendar.js";
import { runCli, type CliResult } from "../../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";

const CHROMIUM = "/usr/bin/chromium";
let emu: TestEmulator;
let work: string;
const requests: Array<{ method: string; path: string; status: number; query: Record<string, string> }> = [];

beforeAll(async () => {
  emu = await startTestEmulator({ onRequest: (e) => requests.push({ method: e.method, path: e.path, status: e.status, query: e.query }) });
  // Wire the report handlers in case the emulator does not serve them already (a second
  // registration just replaces the first: the segment routes are stateless).
  for (const route of registerReports(emu.emulator.engine)) emu.emulator.addRoute(route);
  work = mkdtempSync(path.join(os.tmpdir(), "asckit-e2e-reports-"));
});
afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

const run = (args: string[], extra: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, { env: { ...emu.env, ASC_VENDOR_NUMBER: "85000001", ASCKIT_CACHE_DIR: path.join(work, "cache"), ...extra }, timeoutMs: 60_000 });
const to = pacificYesterday(Date.now());
const from = addDays(to, -13);

describe("asckit reports (built CLI)", () => {
  it("streams yesterday's sales report as JSON lines and saves the raw .gz atomically", async () => {
    const r = await run(["reports", "sales"]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.every((row) => row["Begin Date"] === to)).toBe(true);
    const out = path.join(work, "sales.txt.gz");
    const saved = await run(["reports", "sales", "--out", out]);
    expect(saved.code).toBe(0);
    expect(gunzipSync(readFileSync(out)).toString().split("\n").length - 2).toBe(rows.length);
  });

  it("exits 10 for today's report, which Apple has not published", async () => {
    const today = addDays(to, 1);
    const r = await run(["reports", "sales", "--date", today, "--out", path.join(work, "today.gz")]);
    expect(r.code).toBe(10);
    expect(r.stderr).toMatch(/not available yet[\s\S]*hint: .*try again after \d{4}-\d{2}-\d{2} 08:00 Pacific/);
    expect(existsSync(path.join(work, "today.gz"))).toBe(false);
  });

  it("checks a finance report against its trailer", async () => {
    const name = addDays(to, -70).slice(0, 7);
    const month = fiscalMonth(name);
    const before = requests.length;
    const r = await run(["reports", "finance", "--region", "US", "--date", name, "--format", "csv"]);
    expect(r.code).toBe(0);
    // --date names the month; Apple gets its fiscal year and period, and the rows cover that month's days.
    expect(r.stderr).toContain(`FINANCIAL US report for ${describeFiscalMonth(month)}\n`);
    expect(requests.slice(before).filter((q) => q.path === "/v1/financeReports").map((q) => q.query["filter[reportDate]"])).toEqual([month.reportDate]);
    expect(month.reportDate).not.toBe(name);
    expect(r.stdout.split("\n")[1]!.split(",").slice(0, 2)).toEqual([month.first, month.last]);
    expect(r.stdout.split("\n")[0]).toBe("Start Date,End Date,UPC,ISRC/ISBN,Vendor Identifier,Quantity,Partner Share,Extended Partner Share,Partner Share Currency,Sales or Return,Apple Identifier,Artist/Show/Developer/Author,Title,Label/Studio/Network/Developer/Publisher,Grid,Product Type Identifier,ISAN/Other Identifier,Country Of Sale,Pre-order Flag,Promo Code,Customer Price,Customer Currency");
    expect(r.stderr).toContain("(matches the report's Total_Rows, Total_Amount, Total_Units)");
  });
});

describe("asckit reports summary (built CLI)", () => {
  const html = () => path.join(work, "summary.html");
  let byDay: Array<{ day: string; units: number; converted?: number }>;

  it("adds up the range, writes the HTML report, and a second run sends no request", async () => {
    const first = await run(["reports", "summary", "--from", from, "--to", to, "--html", html()]);
    expect(first.code).toBe(0);
    byDay = JSON.parse(first.stdout);
    expect(byDay.map((d) => d.day)).toHaveLength(14);
    expect(first.stderr).toMatch(/\d+ report downloads, 0 days from the cache/);
    expect(first.stderr).toContain(`HTML report written to ${html()}`);

    const before = requests.length;
    const second = await run(["reports", "summary", "--from", from, "--to", to, "--by", "app"]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("0 report downloads, 14 days from the cache");
    expect(requests.slice(before).filter((q) => q.path.startsWith("/v1/salesReports") || q.path.startsWith("/v1/financeReports"))).toEqual([]);
    expect(JSON.parse(second.stdout).map((g: { label: string }) => g.label).sort()).toEqual(["Demo App", "Sample Widget Tools"]);
  });

  // Needs Debian's chromium (apt-get install chromium); ASCKIT_SKIP_BROWSER=1 skips it knowingly.
  it.skipIf(process.env.ASCKIT_SKIP_BROWSER === "1")("renders its charts in headless Chromium with the right data, without the network", async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (or set ASCKIT_SKIP_BROWSER=1).`);
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const fetched: string[] = [];
      page.on("request", (req) => fetched.push(req.url()));
      await page.goto(`file://${html()}`);
      expect(fetched.filter((u) => !u.startsWith("file://"))).toEqual([]);

      const days = await page.$$eval('[data-chart="units-over-time"] g.day', (gs) => gs.map((g) => ({ day: g.getAttribute("data-day"), total: Number(g.getAttribute("data-total")) })));
      expect(days).toEqual(byDay.map((d) => ({ day: d.day, total: d.units })));
      // Bars are laid out: visible, inside the chart, taller for bigger days.
      const bars = await page.$$eval('[data-chart="units-over-time"] rect.bar', (rs) => rs.map((r) => ({ day: r.getAttribute("data-day"), h: r.getBoundingClientRect().height, w: r.getBoundingClientRect().width })));
      expect(bars.length).toBe(byDay.filter((d) => d.units > 0).length);
      expect(bars.every((b) => b.w > 2 && b.h > 0)).toBe(true);
      const tallest = [...byDay].sort((a, b) => b.units - a.units)[0]!.day;
      expect(bars.reduce((a, b) => (b.h > a.h ? b : a)).day).toBe(tallest);

      const proceedsDays = await page.$$eval('[data-chart="proceeds-over-time"] g.day', (gs) => gs.map((g) => Number(g.getAttribute("data-total"))));
      byDay.forEach((d, i) => expect(proceedsDays[i]).toBeCloseTo(d.converted ?? 0, 0));

      const unitsKpi = await page.textContent('[data-kpi="units"] .kpi-value');
      expect(unitsKpi).toBe(new Intl.NumberFormat("en-US").format(byDay.reduce((a, d) => a + d.units, 0)));
      const apps = await page.$$eval('[data-chart="top-apps"] li.rank', (ls) => ls.map((l) => l.getAttribute("data-label")));
      expect([...apps].sort()).toEqual(["Demo App", "Sample Widget Tools"]);
      const territories = await page.$$eval('[data-chart="top-territories"] li.rank', (ls) => ls.length);
      expect(territories).toBe(8);
      const products = await page.$$eval('[data-chart="top-products"] li.rank .rank-bar .fill', (rs) => rs.map((r) => r.getBoundingClientRect().width));
      expect(products.length).toBe(6);
      expect(products[0]).toBeGreaterThan(products[products.length - 1]!);
      const shot = await page.screenshot({ fullPage: true });
      expect(shot.length).toBeGreaterThan(50_000);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe("asckit analytics (built CLI)", () => {
  it("requests reports once, lists them, and downloads a merged, checksum-verified file", async () => {
    const first = await run(["analytics", "request", "--app", "com.example.demo", "--access", "ongoing"]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ accessType: "ONGOING", created: true });
    const again = await run(["analytics", "request", "--app", "com.example.demo", "--access", "ongoing"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false, id: JSON.parse(first.stdout).id });

    const reports = await run(["analytics", "reports", "--app", "com.example.demo", "--category", "APP_USAGE"]);
    expect(JSON.parse(reports.stdout).map((r: { name: string }) => r.name)).toEqual(["App Sessions Standard", "App Store Installation and Deletion Standard"]);

    const instances = await run(["analytics", "instances", "--app", "com.example.demo", "--report", "App Sessions Standard", "--granularity", "DAILY", "--date", to]);
    expect(JSON.parse(instances.stdout)).toEqual([expect.objectContaining({ granularity: "DAILY", processingDate: to })]);

    const dir = path.join(work, "analytics");
    const dl = await run(["analytics", "download", "--app", "com.example.demo", "--report", "App Sessions Standard", "--granularity", "DAILY", "--from", addDays(to, -2), "--to", to, dir]);
    expect(dl.code).toBe(0);
    const result = JSON.parse(dl.stdout);
    expect(result.instances).toBe(3);
    expect(readdirSync(dir)).toEqual([path.basename(result.file)]);
    const lines = readFileSync(result.file, "utf8").trimEnd().split("\n");
    expect(lines[0]!.startsWith("Date\tApp Name\tApp Apple Identifier\tApp Version")).toBe(true);
    expect(lines.length - 1).toBe(result.rows);
    expect(dl.stderr).toContain("checksums verified");
    expect(result.missingDates).toEqual([]);
    // Days not processed yet are in the range but not in the file: said on stderr and in the JSON.
    const ahead = await run(["analytics", "download", "--app", "com.example.demo", "--report", "App Sessions Standard", "--granularity", "DAILY", "--from", addDays(to, -1), "--to", addDays(to, 2), path.join(dir, "ahead")]);
    expect(ahead.code, ahead.stderr).toBe(0);
    expect(JSON.parse(ahead.stdout)).toMatchObject({ instances: 2, missingDates: [addDays(to, 1), addDays(to, 2)] });
    expect(ahead.stderr).toContain(`warning: no DAILY instance for processing dates ${addDays(to, 1)}, ${addDays(to, 2)}: not in the file (not processed yet, or Apple made none)\n`);
  }, 60_000);
});
