import { ValidationError } from "../../errors/asckit-error.js";

/** One tester from a CSV file (or the command line). */
export interface TesterRow {
  /** 1-based line where the record starts; 0 for testers not read from a file. */
  line: number;
  email: string;
  firstName?: string;
  lastName?: string;
  /** Beta group names from the `groups` column (separated by `;`). */
  groups: string[];
}

export interface CsvProblem {
  line: number;
  kind: "invalid" | "duplicate";
  message: string;
}

export interface ParsedTesterCsv {
  rows: TesterRow[];
  /** Bad rows (skipped) and duplicates (later occurrences skipped), in file order. */
  problems: CsvProblem[];
  hasHeader: boolean;
}

type Column = "email" | "firstName" | "lastName" | "groups";
const POSITIONAL: Column[] = ["email", "firstName", "lastName", "groups"];
const HEADER_NAMES: Record<string, Column> = {
  email: "email",
  emailaddress: "email",
  mail: "email",
  firstname: "firstName",
  first: "firstName",
  givenname: "firstName",
  lastname: "lastName",
  last: "lastName",
  surname: "lastName",
  familyname: "lastName",
  groups: "groups",
  group: "groups",
  betagroups: "groups",
};

// Apple checks `format: email`; this catches what it would refuse without rejecting real addresses.
const EMAIL = /^[^\s@,;<>()[\]"]+@[^\s@,;<>()[\]"]+\.[^\s@,;<>()[\]"]{2,}$/;
const MAX_EMAIL = 254;

export function isValidEmail(email: string): boolean {
  return email.length <= MAX_EMAIL && EMAIL.test(email) && !email.includes("..");
}

/** Group names from a `groups` cell: `;`-separated, trimmed, de-duplicated. */
export function splitGroups(cell: string | undefined): string[] {
  return [...new Set((cell ?? "").split(";").map((g) => g.trim()).filter(Boolean))];
}

interface Record_ {
  line: number;
  cells: string[];
  error?: string;
}

/**
 * RFC 4180 records with the line each starts on. A quote left open swallows the rest of the file
 * in a strict parser; here that record alone is reported and parsing resumes on its next line.
 */
function records(text: string): Record_[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const out: Record_[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    let line = lines[i]!;
    let pos = 0;
    let error: string | undefined;
    for (;;) {
      if (pos >= line.length) {
        if (!quoted) {
          cells.push(cell);
          break;
        }
        if (i + 1 >= lines.length) {
          error = "a quoted field is never closed";
          break;
        }
        cell += "\n";
        line = lines[++i]!;
        pos = 0;
        continue;
      }
      const ch = line[pos]!;
      if (quoted) {
        if (ch === '"' && line[pos + 1] === '"') {
          cell += '"';
          pos += 2;
        } else if (ch === '"') {
          quoted = false;
          pos++;
          if (pos < line.length && line[pos] !== ",") {
            error = "text after a closing quote";
            break;
          }
        } else {
          cell += ch;
          pos++;
        }
      } else if (ch === ",") {
        cells.push(cell);
        cell = "";
        pos++;
      } else if (ch === '"' && cell.trim() === "") {
        quoted = true;
        cell = "";
        pos++;
      } else {
        cell += ch;
        pos++;
      }
    }
    if (error) {
      out.push({ line: start + 1, cells: [], error });
      i = start + 1;
      continue;
    }
    out.push({ line: start + 1, cells });
    i++;
  }
  return out;
}

const normalise = (h: string) => h.toLowerCase().replace(/[\s_-]/g, "");

/**
 * Reads testers from CSV: columns email, first name, last name, groups (a header row names them in
 * any order; without one that order is assumed). E-mails are checked and de-duplicated
 * case-insensitively; bad rows and duplicates are reported with their line number and skipped.
 */
export function parseTesterCsv(text: string): ParsedTesterCsv {
  const all = records(text).filter((r) => r.error || r.cells.some((c) => c.trim() !== ""));
  const rows: TesterRow[] = [];
  const problems: CsvProblem[] = [];
  let columns = POSITIONAL;
  let hasHeader = false;

  const first = all[0];
  const mapped = first && !first.error && !first.cells.some((c) => c.includes("@")) ? first.cells.map((c) => HEADER_NAMES[normalise(c)]) : [];
  // A first row naming known columns is a header; anything else is data (and may be a bad row).
  if (first && mapped.some(Boolean)) {
    if (!mapped.includes("email")) {
      throw new ValidationError(`Line ${first.line}: the header row has no email column (found: ${first.cells.map((c) => c.trim()).join(", ")}).`, {
        field: "FILE.csv",
        hint: "Use the columns: email, first name, last name, groups.",
      });
    }
    columns = mapped.map((m, i) => m ?? (`ignored${i}` as Column));
    hasHeader = true;
    all.shift();
  }

  const seen = new Map<string, number>();
  for (const record of all) {
    const bad = (message: string) => problems.push({ line: record.line, kind: "invalid", message });
    if (record.error) {
      bad(record.error);
      continue;
    }
    if (record.cells.length > columns.length && record.cells.slice(columns.length).some((c) => c.trim() !== "")) {
      bad(`${record.cells.length} columns, expected at most ${columns.length} (${hasHeader ? "as in the header" : "email, first name, last name, groups"})`);
      continue;
    }
    const value = (column: Column) => {
      const index = columns.indexOf(column);
      const v = index >= 0 ? record.cells[index]?.trim() : undefined;
      return v ? v : undefined;
    };
    const email = value("email");
    if (!email) {
      bad("no email address");
      continue;
    }
    if (!isValidEmail(email)) {
      bad(`'${email}' is not a valid email address`);
      continue;
    }
    const key = email.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ line: record.line, kind: "duplicate", message: `${email} is a duplicate of line ${earlier}` });
      continue;
    }
    seen.set(key, record.line);
    const firstName = value("firstName");
    const lastName = value("lastName");
    rows.push({ line: record.line, email, ...(firstName ? { firstName } : {}), ...(lastName ? { lastName } : {}), groups: splitGroups(value("groups")) });
  }
  return { rows, problems, hasHeader };
}

const quote = (cell: string) => (/[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** Writes testers in the format `parseTesterCsv` reads (header included, groups joined with `; `). */
export function formatTesterCsv(testers: ReadonlyArray<{ email: string; firstName?: string | null; lastName?: string | null; groups: readonly string[] }>): string {
  const lines = ["email,first name,last name,groups"];
  for (const t of testers) lines.push([t.email, t.firstName ?? "", t.lastName ?? "", t.groups.join("; ")].map(quote).join(","));
  return `${lines.join("\n")}\n`;
}
