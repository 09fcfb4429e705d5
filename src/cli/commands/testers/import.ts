import { readFileSync } from "node:fs";
import path from "node:path";
import { assertReadableFile } from "../../check-paths.js";
import { defineCommand } from "../../define-command.js";
import { listOption, parseCount, requireOption } from "../testflight/cli-helpers.js";
import { printRowProblems, reportImport } from "./report-import.js";

const STRICT_HINT = "Fix those rows and run the import again, or leave out --strict to import the other rows.";

export default defineCommand({
  noun: "testers",
  verb: "import",
  summary: "Import testers from CSV (email, first name, last name, groups) into beta groups; safe to re-run",
  args: ["<file>"],
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--group <names>", description: "group(s) every row joins, on top of the file's groups column", repeatable: true },
    { flags: "--concurrency <n>", description: "requests in flight at once (1-4; Apple reports 429s under heavy parallelism)", default: "4" },
    { flags: "--strict", description: "refuse the whole import, before anything is written, if any row is invalid (bad address or record, unknown or no group); without it invalid rows are listed and skipped, the others imported, and the exit code is 11" },
    { flags: "--dry-run", description: "read the file and the current state, print the plan and every invalid row; send no writes" },
  ],
  examples: [
    "asckit testers import testers.csv --app com.example.app --group 'Public Beta'",
    "asckit testers import testers.csv --app com.example.app --dry-run",
    "asckit testers import testers.csv --app com.example.app --group 'Public Beta' --strict",
  ],
  async run(ctx, [file], opts) {
    const { ValidationError } = await import("../../../errors/asckit-error.js");
    const { parseTesterCsv } = await import("../../../workflows/testflight/tester-csv.js");
    const { importTesters, rowsWithoutGroup } = await import("../../../workflows/testflight/import-testers.js");
    const { InvalidRowsError } = await import("../../../workflows/testflight/invalid-rows-error.js");
    const concurrency = parseCount(opts.concurrency, "--concurrency", 1, 4) ?? 4;
    const full = path.resolve(ctx.io.cwd, file!);
    assertReadableFile(full, "FILE");
    const text = readFileSync(full, "utf8");
    const parsed = parseTesterCsv(text);
    const appRef = requireOption(opts.app, "--app");
    const groups = listOption(opts.group);
    // A bad row is reported by line and skipped, the rest imported, and exit 11 says so; --strict refuses the whole file instead.
    const skipInvalid = !opts.strict;
    const dryRun = Boolean(opts.dryRun);
    // What the file alone shows is checked before any request: a real run refuses on it without
    // even looking up the app. A dry run goes on reading, so that it also finds unknown groups.
    const local = [...parsed.problems, ...rowsWithoutGroup(parsed.rows, groups)];
    const invalid = local.filter((p) => p.kind === "invalid").sort((a, b) => a.line - b.line);
    if (invalid.length && !skipInvalid && !dryRun) {
      printRowProblems(ctx, local, false);
      // Group names are checked against the app only after a lookup: a dry run does that too, so one fix round can cover both.
      const named = parsed.rows.some((r) => r.groups.length);
      throw new InvalidRowsError(invalid, {
        subject: file,
        hint: `Fix those rows and run the import again${named ? " (--dry-run also checks the groups column against the app)" : ""}, or leave out --strict to import the other rows.`,
      });
    }
    if (!parsed.rows.length) {
      printRowProblems(ctx, local, skipInvalid);
      throw new ValidationError(`${file} has no valid tester rows.`, { field: "FILE", hint: "Columns: email, first name, last name, groups." });
    }
    const { findApp } = await import("../../../workflows/apps.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const progress = ctx.progress("importing testers");
    const result = await importTesters(client, {
      appId: app.id,
      appName: String(app.attributes.name),
      groups,
      rows: parsed.rows,
      concurrency,
      dryRun,
      // A dry run plans the valid rows and lists every invalid one; reportImport then says whether the real run would refuse.
      skipInvalid: skipInvalid || dryRun,
      onProgress: (done, total) => progress.update(done, total, `${done}/${total}`),
    })
      .catch((error: unknown) => {
        // Groups the app does not have: refused after reading, before any write.
        if (error instanceof InvalidRowsError) {
          printRowProblems(ctx, [...parsed.problems, ...error.problems], false);
          throw new InvalidRowsError(error.problems, { subject: file, hint: STRICT_HINT });
        }
        throw error;
      })
      .finally(() => progress.done());
    return reportImport(ctx, result, parsed.problems, { skipInvalid, subject: file });
  },
});
