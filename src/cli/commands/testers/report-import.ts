import { AsckitError } from "../../../errors/asckit-error.js";
import type { CsvProblem, ImportTestersResult } from "../../../workflows/testflight/index.js";
import type { CommandContext } from "../../context.js";

/**
 * Prints an import's outcome: problems on stderr with their line numbers, the summary as a record.
 * Every data row is counted once, so the numbers add up: rows = created + added + already in their
 * groups (+ confirmed after a retry) + failed + skipped (bad, duplicate, unknown or missing group).
 * Rows skipped as invalid or for their groups end in exit 8 and rows the API refused in exit 1,
 * after the rest is done.
 */
export function reportImport(ctx: CommandContext, result: ImportTestersResult, fileProblems: readonly CsvProblem[]): void {
  const problems = [...fileProblems, ...result.skipped].sort((a, b) => a.line - b.line);
  for (const p of problems) ctx.info(`${p.line ? `line ${p.line}: ` : ""}${p.kind === "duplicate" ? "duplicate, skipped" : "skipped"}: ${p.message}`);
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
    internalTesters: result.counts.internal.after,
    externalTesters: result.counts.external.after,
    dryRun: result.dryRun,
  });
  if (result.failed.length)
    throw new AsckitError(`${result.failed.length} tester(s) could not be written; the others were.`, { category: "server", hint: "Run the same command again: it re-reads the groups and sends only what is missing." });
  const refused = problems.filter((p) => p.kind === "invalid");
  if (refused.length)
    throw new AsckitError(`${refused.length} row(s) skipped (lines ${refused.map((p) => p.line).filter(Boolean).join(", ") || "-"}); the rest were ${result.dryRun ? "planned" : "imported"}.`, {
      category: "validation",
      hint: "Fix those rows (addresses, or groups the app has) and run the import again; rows already imported are not sent twice.",
    });
}
