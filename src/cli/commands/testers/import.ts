import { readFileSync } from "node:fs";
import path from "node:path";
import { assertReadableFile } from "../../check-paths.js";
import { defineCommand } from "../../define-command.js";
import { listOption, parseCount, requireOption } from "../testflight/cli-helpers.js";
import { reportImport } from "./report-import.js";

export default defineCommand({
  noun: "testers",
  verb: "import",
  summary: "Import testers from CSV (email, first name, last name, groups) into beta groups; safe to re-run",
  args: ["<file>"],
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--group <names>", description: "group(s) every row joins, on top of the file's groups column", repeatable: true },
    { flags: "--concurrency <n>", description: "requests in flight at once (1-4; Apple reports 429s under heavy parallelism)", default: "4" },
    { flags: "--dry-run", description: "read the file and the current state, print the plan; send no writes" },
  ],
  examples: ["asckit testers import testers.csv --app com.example.app --group 'Public Beta'", "asckit testers import testers.csv --app com.example.app --dry-run"],
  async run(ctx, [file], opts) {
    const { ValidationError } = await import("../../../errors/asckit-error.js");
    const { parseTesterCsv } = await import("../../../workflows/testflight/tester-csv.js");
    const concurrency = parseCount(opts.concurrency, "--concurrency", 1, 4) ?? 4;
    const full = path.resolve(ctx.io.cwd, file!);
    assertReadableFile(full, "FILE");
    const text = readFileSync(full, "utf8");
    const parsed = parseTesterCsv(text); // bad rows are reported, not fatal; limits on the row count apply before any request
    const appRef = requireOption(opts.app, "--app");
    if (!parsed.rows.length) {
      for (const p of parsed.problems) ctx.info(`line ${p.line}: skipped: ${p.message}`);
      throw new ValidationError(`${file} has no valid tester rows.`, { field: "FILE", hint: "Columns: email, first name, last name, groups." });
    }
    const { importTesters } = await import("../../../workflows/testflight/import-testers.js");
    const { findApp } = await import("../../../workflows/apps.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const progress = ctx.progress("importing testers");
    const result = await importTesters(client, {
      appId: app.id,
      appName: String(app.attributes.name),
      groups: listOption(opts.group),
      rows: parsed.rows,
      concurrency,
      dryRun: Boolean(opts.dryRun),
      onProgress: (done, total) => progress.update(done, total, `${done}/${total}`),
    }).finally(() => progress.done());
    reportImport(ctx, result, parsed.problems);
  },
});
