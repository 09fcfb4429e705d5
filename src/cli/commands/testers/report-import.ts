import { AsckitError, ValidationError } from "../../../errors/asckit-error.js";
import type { CsvProblem, ImportTestersResult } from "../../../workflows/testflight/index.js";
import { describeLines, InvalidRowsError } from "../../../workflows/testflight/invalid-rows-error.js";
import { EXIT } from "../../exit-codes.js";
import type { CommandContext } from "../../context.js";

const at = (p: CsvProblem) => (p.line ? `line ${p.line}: ` : "");

/**
 * Lists row problems on stderr, one line each. Rows that refuse the import are errors
 * (`line N: problem`); rows an import leaves out — duplicates always, invalid rows with
 * no --strict — are warnings that say so.
 */
export function printRowProblems(ctx: CommandContext, problems: readonly CsvProblem[], skipInvalid: boolean): void {
  for (const p of [...problems].sort((a, b) => a.line - b.line)) {
    if (p.kind === "duplicate") ctx.info(`warning: ${at(p)}duplicate, skipped: ${p.message}`);
    else ctx.info(skipInvalid ? `warning: ${at(p)}skipped: ${p.message}` : `${at(p)}${p.message}`);
  }
}

export interface ReportImportOptions {
  /** Invalid rows are skipped (no --strict): warnings, and exit 11 once the rest is done. */
  skipInvalid?: boolean;
  /** What the rows came from (the file name), for messages. */
  subject?: string;
}

/**
 * Prints an import's outcome: problems on stderr with their line numbers, the summary as a record.
 * Every data row is counted once, so the numbers add up: rows = created + added + already in their
 * groups (+ confirmed after a retry) + failed + skipped (bad, duplicate, unknown or missing group).
 * Rows the API refused end in exit 1, after the rest is done. Invalid rows reach here as a --strict
 * dry run's findings (exit 8: the real run would refuse) or skipped (exit 11: done but for them, so
 * a script cannot mistake it for a clean import; exit 8 when no row was left to import).
 */
export function reportImport(ctx: CommandContext, result: ImportTestersResult, fileProblems: readonly CsvProblem[], options: ReportImportOptions = {}): number | undefined {
  const skipInvalid = Boolean(options.skipInvalid);
  const problems = [...fileProblems, ...result.skipped].sort((a, b) => a.line - b.line);
  printRowProblems(ctx, problems, skipInvalid);
  for (const f of result.failed) ctx.info(`${f.line ? `line ${f.line}: ` : ""}not written: ${f.email}: ${f.message}`);
  const invalid = fileProblems.filter((p) => p.kind === "invalid").length;
  const duplicates = fileProblems.filter((p) => p.kind === "duplicate").length;
  // The workflow skips rows whose groups do not exist (or that name none) before writing.
  const groupProblems = result.skipped.length;
  const rows = result.rows + fileProblems.length;
  // A dry run says what it would do; a real run what it did.
  const [create, add] = result.dryRun ? ["would create", "would add"] : ["created", "added"];
  const skippedParts = [invalid && `${invalid} invalid`, duplicates && `${duplicates} duplicate`, groupProblems && `${groupProblems} with an unknown or no group`].filter(Boolean);
  ctx.info(
    `${result.dryRun ? "dry run: " : ""}${rows} row${rows === 1 ? "" : "s"}: ${create} ${result.created}, ${add} ${result.linked} existing, ${result.alreadyMembers} already in their groups` +
      `${result.recovered ? `, ${result.recovered} confirmed after a retry` : ""}` +
      `${result.failed.length ? `, ${result.failed.length} failed` : ""}` +
      `${skippedParts.length ? `; skipped ${invalid + duplicates + groupProblems} (${skippedParts.join(", ")})` : ""}`,
  );
  ctx.printRecord({
    groups: result.groups.map((g) => `${g.name} (${g.kind})`),
    rows,
    created: result.created,
    linked: result.linked,
    alreadyMembers: result.alreadyMembers,
    recovered: result.recovered,
    failed: result.failed.length,
    invalid,
    duplicates,
    unknownGroup: groupProblems,
    // Every row left out, by line, so a script sees which ones without parsing stderr.
    skipped: problems.map((p) => ({ line: p.line, kind: p.kind, message: p.message })),
    internalTesters: result.counts.internal.after,
    externalTesters: result.counts.external.after,
    dryRun: result.dryRun,
  });
  if (result.failed.length)
    throw new AsckitError(`${result.failed.length} tester(s) could not be written; the others were.`, { category: "server", hint: "Run the same command again: it re-reads the groups and sends only what is missing." });
  const invalidRows = problems.filter((p) => p.kind === "invalid");
  if (invalidRows.length && !skipInvalid) throw new InvalidRowsError(invalidRows, { subject: options.subject, dryRun: result.dryRun, hint: "Fix those rows and run the import again, or leave out --strict to import the other rows." });
  if (invalidRows.length && result.skipped.length === result.rows)
    throw new ValidationError(`${options.subject ? `${options.subject}: ` : ""}no row can be imported; nothing was ${result.dryRun ? "planned" : "imported"}.`, {
      field: "FILE.csv",
      hint: "Fix the rows listed above (addresses, or groups the app has) and run the import again.",
    });
  if (!invalidRows.length) return undefined;
  const n = invalidRows.length;
  ctx.info(
    `${result.dryRun ? "dry run: would be partly done" : "partly done"}: ${n} invalid row${n === 1 ? "" : "s"} skipped (${describeLines(invalidRows)}); the others ${result.dryRun ? "would be" : "were"} imported. Fix ${n === 1 ? "it" : "them"} and run the same command again to finish (or use --strict for all or nothing).`,
  );
  return EXIT.partial;
}
