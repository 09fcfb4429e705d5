import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "analytics",
  verb: "download",
  summary: "Download every segment of a report over a date range, verify checksums, and merge into one file per report",
  args: ["[dir]"],
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id" },
    { flags: "--report <name>", description: "exact report name, e.g. \"App Sessions Standard\"" },
    { flags: "--granularity <granularity>", description: "DAILY, WEEKLY or MONTHLY", default: "DAILY" },
    { flags: "--from <YYYY-MM-DD>", description: "first processing date" },
    { flags: "--to <YYYY-MM-DD>", description: "last processing date (default: --from)" },
  ],
  examples: ['asckit analytics download --app com.example.demo --report "App Downloads Standard" --granularity DAILY --from 2024-05-01 --to 2024-05-07 ./analytics'],
  async run(ctx, [dir], opts) {
    const path = await import("node:path");
    const { downloadAnalyticsReport, parseGranularity } = await import("../../../workflows/analytics/index.js");
    const { findApp } = await import("../../../workflows/apps.js");
    const { ValidationError } = await import("../../../errors/asckit-error.js");
    const { requireApp } = await import("./require-app.js");
    const { assertWritableTarget } = await import("../../check-paths.js");
    const { isValidDay } = await import("../../../workflows/reports/pacific-time.js");
    // All local checks before the first request.
    if (!opts.report) throw new ValidationError("Name the report with --report.", { category: "usage", field: "--report" });
    if (!opts.from) throw new ValidationError("--from is required.", { category: "usage", field: "--from" });
    const from = String(opts.from);
    const to = String(opts.to ?? opts.from);
    for (const [flag, value] of [["--from", from], ["--to", to]] as const) {
      if (!isValidDay(value)) throw new ValidationError(`Bad ${flag} "${value}": expected a processing date, YYYY-MM-DD.`, { category: "usage", field: flag });
    }
    if (from > to) throw new ValidationError(`--from ${from} is after --to ${to}.`, { category: "usage", field: "--from" });
    const granularity = parseGranularity(String(opts.granularity));
    const appRef = requireApp(opts.app);
    const target = path.resolve(ctx.io.cwd, dir || ".");
    assertWritableTarget(target, "dir", { kind: "directory" });
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const progress = ctx.progress("segments");
    const result = await downloadAnalyticsReport(client, {
      appId: app.id,
      reportName: String(opts.report),
      granularity,
      from,
      to,
      dir: target,
      fetch: globalThis.fetch,
      sleep: ctx.io.sleep,
      onSegment: (done, total) => progress.update(done, total, `${done}/${total}`),
    }).finally(() => progress.done());
    ctx.info(`${result.instances} instances, ${result.segments} segments (checksums verified), ${result.rows} rows`);
    // Said, not silent: a file named for the whole range lacks these days' data.
    if (result.missingDates.length) {
      const shown = result.missingDates.slice(0, 10).join(", ") + (result.missingDates.length > 10 ? `, … (${result.missingDates.length - 10} more)` : "");
      ctx.info(`warning: no DAILY instance for processing date${result.missingDates.length === 1 ? "" : "s"} ${shown}: not in the file (not processed yet, or Apple made none)`);
    }
    ctx.printRecord({ file: result.file, report: result.report, instances: result.instances, segments: result.segments, rows: result.rows, bytes: result.bytes, missingDates: result.missingDates });
  },
});
