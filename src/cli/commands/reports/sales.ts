import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "reports",
  verb: "sales",
  summary: "Download a Sales and Trends report (streamed; table, JSON lines, CSV, or the raw .gz)",
  options: [
    { flags: "--type <type>", description: "SALES, SUBSCRIPTION, SUBSCRIPTION_EVENT, SUBSCRIBER, PRE_ORDER, INSTALLS, …", default: "SALES" },
    { flags: "--subtype <subtype>", description: "SUMMARY, DETAILED, …; defaults to the only one the type and frequency allow" },
    { flags: "--frequency <frequency>", description: "DAILY, WEEKLY, MONTHLY or YEARLY", default: "DAILY" },
    { flags: "--date <date>", description: "YYYY-MM-DD (DAILY), the week-ending Sunday (WEEKLY), YYYY-MM, YYYY; default the newest period, Pacific time" },
    { flags: "--vendor <number>", description: "vendor number (env ASC_VENDOR_NUMBER)" },
    { flags: "--version <version>", description: "report version, e.g. 1_3; default the newest in Apple's table" },
    { flags: "--format <format>", description: "table, jsonl, csv or tsv (default: table on a terminal, jsonl otherwise)" },
    { flags: "--out <file>", description: "write to a file instead of stdout, atomically: FILE.gz keeps Apple's gzip bytes; .csv, .tsv, .jsonl pick the format" },
  ],
  examples: [
    "asckit reports sales --vendor 85012345",
    "asckit reports sales --frequency WEEKLY --date 2024-05-19 --format csv > week.csv",
    "asckit reports sales --type SUBSCRIPTION --date 2024-05-19 --out subscriptions.txt.gz",
  ],
  async run(ctx, _args, opts) {
    const { resolveSalesReportTarget, openSalesReport } = await import("../../../workflows/reports/index.js");
    const { chooseRowFormat, emitReport, checkOutFile } = await import("./report-output.js");
    const { vendorNumber } = await import("./vendor-number.js");
    const target = resolveSalesReportTarget({
      vendorNumber: vendorNumber(ctx, opts.vendor),
      reportType: String(opts.type),
      reportSubType: opts.subtype as string | undefined,
      frequency: String(opts.frequency),
      version: opts.version as string | undefined,
      reportDate: opts.date as string | undefined,
      now: ctx.io.now,
    });
    if (target.note) ctx.info(`note: ${target.note}`);
    const format = chooseRowFormat(ctx, opts.format, opts.out as string | undefined);
    checkOutFile(ctx, opts.out);
    const report = await openSalesReport(await ctx.client(), target, ctx.io.now);
    const label = `${target.reportType} ${target.reportSubType} ${target.frequency} ${target.reportDate} (version ${target.version})`;
    if (report.empty) ctx.info(`No sales for ${label}: Apple says there were no sales for the date.`);
    const result = await emitReport(ctx, report, { format, out: opts.out as string | undefined });
    if (result.file) ctx.info(`${label}: ${result.rows} rows written to ${result.file}`);
    else if (!report.empty) ctx.info(`${label}: ${result.rows} rows`);
  },
});
