import type { Cell, ColumnType, ReportRow } from "./report-columns.js";
import { createRowReader, type RowReader } from "./report-row-reader.js";

/** `Total_Rows`, `Total_Amount`, `Total_Units`… lines at the end of financial reports. */
export type ReportTrailer = Record<string, string>;

export interface ReportParser {
  /** Header cells, known once the first line was read. */
  readonly columns: readonly string[] | undefined;
  /** Data rows parsed so far (trailer and blank lines excluded). */
  readonly rowCount: number;
  /** `Total_*` lines, removed from the rows. */
  readonly trailer: ReportTrailer;
  /** Feeds decoded bytes (UTF-8) or text; returns the rows completed by them. */
  push(chunk: Uint8Array | string): ReportRow[];
  /** Flushes the last line. */
  finish(): ReportRow[];
}

export interface ReportParserOptions {
  /** Override the name-based type of some columns. */
  columnTypes?: Record<string, ColumnType>;
  /**
   * Only these columns end up in the rows (missing ones are null). Cells of other columns are
   * only stepped over, never decoded: use it when only a few columns matter.
   */
  select?: readonly string[];
}

// Room for the line reader's 4-byte reads past a line's last byte.
const WORD_SLACK = 4;
const INITIAL_CAPACITY = 256 * 1024;

/**
 * A streaming parser for Apple's tab-separated reports. It keeps the bytes of one unfinished line
 * (plus the chunk being parsed), so memory stays constant whatever the report size; rows come out
 * typed (see `columnType`): numbers as numbers, dates as UTC-midnight Dates, blanks as null.
 *
 * Lines are split and read as bytes, not as decoded text: an ASCII line (nearly all of them) goes
 * through `RowReader.fromBytes`, and only the others (non-ASCII text, control characters, blank
 * lines, the header, the trailer) are decoded as UTF-8, a line at a time, for the text path.
 * Splitting on the `\n` byte is safe: it never occurs inside a UTF-8 sequence, so a character cut
 * between two chunks is whole again in the line.
 */
export function createReportParser(options: ReportParserOptions = {}): ReportParser {
  let columns: string[] | undefined;
  let reader: RowReader | undefined;
  let rowCount = 0;
  const trailer: ReportTrailer = {};

  // The unfinished line's bytes, then the new chunk's, copied into one buffer that has WORD_SLACK
  // bytes to spare after them. (Copying 64 KB is far cheaper than the checks it saves.)
  let buffer = Buffer.alloc(INITIAL_CAPACITY);
  let view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let used = 0;

  const append = (chunk: Uint8Array) => {
    const needed = used + chunk.length + WORD_SLACK;
    if (needed > buffer.length) resize(Math.max(needed, 2 * buffer.length));
    buffer.set(chunk, used);
    used += chunk.length;
  };
  const resize = (capacity: number) => {
    const next = Buffer.alloc(capacity);
    buffer.copy(next, 0, 0, used);
    buffer = next;
    view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  };

  // A decoded line (without its line end): blank lines, the header, the trailer, and rows the byte
  // reader left to the text reader.
  const takeText = (line: string, out: ReportRow[]) => {
    if (line.charCodeAt(0) <= 32 && line.trim() === "") return;
    if (reader === undefined) {
      columns = line.replace(/^\uFEFF/, "").split("\t").map((c) => c.trim());
      reader = createRowReader(columns, options);
      return;
    }
    if (line.startsWith("Total_")) {
      const cells = line.split("\t");
      trailer[cells[0]!.trim()] = cells.slice(1).find((c) => c.trim() !== "")?.trim() ?? "";
      return;
    }
    rowCount++;
    out.push(reader.fromText(line));
  };

  // Where the line before started, when the byte reader made a row of it (the reader then reads
  // only what the next line does not share with it); -1 otherwise.
  let previousRow = -1;

  // The line buffer[start, newline).
  const takeLine = (start: number, newline: number, out: ReportRow[]) => {
    let end = newline;
    if (end > start && buffer[end - 1] === 13 /* \r */) end--;
    const previous = previousRow;
    previousRow = -1;
    if (end === start) return;
    const first = buffer[start]!;
    if (reader !== undefined && first > 32 && first < 128 && !isTrailerLine(buffer, start, end)) {
      const row = reader.fromBytes(buffer, view, start, end, previous);
      if (row !== undefined) {
        rowCount++;
        out.push(row);
        previousRow = start;
        return;
      }
    }
    takeText(buffer.toString("utf8", start, end), out);
  };

  // Parses every complete line in the buffer and keeps the unfinished one.
  const drain = (out: ReportRow[]) => {
    if (used === 0) return;
    const last = buffer.lastIndexOf(10 /* \n */, used - 1);
    if (last === -1) return;
    previousRow = -1; // the last pass moved its lines away
    let start = 0;
    while (start <= last) {
      const newline = buffer.indexOf(10, start);
      takeLine(start, newline, out);
      start = newline + 1;
    }
    buffer.copyWithin(0, start, used);
    used -= start;
    // A very long line may have grown the buffer: give the memory back once it is parsed.
    if (buffer.length > 4 * INITIAL_CAPACITY && used + WORD_SLACK <= INITIAL_CAPACITY) resize(INITIAL_CAPACITY);
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
      append(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
      drain(out);
      return out;
    },
    finish() {
      const out: ReportRow[] = [];
      if (used > 0) {
        append(NEWLINE);
        drain(out);
      }
      used = 0;
      return out;
    },
  };
}

const NEWLINE = Buffer.from("\n");
const TOTAL_ = Buffer.from("Total_");

function isTrailerLine(bytes: Buffer, start: number, end: number): boolean {
  return bytes[start] === 84 /* T */ && end - start >= TOTAL_.length && bytes.compare(TOTAL_, 0, TOTAL_.length, start, start + TOTAL_.length) === 0;
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
