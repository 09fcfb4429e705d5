import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "reports",
  verb: "finance",
  summary: "Download a finance report (FINANCIAL per region or ZZ consolidated, FINANCE_DETAIL for Z1), checked against its totals",
  options: [
    { flags: "--type <type>", description: "FINANCIAL or FINANCE_DETAIL", default: "FINANCIAL" },
    { flags: "--region <code>", description: "ZZ (all regions, FINANCIAL), Z1 (FINANCE_DETAIL), or a region such as US, EU, JP" },
    {
      flags: "--date <YYYY-MM>",
      description:
        "fiscal month named after the calendar month it mostly covers, as App Store Connect names it (2024-02 = fiscal February 2024, sent to Apple as reportDate 2024-05), or a day YYYY-MM-DD for the fiscal month containing it; default the newest one whose reports should be out (Apple has them ready by the first Friday after the month ends)",
    },
    { flags: "--fiscal-period <YYYY-PP>", description: "instead of --date: Apple's fiscal year and period as the API takes it, PP 01 (October) to 12 (September)" },
    { flags: "--vendor <number>", description: "vendor number (env ASC_VENDOR_NUMBER)" },
    { flags: "--format <format>", description: "table, jsonl, csv or tsv (default: table on a terminal, jsonl otherwise)" },
    { flags: "--out <file>", description: "write to a file instead of stdout, atomically: FILE.gz keeps Apple's gzip bytes; .csv, .tsv, .jsonl pick the format" },
  ],
  examples: ["asckit reports finance --region US --date 2024-03", "asckit reports finance --type FINANCE_DETAIL --date 2024-03 --out detail.txt.gz", "asckit reports finance --fiscal-period 2024-05"],
  async run(ctx, _args, opts) {
    const { resolveFinanceReportTarget, openFinanceReport, createTrailerCheck, describeTotals, financeTotalColumns, financeRegionWarning, describeFiscalMonth, fiscalMonthLabel, FISCAL_MONTH_NOTE } = await import("../../../workflows/reports/index.js");
    const { chooseRowFormat, emitReport, checkOutFile } = await import("./report-output.js");
    const { vendorNumber } = await import("./vendor-number.js");
    const target = resolveFinanceReportTarget({
      vendorNumber: vendorNumber(ctx, opts.vendor),
      reportType: opts.type as string | undefined,
      regionCode: opts.region as string | undefined,
      month: opts.date as string | undefined,
      fiscalPeriod: opts.fiscalPeriod as string | undefined,
      now: ctx.io.now,
    });
    const unknownRegion = financeRegionWarning(target.regionCode);
    if (unknownRegion) ctx.info(`warning: ${unknownRegion}`);
    const format = chooseRowFormat(ctx, opts.format, opts.out as string | undefined);
    checkOutFile(ctx, opts.out);
    ctx.info(`note: ${FISCAL_MONTH_NOTE}`);
    // Which month was asked for, in both names: --date and Apple's reportDate look alike and differ.
    ctx.info(`${target.reportType} ${target.regionCode} report for ${describeFiscalMonth(target.month)}`);
    const report = await openFinanceReport(await ctx.client(), target, ctx.io.now);
    const label = `${target.reportType} ${target.regionCode} ${fiscalMonthLabel(target.month)}`;
    const { first, last } = target.month;
    if (report.empty) ctx.info(`No finance report for ${label} (${first} to ${last}): its reports are out, so there were no earnings${target.regionCode === "ZZ" || target.regionCode === "Z1" ? "" : " in this region"} that month.`);
    const columns = financeTotalColumns(target);
    const check = createTrailerCheck(columns);
    const result = await emitReport(ctx, report, { format, out: opts.out as string | undefined, check });
    const matched = check.checked.length ? ` (matches the report's ${check.checked.join(", ")})` : "";
    ctx.info(`${label}: ${describeTotals(check.totals, columns.label)}${result.file ? ` written to ${result.file}` : ""}${matched}`);
  },
});
