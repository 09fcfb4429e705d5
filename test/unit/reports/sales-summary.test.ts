import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchangeRatesFromFinance } from "../../../src/workflows/reports/exchange-rates.js";
import { describeDays, resolveSummaryRange, summarizeSales, summaryGroups } from "../../../src/workflows/reports/sales-summary.js";
import { createSummaryCache, reportCacheScope } from "../../../src/workflows/reports/summary-cache.js";
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
    const { rates } = await exchangeRatesFromFinance(first.client, { vendorNumber: "85000001", day: "2024-05-19", now, cache });
    const summary = await summarizeSales(first.client, { ...options, rates });
    expect(summary.fetched).toBe(14);
    expect(summary.cached).toBe(0);
    expect(first.exchanges.filter((e) => e.url.includes("/v1/salesReports"))).toHaveLength(14);
    expect(summary.days.map((d) => d.status).filter((s) => s === "no-sales")).toEqual(["no-sales"]);
    expect(summary.days.find((d) => d.day === "2024-05-12")).toMatchObject({ units: 0, proceeds: {} });
    expect(summary.totals.units).toBe(summary.days.reduce((a, d) => a + d.units, 0));
    expect(summary.totals.units).toBe(summary.byApp.reduce((a, g) => a + g.units, 0));
    // The emulator's sales name the apps it serves (seedDemo): same titles, SKUs and ids.
    expect(summary.byApp.map((g) => [g.key, g.label]).sort()).toEqual([["DEMO001", "Demo App"], ["WIDGET001", "Sample Widget Tools"]]);
    expect(summary.byProduct.some((g) => g.label === "Demo Plus Monthly")).toBe(true);
    expect(rates?.currency).toBe("USD");
    expect(rates?.perUnit.EUR).toBe(1.08);
    // Fiscal May is not settled on 20 May, nor is April until five days after it closes (4 May): April it is.
    expect(rates?.fiscalMonth).toBe("2024-04");
    expect(summary.totals.converted).toBeGreaterThan(summary.totals.proceeds.USD!);
    expect(summary.unconverted).toEqual([]);
    expect(summary.expiredDays).toEqual([]);

    const second = env.newClient();
    const { rates: rates2 } = await exchangeRatesFromFinance(second.client, { vendorNumber: "85000001", day: "2024-05-19", now, cache });
    const again = await summarizeSales(second.client, { ...options, rates: rates2 });
    expect(second.exchanges).toEqual([]);
    expect(again.fetched).toBe(0);
    expect(again.cached).toBe(14);
    expect({ ...again, fetched: 0, cached: 0 }).toEqual({ ...summary, fetched: 0, cached: 0 });
    expect(readdirSync(path.join(dir, "sales-summary", "v2", reportCacheScope(env.emulator.url), "85000001"))).toHaveLength(14);
  });

  it("never serves one server's or account's cached days for another", async () => {
    const cache = createSummaryCache(path.join(dir, "scoped"));
    const other = await startReportEmulator(now);
    try {
      const options = { vendorNumber: "85000001", from: "2024-05-17", to: "2024-05-19", now, cache };
      const rehearsal = env.newClient();
      expect((await summarizeSales(rehearsal.client, options)).fetched).toBe(3);
      // Same vendor number, another server (another emulator here, Apple in real life): downloaded again.
      const real = other.newClient();
      const there = await summarizeSales(real.client, options);
      expect(there.fetched).toBe(3);
      expect(real.exchanges.filter((e) => e.url.includes("/v1/salesReports"))).toHaveLength(3);
      // Same server, another team's key: downloaded again; the first team's days are still cached.
      expect((await summarizeSales(env.newClient().client, { ...options, account: "another-issuer" })).fetched).toBe(3);
      expect((await summarizeSales(env.newClient().client, options)).fetched).toBe(0);
      // Exchange rates are scoped the same way.
      const rates = env.newClient();
      await exchangeRatesFromFinance(rates.client, { vendorNumber: "85000001", day: "2024-05-19", now, cache });
      const ratesThere = other.newClient();
      await exchangeRatesFromFinance(ratesThere.client, { vendorNumber: "85000001", day: "2024-05-19", now, cache });
      expect(ratesThere.exchanges.filter((e) => e.url.includes("/v1/financeReports")).length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
    expect(reportCacheScope("http://127.0.0.1:4010")).toMatch(/^127\.0\.0\.1_4010-[0-9a-f]{12}$/);
    expect(reportCacheScope("https://api.appstoreconnect.apple.com/")).toBe(reportCacheScope("https://api.appstoreconnect.apple.com"));
    expect(reportCacheScope("https://api.appstoreconnect.apple.com", "issuer-a")).not.toBe(reportCacheScope("https://api.appstoreconnect.apple.com", "issuer-b"));
  });

  it("keeps no more reports in progress than its concurrency, and narrows as the hourly budget drains", async () => {
    // In progress: from the request until the last byte of the body was read, not until the headers
    // came back (download() resolves at the headers; the body streams after it).
    const track = (budgetAt: (started: number) => number | undefined) => {
      let inFlight = 0;
      let peak = 0;
      let started = 0;
      const inFlightAtStart: number[] = [];
      const client = Object.create(env.client, {
        rateLimit: { get: () => (budgetAt(started) === undefined ? undefined : { hourRemaining: budgetAt(started), raw: {} }) },
        download: {
          value: async (...args: Parameters<typeof env.client.download>) => {
            inFlightAtStart.push(inFlight);
            started++;
            peak = Math.max(peak, ++inFlight);
            let response;
            try {
              response = await (env.client.download as (...a: unknown[]) => Promise<{ body: ReadableStream<Uint8Array> }>)(...args);
            } catch (error) {
              inFlight--;
              throw error;
            }
            const done = () => void inFlight--;
            const body = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: done }));
            return { ...response, body };
          },
        },
      });
      return { client, peak: () => peak, inFlightAtStart };
    };
    const roomy = track(() => undefined);
    await summarizeSales(roomy.client, { vendorNumber: "85000001", from: "2024-05-01", to: "2024-05-10", now, concurrency: 3 });
    expect(roomy.peak()).toBe(3);
    const tight = track(() => 30);
    await summarizeSales(tight.client, { vendorNumber: "85000001", from: "2024-05-01", to: "2024-05-10", now, concurrency: 3 });
    expect(tight.peak()).toBe(1);
    // Plenty of budget for the first three downloads, then Apple reports 30 left: the pool drops to
    // one worker, so every later download starts with nothing else in progress.
    const draining = track((started) => (started < 3 ? 10_000 : 30));
    await summarizeSales(draining.client, { vendorNumber: "85000001", from: "2024-05-01", to: "2024-05-10", now, concurrency: 3 });
    expect(draining.peak()).toBe(3);
    expect(draining.inFlightAtStart).toHaveLength(10);
    expect(draining.inFlightAtStart.slice(3)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it("leaves days Apple no longer keeps out of every total, and says so", async () => {
    // Apple keeps daily reports for a year: on 20 May 2024, 20 May 2023 and earlier answer 410.
    const summary = await summarizeSales(env.client, { vendorNumber: "85000001", from: "2023-05-18", to: "2023-05-23", now });
    expect(summary.expiredDays).toEqual(["2023-05-18", "2023-05-19", "2023-05-20"]);
    expect(summary.days.filter((d) => d.status === "expired").every((d) => d.units === 0)).toBe(true);
    expect(summary.totals.units).toBe(summary.days.filter((d) => d.status === "sales").reduce((a, d) => a + d.units, 0));
    expect(summaryGroups(summary, "day")[0]).toMatchObject({ key: "2023-05-18", label: "2023-05-18 (expired)", status: "expired" });
    expect(describeDays(summary.expiredDays)).toBe("2023-05-18 … 2023-05-20");
    const html = renderSummaryHtml(summary, { generatedAt: NOW });
    expect(html).not.toContain("every day accounted for");
    expect(html).toMatch(/data-kpi="coverage">.*<p class="kpi-sub">3 expired at Apple, not counted<\/p>/);
    expect(html).toContain("Expired at Apple (daily reports are kept for about a year), so not in any total: 2023-05-18 … 2023-05-20.");
    expect(JSON.parse(/<script type="application\/json" id="summary-data">(.*)<\/script>/.exec(html)![1]!).expiredDays).toEqual(summary.expiredDays);
  });

  it("leaves out days not published yet without caching them", async () => {
    const cache = createSummaryCache(path.join(dir, "late"));
    // The emulator's clock says 20 May, the summary's says 21 May: the 20th is "not available yet".
    const later = () => Date.parse("2024-05-21T19:00:00Z");
    const summary = await summarizeSales(env.client, { vendorNumber: "85000001", from: "2024-05-19", to: "2024-05-20", now: later, cache });
    expect(summary.missingDays).toEqual(["2024-05-20"]);
    expect(readdirSync(path.join(dir, "late", "sales-summary", "v2", reportCacheScope(env.emulator.url), "85000001"))).toEqual(["2024-05-19.json"]);
  });

  it("refuses ranges Apple cannot have, before any request", async () => {
    const before = env.emulator.stats();
    await expect(summarizeSales(env.client, { vendorNumber: "85000001", from: "2024-05-10", to: "2024-05-20", now })).rejects.toThrow("--to 2024-05-20 is after yesterday (2024-05-19, Pacific time)");
    await expect(summarizeSales(env.client, { vendorNumber: "85000001", from: "2024-05-10", to: "2024-05-01", now })).rejects.toThrow("is after --to");
    expect(() => resolveSummaryRange({ vendorNumber: "85000001", to: "foo", now })).toThrow('Bad --to "foo": expected a calendar day, YYYY-MM-DD.');
    expect(() => resolveSummaryRange({ vendorNumber: "85000001", from: "2024-02-30", now })).toThrow('Bad --from "2024-02-30"');
    expect(() => resolveSummaryRange({ vendorNumber: "8500-01", now })).toThrow('Bad vendor number "8500-01"');
    expect(() => resolveSummaryRange({ vendorNumber: "85000001", to: "2024-06-01", now }, { from: "from", to: "to" })).toThrow("to 2024-06-01 is after yesterday");
    expect(resolveSummaryRange({ vendorNumber: "85000001", now })).toEqual({ vendorNumber: "85000001", from: "2024-04-20", to: "2024-05-19", days: 30 });
    expect(env.emulator.stats()).toEqual(before);
  });

  it("groups by day, app, territory and product", async () => {
    const summary = await summarizeSales(env.client, { vendorNumber: "85000001", from: "2024-05-18", to: "2024-05-19", now });
    expect(summaryGroups(summary, "day").map((g) => g.key)).toEqual(["2024-05-18", "2024-05-19"]);
    expect(summaryGroups(summary, "territory")[0]!.key).toBe("US");
    expect(summaryGroups(summary, "product").length).toBe(6);
  });

  it("renders self-contained HTML with the summary's numbers", async () => {
    const summary = await summarizeSales(env.client, { vendorNumber: "85000001", from: "2024-05-18", to: "2024-05-19", now });
    const html = renderSummaryHtml(summary, { generatedAt: NOW });
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain(`data-chart="units-over-time" data-days="2"`);
    expect(html).toContain(`data-day="2024-05-19" data-status="sales" data-total="${summary.days[1]!.units}"`);
  });
});

describe("exchange rates from the finance report", () => {
  const finance = (exchanges: Array<{ url: string }>) => exchanges.filter((e) => e.url.includes("/v1/financeReports"));

  it("caches Apple's answers, not a failed request, and says which months a failure hid", async () => {
    const cacheDir = path.join(dir, "rates");
    const cache = createSummaryCache(cacheDir);
    env.emulator.setFaults({ errorRate: 1, errorStatuses: [503], paths: /financeReports/ });
    try {
      const failing = env.newClient();
      const lookup = await exchangeRatesFromFinance(failing.client, { vendorNumber: "85000001", day: "2024-05-19", now, cache });
      expect(lookup.rates).toBeUndefined();
      expect(lookup.failure).toMatch(/503/);
      expect(lookup.unchecked).toEqual(["2024-05", "2024-04", "2024-03", "2024-02"]);
      // One month was asked (with the client's retries); after a failure no further month is.
      expect(new Set(finance(failing.exchanges).map((e) => e.url)).size).toBe(1);
      expect(existsSync(path.join(cacheDir, "finance-rates"))).toBe(false);
    } finally {
      env.emulator.setFaults({});
    }

    // The blip is over: asked again at once, not a day later.
    const recovered = env.newClient();
    const lookup = await exchangeRatesFromFinance(recovered.client, { vendorNumber: "85000001", day: "2024-05-19", now, cache });
    expect(lookup).toMatchObject({ rates: { currency: "USD", fiscalMonth: "2024-04", reportDate: "2024-07" }, unchecked: [] });
    expect(lookup.rates?.source).toBe("Apple's consolidated finance report for fiscal April 2024 (2024-03-31 – 2024-05-04), reportDate 2024-07 (as of 2024-05-20)");
    expect(lookup.failure).toBeUndefined();
    // Fiscal May (period 08): Apple's "no sales" (not settled), cached as such; fiscal April (period 07): the rates.
    expect(finance(recovered.exchanges).map((e) => new URL(e.url).searchParams.get("filter[reportDate]"))).toEqual(["2024-08", "2024-07"]);
    expect(readdirSync(path.join(cacheDir, "finance-rates", "v3", reportCacheScope(env.emulator.url), "85000001")).sort()).toEqual(["fy2024-p07.json", "fy2024-p08.json"]);

    // A month later the newest reports cannot be read: the cached April rates are used, and the
    // months that could not be checked are named, so the caller can say the rates may be old.
    const monthLater = () => Date.parse("2024-06-20T19:00:00Z");
    env.emulator.setFaults({ errorRate: 1, errorStatuses: [503], paths: /financeReports/ });
    try {
      const later = await exchangeRatesFromFinance(env.newClient().client, { vendorNumber: "85000001", day: "2024-06-19", now: monthLater, cache });
      expect(later.rates?.fiscalMonth).toBe("2024-04");
      expect(later.unchecked).toEqual(["2024-06", "2024-05"]);
      expect(later.failure).toMatch(/503/);
    } finally {
      env.emulator.setFaults({});
    }
  });

  it("starts from the fiscal month containing the day, across a fiscal year end, and never reads a v2 (calendar-named) entry", async () => {
    // 10 October 2024: 29 September is in fiscal October 2024 (period 01 of fiscal 2025), not settled;
    // fiscal September (period 12 of fiscal 2024) was due on 4 October.
    const later = () => Date.parse("2024-10-10T19:00:00Z");
    const october = await startReportEmulator(later);
    try {
      const cache = createSummaryCache(path.join(dir, "rates-year-end"));
      // A v2 entry "2024-09" was fetched with reportDate 2024-09, which Apple reads as fiscal June.
      await cache.write(`finance-rates/v2/${reportCacheScope(october.emulator.url)}/85000001/2024-09`, { rates: { currency: "USD", perUnit: { EUR: 9 }, fiscalMonth: "2024-09", source: "old" }, checkedAt: later() });
      const client = october.newClient();
      const lookup = await exchangeRatesFromFinance(client.client, { vendorNumber: "85000001", day: "2024-09-29", now: later, cache });
      expect(lookup.rates).toMatchObject({ fiscalMonth: "2024-09", reportDate: "2024-12", perUnit: { EUR: 1.08 } });
      expect(finance(client.exchanges).map((e) => new URL(e.url).searchParams.get("filter[reportDate]"))).toEqual(["2025-01", "2024-12"]);
    } finally {
      await october.close();
    }
  });

  it("goes on without rates when the key may not read finance reports (403), and stops on a rejected token (401)", async () => {
    env.emulator.failNext({ status: 403, path: /financeReports/ });
    const forbidden = await exchangeRatesFromFinance(env.newClient().client, { vendorNumber: "85000001", day: "2024-05-19", now, cache: createSummaryCache(path.join(dir, "rates-403")) });
    expect(forbidden.rates).toBeUndefined();
    expect(forbidden.unchecked).toHaveLength(4);
    expect(existsSync(path.join(dir, "rates-403"))).toBe(false);
    env.emulator.failNext({ status: 401, path: /financeReports/, count: 2 });
    await expect(exchangeRatesFromFinance(env.newClient().client, { vendorNumber: "85000001", day: "2024-05-19", now })).rejects.toMatchObject({ category: "auth", status: 401 });
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

  it("treats a width of 0 (a terminal that does not know its size) as 80 columns, not as 8", () => {
    const points = Array.from({ length: 60 }, (_, i) => ({ label: `d${i}`, value: i }));
    expect(renderColumnChart(points, { height: 2, width: 0 })).toBe(renderColumnChart(points, { height: 2, width: 80 }));
    expect(renderColumnChart(points, { height: 2, width: 0 }).split("\n")[2]).toBe(`   └${"─".repeat(60)}`);
    const bars = [{ label: "Demo App", value: 10, note: "10 units" }];
    expect(renderBarList(bars, { width: 0 })).toBe(renderBarList(bars, { width: 80 }));
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
