import { AsckitError } from "../../../errors/asckit-error.js";
import type { CsvProblem, ImportTestersResult } from "../../../workflows/testflight/index.js";
import type { CommandContext } from "../../context.js";

/**
 * Prints an import's outcome: problems on stderr with their line numbers, the summary as a record.
 * Rows skipped as invalid end in exit 8 and rows the API refused in exit 1, after the rest is done.
 */
export function reportImport(ctx: CommandContext, result: ImportTestersResult, fileProblems: readonly CsvProblem[]): void {
  const problems = [...fileProblems, ...result.skipped].sort((a, b) => a.line - b.line);
  for (const p of problems) ctx.info(`${p.line ? `line ${p.line}: ` : ""}${p.kind === "duplicate" ? "duplicate, skipped" : "skipped"}: ${p.message}`);
  for (const f of result.failed) ctx.info(`${f.line ? `line ${f.line}: ` : ""}not written: ${f.email}: ${f.message}`);
  const verb = result.dryRun ? "would " : "";
  ctx.info(
    `${result.dryRun ? "dry run: " : ""}${result.rows} testers: ${verb}create ${result.created}, ${verb}add ${result.linked} existing, ${result.alreadyMembers} already in their groups` +
      `${result.recovered ? `, ${result.recovered} confirmed after a retry` : ""}`,
  );
  ctx.printRecord({
    groups: result.groups.map((g) => `${g.name} (${g.kind})`),
    rows: result.rows,
    created: result.created,
    linked: result.linked,
    alreadyMembers: result.alreadyMembers,
    recovered: result.recovered,
    invalid: problems.filter((p) => p.kind === "invalid").length,
    duplicates: problems.filter((p) => p.kind === "duplicate").length,
    failed: result.failed.length,
    internalTesters: result.counts.internal.after,
    externalTesters: result.counts.external.after,
    dryRun: result.dryRun,
  });
  if (result.failed.length)
    throw new AsckitError(`${result.failed.length} tester(s) could not be written; the others were.`, { category: "server", hint: "Run the same command again: it re-reads the groups and sends only what is missing." });
  const invalid = problems.filter((p) => p.kind === "invalid");
  if (invalid.length)
    throw new AsckitError(`${invalid.length} row(s) skipped as invalid (lines ${invalid.map((p) => p.line).filter(Boolean).join(", ") || "-"}); the rest were ${result.dryRun ? "planned" : "imported"}.`, {
      category: "validation",
      hint: "Fix those rows and run the import again; rows already imported are not sent twice.",
    });
}
