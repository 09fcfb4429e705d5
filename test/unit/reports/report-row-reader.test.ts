// The byte reader (ASCII lines) and the text reader (everything else) must give exactly the rows a
// plain split-and-convert reading gives: same keys in the same order, the same doubles (Object.is,
// so -0 counts), the same dates, blanks as null.
import { describe, expect, it } from "vitest";
import { formatSalesLines, salesLinesForDay, SALES_HEADER } from "../../../src/emulator/reports/index.js";
import {
  columnType,
  CONSOLIDATED_FINANCIAL_COLUMNS,
  FINANCE_DETAIL_COLUMNS,
  FINANCIAL_COLUMNS,
  parseDateCell,
  parseNumberCell,
  SALES_COLUMNS,
  SUBSCRIPTION_COLUMNS,
  type Cell,
  type ReportRow,
} from "../../../src/workflows/reports/report-columns.js";
import { createReportParser, type ReportParserOptions } from "../../../src/workflows/reports/report-parser.js";

/** The reference: split the line, convert each cell by its column's type. */
function expectedRows(text: string, options: ReportParserOptions = {}): ReportRow[] {
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  const header = lines.shift()!.replace(/^\uFEFF/, "").split("\t").map((c) => c.trim());
  const wanted = options.select ?? header;
  const rows: ReportRow[] = [];
  for (const line of lines) {
    if (line.trim() === "" || line.startsWith("Total_")) continue;
    const cells = line.split("\t");
    const row: ReportRow = {};
    header.forEach((name, i) => {
      if (!wanted.includes(name) || name in row) return;
      const text = cells[i];
      const type = options.columnTypes?.[name] ?? columnType(name);
      row[name] = text === undefined || text === "" ? null : type === "number" ? parseNumberCell(text) : type === "date" ? parseDateCell(text) : text;
    });
    for (const name of wanted) if (!(name in row)) row[name] = null;
    rows.push(row);
  }
  return rows;
}

function parse(bytes: Buffer, chunkSize: number, options: ReportParserOptions = {}): ReportRow[] {
  const parser = createReportParser(options);
  const rows: ReportRow[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) rows.push(...parser.push(bytes.subarray(i, i + chunkSize)));
  rows.push(...parser.finish());
  return rows;
}

const sameCell = (a: Cell | undefined, b: Cell | undefined) =>
  a instanceof Date || b instanceof Date ? a instanceof Date && b instanceof Date && a.getTime() === b.getTime() : Object.is(a, b);

/** The first difference between two row lists, or undefined: stricter than toEqual (-0, key order). */
function firstDifference(actual: ReportRow[], expected: ReportRow[]): string | undefined {
  if (actual.length !== expected.length) return `${actual.length} rows, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Object.keys(a).join("|") !== Object.keys(e).join("|")) return `row ${i}: keys ${Object.keys(a).join("|")}`;
    for (const key of Object.keys(e)) if (!sameCell(a[key], e[key])) return `row ${i} ${key}: ${String(a[key])} (${typeof a[key]}), expected ${String(e[key])} (${typeof e[key]})`;
  }
  return undefined;
}

// A small deterministic generator, so a failure names a reproducible case.
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

const NUMBER_TEXTS = ["0", "-0", "0.00", "-0.00", "12", "-1", "1.5", ".5", "5.", "-.5", "0.99", "1390", "2.09", "-6.99", "69.90", "123456789012345", "0.000000000000001", "99999999999999.9", "1234567890123456", "9007199254740993", "1,234.50", "1e3", "+5", " 12", "-", ".", "n/a", "0x1F", "Infinity"];
const DATE_TEXTS = ["03/09/2024", "12/31/1999", "01/28/2024", "2024-03-09", "2024-12-31", "13/45/2024", "soon", "1/2/2024"];
const TEXT_TEXTS = ["APPLE", "US", "com.example.weather", "Example Co", "Weather Pal", "Café Pro", "天気アプリ", "Radar Pack 😀", "1F", "IA1", "EUR", "1234567890", "iPhone", "Rate After One Year", "x".repeat(60), "y".repeat(61), "z".repeat(300), "Total", "T", "with\u000bcontrol", "sp ace"];

/** A report of `rows` lines for a header, cells drawn by the column's type, some blank, some lines short. */
function generatedReport(header: readonly string[], rows: number, seed: number): string {
  const { next, pick } = random(seed);
  const lines = [header.join("\t")];
  for (let r = 0; r < rows; r++) {
    const cells = header.map((name) => {
      if (next() < 0.15) return "";
      const type = columnType(name);
      return pick(type === "number" ? NUMBER_TEXTS : type === "date" ? DATE_TEXTS : TEXT_TEXTS);
    });
    const length = next() < 0.05 ? Math.floor(next() * header.length) + 1 : header.length;
    lines.push(cells.slice(0, length).join("\t") + (next() < 0.1 ? "\r" : ""));
  }
  return `${lines.join("\n")}\n`;
}

const LAYOUTS = {
  SALES: SALES_COLUMNS,
  SUBSCRIPTION: SUBSCRIPTION_COLUMNS,
  FINANCIAL: FINANCIAL_COLUMNS,
  CONSOLIDATED_FINANCIAL: CONSOLIDATED_FINANCIAL_COLUMNS,
  FINANCE_DETAIL: FINANCE_DETAIL_COLUMNS,
};

describe("report row reader", () => {
  it.each(Object.entries(LAYOUTS))("reads a %s report exactly as split-and-convert does, in any chunking", (_name, header) => {
    const text = generatedReport(header, 400, header.length);
    const bytes = Buffer.from(text);
    const expected = expectedRows(text);
    for (const size of [1, 3, 7, 100, 4096, bytes.length]) expect(firstDifference(parse(bytes, size), expected)).toBeUndefined();
  });

  it("reads the emulator's sales lines, and the summary's selected columns, exactly", () => {
    const lines = ["2024-03-09", "2024-03-10"].flatMap((day) => formatSalesLines(salesLinesForDay(day, { vendorNumber: "85000001" }), day, day));
    const text = `${[SALES_HEADER.join("\t"), ...lines].join("\n")}\n`;
    const bytes = Buffer.from(text);
    expect(lines.length).toBeGreaterThan(50);
    expect(firstDifference(parse(bytes, 1 << 16), expectedRows(text))).toBeUndefined();
    const select = { select: ["SKU", "Title", "Product Type Identifier", "Units", "Developer Proceeds", "Country Code", "Currency of Proceeds", "Parent Identifier"] };
    expect(firstDifference(parse(bytes, 999, select), expectedRows(text, select))).toBeUndefined();
    const rows = parse(bytes, 1 << 16);
    expect(rows[0]!["Begin Date"]).toEqual(new Date("2024-03-09T00:00:00Z"));
    expect(rows.every((r) => typeof r.Units === "number" && typeof r["Developer Proceeds"] === "number")).toBe(true);
  });

  it("reads lines that share their neighbour's first and last cells exactly, whatever changed between", () => {
    // Each line is the one before with a few edits: a cell replaced, lengthened, inserted or removed,
    // so the shared head and tail shift against each other and the cell counts differ.
    const { next, pick } = random(11);
    const header = SALES_COLUMNS;
    const cellFor = (i: number) => {
      const type = columnType(header[i] ?? "extra");
      return next() < 0.2 ? "" : pick(type === "number" ? NUMBER_TEXTS : type === "date" ? DATE_TEXTS : TEXT_TEXTS.filter((t) => /^[\x20-\x7e]*$/.test(t)));
    };
    let cells = header.map((_, i) => cellFor(i));
    const lines = [header.join("\t")];
    for (let r = 0; r < 3000; r++) {
      if (next() < 0.05) cells = header.map((_, i) => cellFor(i));
      else {
        cells = [...cells];
        for (let k = Math.floor(next() * 3); k > 0; k--) {
          const at = Math.floor(next() * cells.length);
          const edit = next();
          if (edit < 0.5) cells[at] = cellFor(at);
          else if (edit < 0.65) cells[at] += pick(["0", "x", "\tz", ""]);
          else if (edit < 0.8) cells.splice(at, 0, cellFor(at));
          else if (cells.length > 1) cells.splice(at, 1);
        }
      }
      lines.push(next() < 0.03 ? "" : cells.join("\t") + (next() < 0.05 ? "\r" : ""));
    }
    const text = `${lines.join("\n")}\n`;
    const bytes = Buffer.from(text);
    for (const size of [64, 5000, bytes.length]) expect(firstDifference(parse(bytes, size), expectedRows(text))).toBeUndefined();
    const select = { select: ["SKU", "Units", "Begin Date", "Device", "Order Type"] };
    expect(firstDifference(parse(bytes, 4096, select), expectedRows(text, select))).toBeUndefined();
  });

  it("reads plain decimals digit by digit to the very double Number() gives", () => {
    const { next } = random(7);
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const digits = String(Math.floor(next() * 10 ** (1 + Math.floor(next() * 15)))).padStart(1 + Math.floor(next() * 3), "0").slice(0, 15);
      const point = Math.floor(next() * (digits.length + 1));
      const body = next() < 0.7 ? `${digits.slice(0, point)}.${digits.slice(point)}` : digits;
      texts.push(body === "." ? "0" : next() < 0.3 ? `-${body}` : body);
    }
    const rows = parse(Buffer.from(`Units\tSKU\n${texts.map((t) => `${t}\tx`).join("\n")}\n`), 1 << 16);
    const wrong = texts.filter((t, i) => !Object.is(rows[i]!.Units, Number(t)));
    expect(wrong).toEqual([]);
  });

  it("leaves numbers that are not plain decimals to Number() and the thousands-separator rule", () => {
    const rows = parse(Buffer.from(`Units\n${NUMBER_TEXTS.join("\n")}\n`), 5);
    expect(rows.map((r) => r.Units)).toEqual(NUMBER_TEXTS.map((t) => parseNumberCell(t)));
    expect(Object.is(rows[1]!.Units, -0)).toBe(true);
    expect(rows.find((_, i) => NUMBER_TEXTS[i] === "1,234.50")!.Units).toBe(1234.5);
    expect(rows.find((_, i) => NUMBER_TEXTS[i] === "n/a")!.Units).toBe("n/a");
  });

  it("decodes non-ASCII lines as UTF-8 even when a character is cut between chunks", () => {
    const text = "Title\tUnits\tBegin Date\nCafé Pro\t3\t03/09/2024\n天気アプリ 😀\t-2\t2024-03-10\nplain\t1\t03/09/2024\n";
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parser = createReportParser();
      const rows = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut)), ...parser.finish()];
      expect(rows.map((r) => r.Title)).toEqual(["Café Pro", "天気アプリ 😀", "plain"]);
      expect(rows.map((r) => r.Units)).toEqual([3, -2, 1]);
    }
  });

  it("keeps control characters inside cells, as the text reader always did", () => {
    const rows = parse(Buffer.from("SKU\tUnits\tTitle\na\u000bb\t1\tx\rmiddle\nc\t\u00002\t\u007f\n"), 4);
    expect(rows).toEqual([
      { SKU: "a\u000bb", Units: 1, Title: "x\rmiddle" },
      { SKU: "c", Units: "\u00002", Title: "\u007f" },
    ]);
  });

  it("gives every row its own value when a column holds thousands of different strings and long cells", () => {
    // Far more distinct values than cache slots, and cells too long to cache: every slot is reused.
    const values = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? `long-${i}-${"x".repeat(70)}` : `sku-${(i * 7919) % 10007}`));
    const text = `SKU\tUnits\n${values.map((v, i) => `${v}\t${i}`).join("\n")}\n`;
    const rows = parse(Buffer.from(text), 4096);
    expect(rows.map((r) => r.SKU)).toEqual(values);
    expect(rows.map((r) => r.Units)).toEqual(values.map((_, i) => i));
  });

  it("hands out one Date per distinct date text and never mixes two dates up", () => {
    const days = ["03/09/2024", "03/10/2024", "03/09/2024", "2024-03-11", "03/10/2024"];
    const rows = parse(Buffer.from(`Begin Date\n${days.join("\n")}\n`), 3);
    expect(rows.map((r) => (r["Begin Date"] as Date).toISOString().slice(0, 10))).toEqual(["2024-03-09", "2024-03-10", "2024-03-09", "2024-03-11", "2024-03-10"]);
  });

  it("makes a column named __proto__ an ordinary property", () => {
    const rows = parse(Buffer.from("__proto__\tUnits\nx\t1\n"), 64);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(Object.keys(rows[0]!)).toEqual(["__proto__", "Units"]);
    expect(rows[0]!["__proto__"]).toBe("x");
  });

  it("keeps no reference to the caller's chunks", () => {
    const bytes = Buffer.from("SKU\tUnits\nsku-1\t1\nsku-2\t2\n");
    const chunk = Buffer.from(bytes.subarray(0, 20)); // ends inside the second data line
    const parser = createReportParser();
    const rows = parser.push(chunk);
    chunk.fill(0x41); // the caller reuses its buffer
    rows.push(...parser.push(bytes.subarray(20)), ...parser.finish());
    expect(rows).toEqual([
      { SKU: "sku-1", Units: 1 },
      { SKU: "sku-2", Units: 2 },
    ]);
  });
});
