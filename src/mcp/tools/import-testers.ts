import { z } from "zod";
import { ValidationError } from "../../errors/asckit-error.js";
import { findApp } from "../../workflows/apps.js";
import { importTesters, rowsWithoutGroup } from "../../workflows/testflight/import-testers.js";
import { describeLines, InvalidRowsError } from "../../workflows/testflight/invalid-rows-error.js";
import { isValidEmail, parseTesterCsv, type CsvProblem, type TesterRow } from "../../workflows/testflight/tester-csv.js";
import { defineTool, type ToolOutput } from "../tool-definition.js";

/** Problems and failures listed one by one up to this many; beyond it only the counts. */
const LISTED = 50;

/** The same checks the CSV reader makes, for testers given as objects: valid addresses, no duplicates. */
function rowsOf(testers: ReadonlyArray<{ email: string; firstName?: string; lastName?: string; groups?: string[] }>): { rows: TesterRow[]; problems: CsvProblem[] } {
  const rows: TesterRow[] = [];
  const problems: CsvProblem[] = [];
  const seen = new Set<string>();
  testers.forEach((t, i) => {
    const line = i + 1;
    const email = t.email.trim();
    if (!isValidEmail(email)) problems.push({ line, kind: "invalid", message: `"${email}" is not a valid email address` });
    else if (seen.has(email.toLowerCase())) problems.push({ line, kind: "duplicate", message: `${email} appears more than once` });
    else {
      seen.add(email.toLowerCase());
      rows.push({ line, email, firstName: t.firstName, lastName: t.lastName, groups: t.groups ?? [] });
    }
  });
  return { rows, problems };
}

/** The argument the entries came in. */
const fieldOf = (unit: "line" | "entry") => (unit === "line" ? "csv" : "testers");

/**
 * Invalid entries under `strict`, as an error result an agent cannot mistake for a go-ahead: every
 * entry with its position, and the two ways on (fix them, or call without strict to skip them).
 */
function refusal(invalid: readonly CsvProblem[], unit: "line" | "entry", plan?: Record<string, unknown>): ToolOutput {
  const where = describeLines(invalid, unit);
  const n = invalid.length;
  const entries = `${n} invalid tester ${unit === "line" ? (n === 1 ? "row" : "rows") : n === 1 ? "entry" : "entries"} (${where})`;
  const message = plan ? `Dry run: the real call would be REFUSED (nothing was written): ${entries}.` : `Refused, nothing was imported: ${entries}.`;
  const hint = `Fix those ${unit === "line" ? "rows" : "entries"} and call import_testers again, or call it without strict to import the others and skip these.`;
  const listed = invalid.slice(0, LISTED).map((p) => ({ line: p.line, message: p.message }));
  return {
    summary: [`Error (validation): ${message}`, ...listed.map((p) => `  - ${unit} ${p.line}: ${p.message}`), ...(n > LISTED ? [`  … and ${n - LISTED} more`] : []), `Next step: ${hint}`].join("\n"),
    data: {
      ...plan,
      error: { category: "validation", message, field: fieldOf(unit), hint },
      invalid: listed,
      ...(n > LISTED ? { invalidNotListed: n - LISTED } : {}),
    },
    isError: true,
  };
}

export default defineTool({
  name: "import_testers",
  cli: "testers import",
  title: "Import TestFlight testers",
  description:
    "Adds testers to beta groups in bulk: creates new testers, adds existing ones to more groups in batches, and skips those already in. Addresses are checked and de-duplicated (case-insensitive); an invalid entry (bad address, malformed CSV row, no group, a group the app does not have) is skipped and listed by position in `skipped` and `invalidSkipped`, the others imported; with strict any invalid entry refuses the whole call before anything is written. Duplicates are reported and imported once. Tester limits (100 internal, 10,000 external per app) are checked first. Safe to repeat after an interruption. dryRun reports the counts without writing.",
  access: "write",
  idempotent: true,
  input: {
    app: z.string().min(1).describe("The app's numeric id or exact bundle identifier."),
    groups: z.array(z.string().min(1)).optional().describe("Beta groups (exact names or ids) every tester goes into, on top of each tester's own groups."),
    testers: z
      .array(
        z.strictObject({
          email: z.string().min(3).describe("The tester's e-mail address."),
          firstName: z.string().optional().describe("First name."),
          lastName: z.string().optional().describe("Last name."),
          groups: z.array(z.string().min(1)).optional().describe("Beta groups (exact names) for this tester."),
        }),
      )
      .max(10_000)
      .optional()
      .describe("The testers to add. Give either this or csv."),
    csv: z.string().min(1).optional().describe("Instead of testers: CSV text with columns email, first name, last name, groups (groups separated by ';'); a header row is optional."),
    strict: z
      .boolean()
      .optional()
      .describe("Default false: invalid entries are skipped and listed in `skipped` (line, kind, message), the valid testers imported. true: any invalid entry refuses the whole call and nothing is written."),
    dryRun: z.boolean().optional().describe("Only report what would be created, linked or skipped, and every invalid entry (an error result when the real call would be refused)."),
  },
  async run(args, ctx) {
    if ((args.testers === undefined) === (args.csv === undefined)) throw new ValidationError("Give either testers or csv.", { category: "usage", field: "testers" });
    const unit = args.csv !== undefined ? "line" : "entry";
    const { rows, problems } = args.csv !== undefined ? parseTesterCsv(args.csv) : rowsOf(args.testers!);
    const skipInvalid = !args.strict;
    // The entries alone can show the problem: then not even the app is looked up.
    const local = [...problems, ...rowsWithoutGroup(rows, args.groups)].filter((p) => p.kind === "invalid").sort((a, b) => a.line - b.line);
    if (local.length && !skipInvalid && !args.dryRun) return refusal(local, unit);
    if (!rows.length) throw new ValidationError(`No valid tester to import${problems.length ? ` (${describeLines(problems, unit)} invalid)` : ""}.`, { field: fieldOf(unit) });
    const client = await ctx.client();
    const app = await findApp(client, args.app);
    let result;
    try {
      result = await importTesters(client, {
        appId: app.id,
        appName: String(app.attributes.name),
        groups: args.groups,
        rows,
        dryRun: args.dryRun,
        // A dry run plans the valid entries and lists every invalid one.
        skipInvalid: skipInvalid || args.dryRun,
        onProgress: (done, total) => void ctx.progress(`testers written ${done}/${total}`, done, total),
      });
    } catch (error) {
      // Groups the app does not have: refused after reading, before any write.
      if (error instanceof InvalidRowsError) return refusal(error.problems, unit);
      throw error;
    }
    const skipped = [...problems, ...result.skipped].sort((a, b) => a.line - b.line);
    const data = {
      ...result,
      skipped: skipped.slice(0, LISTED),
      failed: result.failed.slice(0, LISTED),
      ...(skipped.length > LISTED ? { skippedNotListed: skipped.length - LISTED } : {}),
      ...(result.failed.length > LISTED ? { failedNotListed: result.failed.length - LISTED } : {}),
    };
    const verb = result.dryRun ? "would create" : "created";
    const summary = `${result.dryRun ? "Dry run: " : ""}${result.rows} tester(s): ${verb} ${result.created}, ${result.dryRun ? "would add" : "added"} ${result.linked} existing to more groups, ${result.alreadyMembers} already in place, ${skipped.length} skipped, ${result.failed.length} failed.`;
    const invalid = skipped.filter((p) => p.kind === "invalid");
    if (result.dryRun && invalid.length && !skipInvalid) {
      const refused = refusal(invalid, unit, data);
      return { ...refused, summary: `${refused.summary}\nThe valid entries alone: ${summary.replace(/^Dry run: /, "")}` };
    }
    // Partly done is said in so many words: the agent should fix the entries and call again.
    if (invalid.length && !result.dryRun) {
      return { summary: `${summary}\nPartly done: ${invalid.length} invalid ${unit === "line" ? "row(s)" : "entries"} skipped (${describeLines(invalid, unit)}); fix them and call import_testers again to finish.`, data: { ...data, invalidSkipped: invalid.length } };
    }
    return { summary, data: { ...data, invalidSkipped: invalid.length } };
  },
});
