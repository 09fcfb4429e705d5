import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "analytics",
  verb: "instances",
  summary: "List the instances of an analytics report (one per granularity and processing date)",
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id" },
    { flags: "--report <name>", description: "exact report name, e.g. \"App Downloads Standard\"" },
    { flags: "--report-id <id>", description: "the report id instead of --app and --report" },
    { flags: "--granularity <granularity>", description: "DAILY, WEEKLY or MONTHLY" },
    { flags: "--date <YYYY-MM-DD>", description: "processing date" },
  ],
  examples: ['asckit analytics instances --app com.example.demo --report "App Downloads Standard" --granularity DAILY'],
  async run(ctx, _args, opts) {
    const { findAnalyticsReport, listReportInstances, parseGranularity, readableRequest } = await import("../../../workflows/analytics/index.js");
    const { findApp } = await import("../../../workflows/apps.js");
    const { ValidationError } = await import("../../../errors/asckit-error.js");
    const { requireApp } = await import("./require-app.js");
    const date = opts.date as string | undefined;
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ValidationError(`Bad --date "${date}": expected YYYY-MM-DD.`, { category: "usage", field: "--date" });
    const granularity = opts.granularity ? parseGranularity(String(opts.granularity)) : undefined;
    let reportId = opts.reportId as string | undefined;
    if (!reportId && !opts.report) throw new ValidationError("Name the report with --report (or --report-id).", { category: "usage", field: "--report" });
    const appRef = reportId ? undefined : requireApp(opts.app);
    const client = await ctx.client();
    if (!reportId) {
      const request = await readableRequest(client, (await findApp(client, appRef!)).id);
      reportId = (await findAnalyticsReport(client, request.id, String(opts.report))).id;
    }
    const instances = await listReportInstances(client, reportId, { granularity, processingDate: date });
    ctx.printRows(
      instances,
      [
        { header: "id", value: (i) => i.id },
        { header: "granularity", value: (i) => i.attributes.granularity },
        { header: "processingDate", value: (i) => i.attributes.processingDate },
      ],
      (i) => ({ id: i.id, ...i.attributes }),
    );
  },
});
