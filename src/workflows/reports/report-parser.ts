import { StringDecoder } from "node:string_decoder";
import { columnType, parseDateCell, parseNumberCell, type Cell, type ColumnType, type ReportRow } from "./report-columns.js";

/** `Total_Rows`, `Total_Amount`, `Total_Units`… lines at the end of financial reports. */
export type ReportTrailer = Record<string, string>;

export interface ReportParser {
  /** Header cells, known once the first line was read. */
  readonly columns: readonly string[] | undefined;
  /** Data rows parsed so far (trailer and blank lines excluded). */
  readonly rowCount: number;
  /** `Total_*` lines, removed from the rows. */
  readonly trailer: ReportTrailer;
  /** Feeds decoded bytes; returns the rows completed by them. */
  push(chunk: Uint8Array | string): ReportRow[];
  /** Flushes the last line. */
  finish(): ReportRow[];
}

export interface ReportParserOptions {
  /** Override the name-based type of some columns. */
  columnTypes?: Record<string, ColumnType>;
  /**
   * Only these columns end up in the rows (missing ones are null). Cells of other columns are
   * never cut out of the line, which is most of the work: use it when only a few columns matter.
   */
  select?: readonly string[];
}

type RowFactory = new (text: string, start: number, end: number) => ReportRow;

/**
 * A streaming parser for Apple's tab-separated reports. It holds one partial line at a time, so
 * memory stays constant whatever the report size; rows come out typed (see `columnType`).
 *
 * Rows are built by a constructor generated for the header, so every row has the same shape
 * (V8 keeps such objects in fast mode; a loop of `row[name] = …` would not be as fast).
 */
export function createReportParser(options: ReportParserOptions = {}): ReportParser {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let columns: string[] | undefined;
  let Row: RowFactory | undefined;
  let rowCount = 0;
  const trailer: ReportTrailer = {};

  // Lines are handled as offsets into the chunk's text: no per-line copy before the row needs one.
  const handleLine = (text: string, start: number, end: number, out: ReportRow[]) => {
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (end === start) return;
    const first = text.charCodeAt(start);
    if (first <= 32 && text.slice(start, end).trim() === "") return;
    if (Row === undefined) {
      columns = text.slice(start, end).replace(/^\uFEFF/, "").split("\t").map((c) => c.trim());
      Row = compileRowFactory(columns, options);
      return;
    }
    if (first === 84 /* T */ && text.startsWith("Total_", start)) {
      const cells = text.slice(start, end).split("\t");
      trailer[cells[0]!.trim()] = cells.slice(1).find((c) => c.trim() !== "")?.trim() ?? "";
      return;
    }
    rowCount++;
    out.push(new Row(text, start, end));
  };

  const consume = (text: string, out: ReportRow[]) => {
    let start = 0;
    let nl = text.indexOf("\n");
    while (nl !== -1) {
      handleLine(text, start, nl, out);
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    pending = start === 0 ? text : text.slice(start);
  };

  return {
    get columns() {
      return columns;
    },
    get rowCount() {
      return rowCount;
    },
    trailer,
    push(chunk) {
      const out: ReportRow[] = [];
      const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
      consume(pending.length ? pending + text : text, out);
      return out;
    },
    finish() {
      const out: ReportRow[] = [];
      const rest = pending + decoder.end();
      pending = "";
      if (rest.length) consume(`${rest}\n`, out);
      return out;
    },
  };
}

/**
 * Generates `function Row(text, start, end) { … this["Units"] = … }` for a header. Names are embedded with
 * JSON.stringify, so no header text can become code.
 */
function compileRowFactory(columns: readonly string[], options: ReportParserOptions): RowFactory {
  const typeOf = (name: string): ColumnType => options.columnTypes?.[name] ?? columnType(name);
  // Per date column, the previous row's text and Date: reports repeat the same dates line after line.
  // (Reusing string cells the same way, with startsWith in place, measured slower than slicing.)
  const last = columns.map(() => ({ text: "", value: null as Cell }));
  const helpers = { num: parseNumberCell, date: parseDateCell, last };
  // Walk the tabs with indexOf and read only the wanted cells (all of them without `select`), as far
  // as the last wanted column: faster than split(), which builds an array per line.
  const wanted = new Set(options.select ?? columns);
  const picked = columns.map((name, i) => ({ name, i })).filter((c) => wanted.has(c.name));
  const lastWanted = picked.length ? picked[picked.length - 1]!.i : -1;
  const lines = ["let t, n, p, s = start, e;"];
  const assigned = new Set<string>();
  for (let i = 0; i <= lastWanted; i++) {
    lines.push(`e = s > end ? end : text.indexOf("\\t", s); if (e === -1 || e > end) e = end;`);
    const name = columns[i]!;
    if (wanted.has(name) && !assigned.has(name)) {
      const key = JSON.stringify(name);
      const type = typeOf(name);
      const value =
        type === "number"
          ? "(n = +t) === n ? n : h.num(t)"
          : type === "date"
            ? `(p = h.last[${i}]).text === t ? p.value : (p.text = t, p.value = h.date(t))`
            : "t";
      lines.push(`this[${key}] = s > end || e === s ? null : (t = text.slice(s, e), ${value});`);
      assigned.add(name);
    }
    lines.push("s = e + 1;");
  }
  for (const name of wanted) if (!assigned.has(name)) lines.push(`this[${JSON.stringify(name)}] = null;`);
  const body = lines.join("\n");
  const factory = new Function("h", `return function Row(text, start, end) {\n${body}\n};`) as (h: typeof helpers) => RowFactory;
  return factory(helpers);
}

/** Parses a decoded text stream into batches of rows (one batch per chunk). */
export async function* parseReportStream(source: AsyncIterable<Uint8Array | string>, parser: ReportParser = createReportParser()): AsyncGenerator<ReportRow[]> {
  for await (const chunk of source) {
    const rows = parser.push(chunk);
    if (rows.length) yield rows;
  }
  const rest = parser.finish();
  if (rest.length) yield rest;
}

export type { Cell, ReportRow };
