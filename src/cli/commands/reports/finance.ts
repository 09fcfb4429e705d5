import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "reports",
  verb: "finance",
  summary: "Download a finance report (FINANCIAL per region or ZZ consolidated, FINANCE_DETAIL for Z1), checked against its totals",
  options: [
    { flags: "--type <type>", description: "FINANCIAL or FINANCE_DETAIL", default: "FINANCIAL" },
    { flags: "--region <code>", description: "ZZ (all regions, FINANCIAL), Z1 (FINANCE_DETAIL), or a region such as US, EU, JP" },
    { flags: "--date <YYYY-MM>", description: "Apple fiscal month; default the newest one whose reports should be out (Apple has them ready by the first Friday after the month ends)" },
    { flags: "--vendor <number>", description: "vendor number (env ASC_VENDOR_NUMBER)" },
    { flags: "--format <format>", description: "table, jsonl, csv or tsv (default: table on a terminal, jsonl otherwise)" },
    { flags: "--out <file>", description: "write to a file instead of stdout, atomically: FILE.gz keeps Apple's gzip bytes; .csv, .tsv, .jsonl pick the format" },
  ],
  examples: ["asckit reports finance --region US --date 2024-03", "asckit reports finance --type FINANCE_DETAIL --date 2024-03 --out detail.txt.gz"],
  async run(ctx, _args, opts) {
    const { resolveFinanceReportTarget, openFinanceReport, createTrailerCheck, describeTotals, financeTotalColumns, financeRegionWarning, fiscalMonth, FISCAL_MONTH_NOTE } = await import("../../../workflows/reports/index.js");
    const { chooseRowFormat, emitReport, checkOutFile } = await import("./report-output.js");
    const { vendorNumber } = await import("./vendor-number.js");
    const target = resolveFinanceReportTarget({
      vendorNumber: vendorNumber(ctx, opts.vendor),
      reportType: opts.type as string | undefined,
      regionCode: opts.region as string | undefined,
      reportDate: opts.date as string | undefined,
      now: ctx.io.now,
    });
    const unknownRegion = financeRegionWarning(target.regionCode);
    if (unknownRegion) ctx.info(`warning: ${unknownRegion}`);
    const format = chooseRowFormat(ctx, opts.format, opts.out as string | undefined);
    checkOutFile(ctx, opts.out);
    ctx.info(`note: ${FISCAL_MONTH_NOTE}`);
    const report = await openFinanceReport(await ctx.client(), target, ctx.io.now);
    const label = `${target.reportType} ${target.regionCode} fiscal ${target.reportDate}`;
    const { first, last } = fiscalMonth(target.reportDate);
    if (report.empty) ctx.info(`No finance report for ${label} (${first} to ${last}): its reports are out, so there were no earnings${target.regionCode === "ZZ" || target.regionCode === "Z1" ? "" : " in this region"} that month.`);
    const columns = financeTotalColumns(target);
    const check = createTrailerCheck(columns);
    const result = await emitReport(ctx, report, { format, out: opts.out as string | undefined, check });
    const matched = check.checked.length ? ` (matches the report's ${check.checked.join(", ")})` : "";
    ctx.info(`${label}: ${describeTotals(check.totals, columns.label)}${result.file ? ` written to ${result.file}` : ""}${matched}`);
  },
});
