import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "reports",
  verb: "summary",
  summary: "Add up units and proceeds of the daily Sales reports over a range (cached; chart on a terminal; --html report)",
  options: [
    { flags: "--from <day>", description: "first day, YYYY-MM-DD (default: 30 days before --to)" },
    { flags: "--to <day>", description: "last day, YYYY-MM-DD (default: yesterday, Pacific time)" },
    { flags: "--by <grouping>", description: "rows per day, app, territory or product", default: "day", choices: ["day", "app", "territory", "product"] },
    { flags: "--vendor <number>", description: "vendor number (env ASC_VENDOR_NUMBER)" },
    { flags: "--html <file>", description: "also write a self-contained HTML report with charts" },
    { flags: "--cache-dir <dir>", description: "where finished days are kept (default: the user cache directory, or ASCKIT_CACHE_DIR)" },
    { flags: "--no-cache", description: "download every day again and keep nothing" },
    { flags: "--no-convert", description: "keep proceeds per currency (no exchange rates from the finance report)" },
    { flags: "--concurrency <n>", description: "reports downloaded at once", default: "4" },
  ],
  examples: ["asckit reports summary --from 2024-04-01 --to 2024-04-30 --by app", "asckit reports summary --from 2024-01-01 --to 2024-03-31 --html q1.html"],
  async run(ctx, _args, opts) {
    const reports = await import("../../../workflows/reports/index.js");
    const { ValidationError } = await import("../../../errors/asckit-error.js");
    const { vendorNumber } = await import("./vendor-number.js");
    const { reportCacheDir } = await import("./cache-dir.js");
    const { renderBarList, renderColumnChart } = await import("../../output/chart.js");
    const { writeOut } = await import("./report-output.js");
    const { assertWritableTarget } = await import("../../check-paths.js");
    const { resolveCliCredentials } = await import("../../make-client.js");
    const path = await import("node:path");
    // Everything that can be checked here is, before the first request: a typo in --to must not
    // wait for the finance report's retries to be refused.
    const { vendorNumber: vendor, from, to } = reports.resolveSummaryRange({ vendorNumber: vendorNumber(ctx, opts.vendor), from: opts.from as string | undefined, to: opts.to as string | undefined, now: ctx.io.now });
    const concurrency = Number(opts.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new ValidationError("--concurrency must be an integer from 1 to 16.", { category: "usage", field: "--concurrency" });
    const htmlFile = opts.html ? path.resolve(ctx.io.cwd, String(opts.html)) : undefined;
    if (htmlFile) assertWritableTarget(htmlFile, "--html");
    const cache = opts.cache === false ? undefined : reports.createSummaryCache(reportCacheDir(ctx.io, opts.cacheDir));
    const client = await ctx.client();
    // The cache is scoped by server (client.baseUrl) and by account: the issuer of a team key.
    const credentials = await resolveCliCredentials(ctx.io, ctx.global);
    const account = credentials.issuerId || credentials.keyId;

    let rateRequests = 0;
    const lookup =
      opts.convert === false
        ? undefined
        : await reports.exchangeRatesFromFinance(client, { vendorNumber: vendor, day: to, now: ctx.io.now, cache, account, onRequest: () => rateRequests++ });
    const rates = lookup?.rates;
    const progress = ctx.progress("sales reports");
    const summary = await reports
      .summarizeSales(client, {
        vendorNumber: vendor,
        from,
        to,
        now: ctx.io.now,
        cache,
        account,
        concurrency,
        rates,
        onDay: (done, total, day, source) => progress.update(done, total, `${day} (${source})`),
      })
      .finally(() => progress.done());

    const by = String(opts.by) as "day" | "app" | "territory" | "product";
    const groups = reports.summaryGroups(summary, by);
    const currencies = Object.keys(summary.totals.proceeds).sort((a, b) => (summary.totals.proceeds[b] ?? 0) - (summary.totals.proceeds[a] ?? 0));
    const converted = summary.rates?.currency;
    const proceedsText = (p: Record<string, number>) =>
      Object.entries(p)
        .sort((a, b) => b[1] - a[1])
        .map(([c, v]) => `${v.toFixed(2)} ${c}`)
        .join(", ");
    ctx.printRows(
      groups,
      [
        { header: by, value: (g) => g.label },
        { header: "units", value: (g) => g.units },
        ...(converted ? [{ header: `proceeds ${converted}`, value: (g: (typeof groups)[number]) => (g.converted ?? 0).toFixed(2) }] : []),
        { header: "proceeds by currency", value: (g) => proceedsText(g.proceeds) },
      ],
      (g) => ({ [by]: g.key, label: g.label, ...(g.status ? { status: g.status } : {}), units: g.units, proceeds: g.proceeds, ...(converted ? { converted: g.converted, currency: converted } : {}) }),
    );

    if (ctx.format === "table" && ctx.io.stdout.isTTY) {
      // A terminal that reports 0 columns (some CI pseudo-terminals) does not know its width.
      const width = ctx.io.stdout.columns || 80;
      const chart = renderColumnChart(
        summary.days.map((d) => ({ label: d.day.slice(5), value: d.units })),
        { height: 8, width },
      );
      const top = summary.byApp.slice(0, 5).map((g) => ({ label: g.label, value: converted ? (g.converted ?? 0) : g.units, note: converted ? `${(g.converted ?? 0).toFixed(2)} ${converted}` : `${g.units} units` }));
      await writeOut(ctx, `\nUnits per day\n${chart}\nTop apps\n${renderBarList(top, { width })}`);
    }

    const total = converted ? ` = ${summary.totals.converted?.toFixed(2)} ${converted}` : "";
    ctx.info(`${from} … ${to}: ${summary.totals.units} units; proceeds ${proceedsText(summary.totals.proceeds) || "none"}${total}`);
    if (summary.unconverted.length) ctx.info(`note: no exchange rate for ${summary.unconverted.join(", ")}; those proceeds are not in the ${converted} total.`);
    if (lookup?.failure !== undefined && rates) {
      ctx.info(`note: converted at the rates of ${reports.fiscalMonthLabel(reports.fiscalMonth(rates.fiscalMonth))} (reportDate ${rates.reportDate}): the newer finance report${lookup.unchecked.length > 1 ? "s" : ""} (${lookup.unchecked.map((m) => reports.fiscalMonthLabel(reports.fiscalMonth(m))).join(", ")}) could not be read (${lookup.failure}); the next run asks again.`);
    } else if (lookup?.failure !== undefined && currencies.length > 1) {
      ctx.info(`note: exchange rates could not be read (${lookup.failure}); proceeds stay per currency, and the next run asks again.`);
    } else if (lookup && !rates && currencies.length > 1) {
      ctx.info("note: no settled finance report to take exchange rates from; proceeds stay per currency.");
    }
    if (summary.missingDays.length) ctx.info(`note: not published yet, left out: ${reports.describeDays(summary.missingDays)}`);
    if (summary.expiredDays.length) {
      ctx.info(
        `note: expired at Apple (daily reports are kept for about a year), not in the totals: ${reports.describeDays(summary.expiredDays)} (${summary.expiredDays.length} day${summary.expiredDays.length > 1 ? "s" : ""}); \`asckit reports sales --frequency MONTHLY\` covers older periods.`,
      );
    }
    ctx.info(`${summary.fetched + rateRequests} report downloads, ${summary.cached} days from the cache${cache ? "" : " (cache off)"}`);

    if (htmlFile) {
      await reports.writeFileAtomically(htmlFile, [reports.renderSummaryHtml(summary, { generatedAt: ctx.io.now() })]);
      ctx.info(`HTML report written to ${htmlFile}`);
    }
  },
});
