import path from "node:path";
import { gzipSync } from "node:zlib";
import { ValidationError } from "../../../errors/asckit-error.js";
import { assertWritableTarget } from "../../check-paths.js";
import type { CommandContext } from "../../context.js";
import { renderTable, tableWidth } from "../../output/table.js";
import type { ReportDownload, ReportParser, ReportRow, TrailerCheck } from "../../../workflows/reports/index.js";
import { rowToJson } from "../../../workflows/reports/report-columns.js";

export type RowFormat = "table" | "jsonl" | "csv" | "tsv";
export const ROW_FORMATS = ["table", "jsonl", "csv", "tsv"] as const;

/**
 * `--format`, else the `--out` file's extension (.csv, .tsv/.txt, .jsonl/.json), else the global
 * `--json`/`--output`, else a table on a TTY and JSON lines when piped.
 */
export function chooseRowFormat(ctx: CommandContext, flag: unknown, out: string | undefined): RowFormat {
  if (flag !== undefined) {
    if (!(ROW_FORMATS as readonly string[]).includes(String(flag))) throw new ValidationError(`Unknown --format "${String(flag)}".`, { category: "usage", field: "--format", hint: "Use table, jsonl, csv or tsv." });
    return flag as RowFormat;
  }
  const toFile = out !== undefined;
  const ext = out ? path.extname(out).toLowerCase() : "";
  if (ext === ".csv") return "csv";
  if (ext === ".tsv" || ext === ".txt") return "tsv";
  if (ext === ".jsonl" || ext === ".json" || ext === ".ndjson") return "jsonl";
  if (ctx.global.json || ctx.global.output === "json") return "jsonl";
  if (ctx.global.output === "tsv") return "tsv";
  if (ctx.global.output === "table") return "table";
  return ctx.io.stdout.isTTY && !toFile ? "table" : "jsonl";
}

/** `--out FILE` can be written: checked before the download, so a bad path costs no request. */
export function checkOutFile(ctx: CommandContext, out: unknown): void {
  if (out === undefined) return;
  assertWritableTarget(path.resolve(ctx.io.cwd, String(out)), "--out");
}

const TABLE_LIMIT = 200;
/** The columns worth a terminal's width, per layout; other reports show every column. */
const TABLE_COLUMNS: readonly (readonly string[])[] = [
  ["Begin Date", "Title", "SKU", "Product Type Identifier", "Country Code", "Device", "Units", "Developer Proceeds", "Currency of Proceeds"],
  ["Subscription Name", "Country", "Device", "Customer Price", "Customer Currency", "Developer Proceeds", "Subscribers"],
  ["Start Date", "End Date", "Title", "Vendor Identifier", "Country Of Sale", "Quantity", "Partner Share", "Extended Partner Share", "Partner Share Currency"],
  ["Region", "Units Sold", "Earned", "Total Owed", "Exchange Rate", "Proceeds", "Bank Account Currency"],
];

const cellText = (v: ReportRow[string]): string => (v === null || v === undefined ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const jsonRow = (row: ReportRow) => JSON.stringify(rowToJson(row));

/** Serialises row batches in a format, header first (CSV/TSV), as text chunks. */
export async function* formatRows(batches: AsyncIterable<ReportRow[]>, format: Exclude<RowFormat, "table">, parser: () => ReportParser | undefined): AsyncGenerator<string> {
  let headerDone = false;
  for await (const batch of batches) {
    const columns = parser()?.columns ?? Object.keys(batch[0] ?? {});
    let out = "";
    if (!headerDone && format !== "jsonl") {
      out += (format === "csv" ? columns.map(csvCell).join(",") : columns.join("\t")) + "\n";
      headerDone = true;
    }
    for (const row of batch) {
      if (format === "jsonl") out += `${jsonRow(row)}\n`;
      else if (format === "csv") out += columns.map((c) => csvCell(cellText(row[c] ?? null))).join(",") + "\n";
      else out += columns.map((c) => cellText(row[c] ?? null).replace(/[\t\r\n]/g, " ")).join("\t") + "\n";
    }
    yield out;
  }
}

/** Writes to stdout, waiting when the pipe is full so a large report never piles up in memory. */
export async function writeOut(ctx: CommandContext, text: string): Promise<void> {
  if (text.length === 0) return;
  if (!ctx.io.stdout.write(text)) await new Promise<void>((resolve) => ctx.io.stdout.once("drain", () => resolve()));
}

export interface EmitOptions {
  format: RowFormat;
  /** `--out FILE`: a `.gz` name gets Apple's raw bytes, any other name the formatted rows. */
  out?: string;
  /** Runs over every row, e.g. the finance trailer check; verified before the file is renamed into place. */
  check?: TrailerCheck;
}

export interface EmitResult {
  rows: number;
  /** The report's `Total_*` lines (empty when it has none). */
  trailer: Record<string, string>;
  file?: string;
  bytes?: number;
}

/** Streams a report to stdout or atomically to a file, with the trailer check on the way. */
export async function emitReport(ctx: CommandContext, report: ReportDownload, options: EmitOptions): Promise<EmitResult> {
  const { writeFileAtomically, createReportParser, gunzipStream } = await import("../../../workflows/reports/index.js");
  const check = options.check;
  const verify = (parser: ReportParser | undefined) => {
    if (check && parser) check.verify(parser.trailer);
  };

  if (options.out) {
    const file = path.resolve(ctx.io.cwd, options.out);
    if (file.endsWith(".gz")) {
      if (report.empty) {
        const { bytes } = await writeFileAtomically(file, [gzipSync("")]);
        return { rows: 0, trailer: {}, file, bytes };
      }
      // Keep Apple's bytes as they are, but decode them on the side (gunzipStream, like every other
      // read: several members, or a plain-text body): that proves the gzip is whole, counts the rows
      // and checks the trailer before the file is renamed into place. A plain body is gzipped on the
      // way, chunk by chunk (a multi-member gzip), so FILE.gz is always gzip.
      const parser = createReportParser();
      let rows = 0;
      let gzipped: boolean | undefined;
      const pending: Uint8Array[] = [];
      async function* tapped(): AsyncGenerator<Uint8Array> {
        for await (const chunk of report.bytes()) {
          pending.push(chunk);
          yield chunk;
        }
      }
      const take = (row: ReportRow) => {
        rows++;
        check?.add(row);
      };
      function* release(): Generator<Uint8Array> {
        while (pending.length) {
          const chunk = pending.shift()!;
          if (gzipped) yield chunk;
          else if (chunk.length) yield gzipSync(chunk);
        }
      }
      async function* tee(): AsyncGenerator<Uint8Array> {
        for await (const text of gunzipStream(tapped(), { onFormat: (gzip) => (gzipped = gzip) })) {
          for (const row of parser.push(text)) take(row);
          yield* release();
        }
        for (const row of parser.finish()) take(row);
        yield* release();
        verify(parser);
      }
      const { bytes } = await writeFileAtomically(file, tee());
      return { rows, trailer: parser.trailer, file, bytes };
    }
    const format = options.format === "table" ? "csv" : options.format;
    let rows = 0;
    const counted = async function* () {
      for await (const batch of report.rows()) {
        rows += batch.length;
        if (check) for (const row of batch) check.add(row);
        yield batch;
      }
      verify(report.parser);
    };
    const { bytes } = await writeFileAtomically(file, formatRows(counted(), format, () => report.parser));
    return { rows, trailer: report.parser?.trailer ?? {}, file, bytes };
  }

  let rows = 0;
  if (options.format === "table") {
    const kept: ReportRow[] = [];
    for await (const batch of report.rows()) {
      for (const row of batch) {
        rows++;
        check?.add(row);
        if (kept.length < TABLE_LIMIT) kept.push(row);
      }
    }
    verify(report.parser);
    const all = report.parser?.columns ?? [];
    const preferred = TABLE_COLUMNS.find((cols) => cols.every((c) => all.includes(c)));
    const columns = (preferred ?? all).map((c) => ({ header: c, value: (r: ReportRow) => cellText(r[c] ?? null) }));
    await writeOut(ctx, kept.length ? renderTable(kept, columns, tableWidth(ctx.io.env, ctx.io.stdout)) : "(no rows)\n");
    if (rows > kept.length) ctx.info(`… ${rows - kept.length} more rows: use --format csv or jsonl, or --out FILE, for all of them.`);
    return { rows, trailer: report.parser?.trailer ?? {} };
  }
  const counted = async function* () {
    for await (const batch of report.rows()) {
      rows += batch.length;
      if (check) for (const row of batch) check.add(row);
      yield batch;
    }
    verify(report.parser);
  };
  for await (const text of formatRows(counted(), options.format, () => report.parser)) await writeOut(ctx, text);
  return { rows, trailer: report.parser?.trailer ?? {} };
}
