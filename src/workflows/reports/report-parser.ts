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

type RowFactory = new (line: string) => ReportRow;

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

  const handleLine = (line: string, out: ReportRow[]) => {
    if (line.length === 0) return;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (Row === undefined) {
      if (line.trim() === "") return;
      columns = line.replace(/^\uFEFF/, "").split("\t").map((c) => c.trim());
      Row = compileRowFactory(columns, options);
      return;
    }
    if (line.charCodeAt(0) === 84 /* T */ && line.startsWith("Total_")) {
      const cells = line.split("\t");
      trailer[cells[0]!.trim()] = cells.slice(1).find((c) => c.trim() !== "")?.trim() ?? "";
      return;
    }
    if (line.trim() === "") return;
    rowCount++;
    out.push(new Row(line));
  };

  const consume = (text: string, out: ReportRow[]) => {
    let start = 0;
    let nl = text.indexOf("\n");
    while (nl !== -1) {
      handleLine(text.slice(start, nl), out);
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
 * Generates `function Row(line) { … this["Units"] = … }` for a header. Names are embedded with
 * JSON.stringify, so no header text can become code.
 */
function compileRowFactory(columns: readonly string[], options: ReportParserOptions): RowFactory {
  const typeOf = (name: string): ColumnType => options.columnTypes?.[name] ?? columnType(name);
  const dateCaches = columns.map(() => ({ text: "", value: null as Date | string | null }));
  const helpers = { num: parseNumberCell, date: parseDateCell, dateCaches };
  const convert = (i: number, expr: string) => {
    const type = typeOf(columns[i]!);
    if (type === "number") return `((t = ${expr}) === "" ? null : (n = +t) === n ? n : h.num(t))`;
    // Reports repeat the same few dates on every line: reuse the Date for identical text.
    if (type === "date") return `((t = ${expr}) === "" ? null : (d = h.dateCaches[${i}]).text === t ? d.value : (d.text = t, d.value = h.date(t)))`;
    return `((t = ${expr}) === "" ? null : t)`;
  };

  let body: string;
  if (options.select) {
    const wanted = new Set(options.select);
    const picked = columns.map((name, i) => ({ name, i })).filter((c) => wanted.has(c.name));
    const last = picked.length ? picked[picked.length - 1]!.i : -1;
    // Walk the tabs only as far as the last wanted column; cut out wanted cells only.
    const lines = ["let t, n, d, s = 0, e;"];
    const assigned = new Set<string>();
    for (let i = 0; i <= last; i++) {
      lines.push(`e = line.indexOf("\\t", s); if (e === -1) e = line.length;`);
      if (wanted.has(columns[i]!) && !assigned.has(columns[i]!)) {
        lines.push(`this[${JSON.stringify(columns[i])}] = s > line.length ? null : ${convert(i, "line.slice(s, e)")};`);
        assigned.add(columns[i]!);
      }
      lines.push("s = e + 1;");
    }
    for (const name of options.select) if (!assigned.has(name)) lines.push(`this[${JSON.stringify(name)}] = null;`);
    body = lines.join("\n");
  } else {
    const lines = ["let t, n, d; const c = line.split(\"\\t\");"];
    columns.forEach((name, i) => lines.push(`this[${JSON.stringify(name)}] = c.length > ${i} ? ${convert(i, `c[${i}]`)} : null;`));
    body = lines.join("\n");
  }
  const factory = new Function("h", `return function Row(line) {\n${body}\n};`) as (h: typeof helpers) => RowFactory;
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
