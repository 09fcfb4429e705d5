import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchangeRatesFromFinance } from "../../../src/workflows/reports/exchange-rates.js";
import { summarizeSales, summaryGroups } from "../../../src/workflows/reports/sales-summary.js";
import { createSummaryCache } from "../../../src/workflows/reports/summary-cache.js";
import { renderSummaryHtml } from "../../../src/workflows/reports/summary-html.js";
import { renderBarList, renderColumnChart } from "../../../src/cli/output/chart.js";
import { startReportEmulator, type ReportEmulator } from "./report-emulator.js";

const NOW = Date.parse("2024-05-20T19:00:00Z");
const now = () => NOW;
let env: ReportEmulator;
let dir: string;

beforeAll(async () => {
  env = await startReportEmulator(now, { isNoSalesDay: (_v, day) => day === "2024-05-12" });
  dir = mkdtempSync(path.join(os.tmpdir(), "asckit-summary-"));
});
afterAll(async () => {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("sales summary", () => {
  it("adds up days fetched concurrently, and a second run of the same range sends no request", async () => {
    const cache = createSummaryCache(dir);
    const first = env.newClient();
    const options = { vendorNumber: "85000001", from: "2024-05-06", to: "2024-05-19", now, cache, concurrency: 3 };
    const rates = await exchangeRatesFromFinance(first.client, { vendorNumber: "85000001", day: "2024-05-19", now, cache });
    const summary = await summarizeSales(first.client, { ...options, rates });
    expect(summary.fetched).toBe(14);
    expect(summary.cached).toBe(0);
    expect(first.exchanges.filter((e) => e.url.includes("/v1/salesReports"))).toHaveLength(14);
    expect(summary.days.map((d) => d.status).filter((s) => s === "no-sales")).toEqual(["no-sales"]);
    expect(summary.days.find((d) => d.day === "2024-05-12")).toMatchObject({ units: 0, proceeds: {} });
    expect(summary.totals.units).toBe(summary.days.reduce((a, d) => a + d.units, 0));
    expect(summary.totals.units).toBe(summary.byApp.reduce((a, g) => a + g.units, 0));
    expect(summary.byApp.map((g) => g.label).sort()).toEqual(["Demo App", "Pocket Atlas for Mac", "Sample Widget Tools"]);
    expect(summary.byProduct.some((g) => g.label === "Demo Plus Monthly")).toBe(true);
    expect(rates?.currency).toBe("USD");
    expect(rates?.perUnit.EUR).toBe(1.08);
    expect(summary.totals.converted).toBeGreaterThan(summary.totals.proceeds.USD!);
    expect(summary.unconverted).toEqual([]);

    const second = env.newClient();
    const rates2 = await exchangeRatesFromFinance(second.client, { vendorNumber: "85000001", day: "2024-05-19", now, cache });
    const again = await summarizeSales(second.client, { ...options, rates: rates2 });
    expect(second.exchanges).toEqual([]);
    expect(again.fetched).toBe(0);
    expect(again.cached).toBe(14);
    expect({ ...again, fetched: 0, cached: 0 }).toEqual({ ...summary, fetched: 0, cached: 0 });
    expect(readdirSync(path.join(dir, "sales-summary", "v1", "85000001"))).toHaveLength(14);
  });

  it("never has more downloads in flight than its concurrency, and fewer when the hourly budget is low", async () => {
    const track = (budget: number | undefined) => {
      let inFlight = 0;
      let peak = 0;
      const client = Object.create(env.client, {
        rateLimit: { get: () => (budget === undefined ? undefined : { hourRemaining: budget, raw: {} }) },
        download: {
          value: async (...args: Parameters<typeof env.client.download>) => {
            peak = Math.max(peak, ++inFlight);
            try {
              return await (env.client.download as (...a: unknown[]) => Promise<unknown>)(...args);
            } finally {
              inFlight--;
            }
          },
        },
      });
      return { client, peak: () => peak };
    };
    const roomy = track(undefined);
    await summarizeSales(roomy.client, { vendorNumber: "85000001", from: "2024-05-01", to: "2024-05-10", now, concurrency: 3 });
    expect(roomy.peak()).toBe(3);
    const tight = track(30);
    await summarizeSales(tight.client, { vendorNumber: "85000001", from: "2024-05-01", to: "2024-05-10", now, concurrency: 3 });
    expect(tight.peak()).toBe(1);
  });

  it("leaves out days not published yet without caching them", async () => {
    const cache = createSummaryCache(path.join(dir, "late"));
    // The emulator's clock says 20 May, the summary's says 21 May: the 20th is "not available yet".
    const later = () => Date.parse("2024-05-21T19:00:00Z");
    const summary = await summarizeSales(env.client, { vendorNumber: "85000001", from: "2024-05-19", to: "2024-05-20", now: later, cache });
    expect(summary.missingDays).toEqual(["2024-05-20"]);
    expect(readdirSync(path.join(dir, "late", "sales-summary", "v1", "85000001"))).toEqual(["2024-05-19.json"]);
  });

  it("refuses ranges Apple cannot have", async () => {
    await expect(summarizeSales(env.client, { vendorNumber: "85000001", from: "2024-05-10", to: "2024-05-20", now })).rejects.toThrow("--to 2024-05-20 is after yesterday (2024-05-19, Pacific time)");
    await expect(summarizeSales(env.client, { vendorNumber: "85000001", from: "2024-05-10", to: "2024-05-01", now })).rejects.toThrow("is after --to");
  });

  it("groups by day, app, territory and product", async () => {
    const summary = await summarizeSales(env.client, { vendorNumber: "85000001", from: "2024-05-18", to: "2024-05-19", now });
    expect(summaryGroups(summary, "day").map((g) => g.key)).toEqual(["2024-05-18", "2024-05-19"]);
    expect(summaryGroups(summary, "territory")[0]!.key).toBe("US");
    expect(summaryGroups(summary, "product").length).toBe(7);
  });

  it("renders self-contained HTML with the summary's numbers", async () => {
    const summary = await summarizeSales(env.client, { vendorNumber: "85000001", from: "2024-05-18", to: "2024-05-19", now });
    const html = renderSummaryHtml(summary, { generatedAt: NOW });
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain(`data-chart="units-over-time" data-days="2"`);
    expect(html).toContain(`data-day="2024-05-19" data-status="sales" data-total="${summary.days[1]!.units}"`);
  });
});

describe("terminal charts", () => {
  it("draws columns with eighth blocks and the maximum on the axis", () => {
    const chart = renderColumnChart(
      [
        { label: "05-01", value: 8 },
        { label: "05-02", value: 4 },
        { label: "05-03", value: 1 },
      ],
      { height: 2, width: 40 },
    );
    expect(chart).toBe(["8 ┤███", "0 ┤███ ███ ▂▂▂", "  └────────────", "   05-01   05-03"].join("\n") + "\n");
    const many = renderColumnChart(Array.from({ length: 300 }, (_, i) => ({ label: `d${i}`, value: i % 10 })), { height: 3, width: 80 });
    // 300 points do not fit in 70 columns: averaged five at a time.
    expect(many.split("\n")[3]).toBe(`  └${"─".repeat(60)}`);
  });

  it("draws ranked bars proportional to the values", () => {
    const list = renderBarList(
      [
        { label: "Demo App", value: 10, note: "10 units" },
        { label: "Widget", value: 5, note: "5 units" },
      ],
      { width: 38 },
    );
    expect(list.split("\n")[0]).toBe("Demo App  ██████████████████  10 units");
    expect(list.split("\n")[1]).toBe("Widget    █████████           5 units");
  });
});
