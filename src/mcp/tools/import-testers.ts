import { z } from "zod";
import { ValidationError } from "../../errors/asckit-error.js";
import { findApp } from "../../workflows/apps.js";
import { importTesters } from "../../workflows/testflight/import-testers.js";
import { isValidEmail, parseTesterCsv, type CsvProblem, type TesterRow } from "../../workflows/testflight/tester-csv.js";
import { defineTool } from "../tool-definition.js";

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

export default defineTool({
  name: "import_testers",
  cli: "testers import",
  title: "Import TestFlight testers",
  description:
    "Adds testers to beta groups in bulk: creates new testers, adds existing ones to more groups in batches, and skips those already in. Addresses are checked and de-duplicated (case-insensitive); a bad entry is reported by its position and skipped while the rest is imported. Tester limits (100 internal, 10,000 external per app) are checked first. Safe to repeat after an interruption. dryRun reports the counts without writing.",
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
    dryRun: z.boolean().optional().describe("Only report what would be created, linked or skipped."),
  },
  async run(args, ctx) {
    if ((args.testers === undefined) === (args.csv === undefined)) throw new ValidationError("Give either testers or csv.", { category: "usage", field: "testers" });
    const { rows, problems } = args.csv !== undefined ? parseTesterCsv(args.csv) : rowsOf(args.testers!);
    const client = await ctx.client();
    const app = await findApp(client, args.app);
    const result = await importTesters(client, {
      appId: app.id,
      appName: String(app.attributes.name),
      groups: args.groups,
      rows,
      dryRun: args.dryRun,
      onProgress: (done, total) => void ctx.progress(`testers written ${done}/${total}`, done, total),
    });
    const skipped = [...problems, ...result.skipped];
    const data = {
      ...result,
      skipped: skipped.slice(0, LISTED),
      failed: result.failed.slice(0, LISTED),
      ...(skipped.length > LISTED ? { skippedNotListed: skipped.length - LISTED } : {}),
      ...(result.failed.length > LISTED ? { failedNotListed: result.failed.length - LISTED } : {}),
    };
    const verb = result.dryRun ? "would create" : "created";
    return {
      summary: `${result.dryRun ? "Dry run: " : ""}${result.rows} tester(s): ${verb} ${result.created}, ${result.dryRun ? "would add" : "added"} ${result.linked} existing to more groups, ${result.alreadyMembers} already in place, ${skipped.length} skipped, ${result.failed.length} failed.`,
      data,
    };
  },
});
