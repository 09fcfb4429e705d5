import { ValidationError } from "../../errors/asckit-error.js";
import type { CsvProblem } from "./tester-csv.js";

/** Lines named in one error message; the full list is printed line by line (or returned as data). */
const NAMED = 20;

/** `line 4`, `lines 4, 7`, `lines 4, 7, … (and 31 more)`; `entries 2, 3` for testers given as a list. */
export function describeLines(problems: readonly CsvProblem[], unit: "line" | "entry" = "line"): string {
  const lines = problems.map((p) => p.line).filter((n) => n > 0);
  if (!lines.length) return unit === "line" ? "no line number" : "no position";
  const word = lines.length === 1 ? unit : unit === "line" ? "lines" : "entries";
  const more = lines.length > NAMED ? `, … (and ${lines.length - NAMED} more)` : "";
  return `${word} ${lines.slice(0, NAMED).join(", ")}${more}`;
}

export interface InvalidRowsErrorOptions {
  /** What the rows came from, e.g. the file name: the message starts with it. */
  subject?: string;
  /** A dry run's verdict: the real run would refuse. */
  dryRun?: boolean;
  unit?: "line" | "entry";
  hint?: string;
}

/**
 * Rows that cannot be imported as they stand (bad address, malformed record, no group, a group the
 * app does not have), when the caller asked for all or nothing (`skipInvalid: false`, the CLI's
 * --strict): the whole import is refused before any write, naming every such row.
 */
export class InvalidRowsError extends ValidationError {
  readonly problems: readonly CsvProblem[];

  constructor(problems: readonly CsvProblem[], options: InvalidRowsErrorOptions = {}) {
    const n = problems.length;
    const what = `${options.subject ? `${options.subject}: ` : ""}${n} invalid row${n === 1 ? "" : "s"} (${describeLines(problems, options.unit)})`;
    super(options.dryRun ? `dry run: ${what}; the real run would refuse and import nothing.` : `${what}; nothing was imported.`, {
      field: "FILE.csv",
      hint: options.hint ?? "Fix those rows and run the import again.",
    });
    this.problems = problems;
  }
}
