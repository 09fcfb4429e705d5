export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/** One line of text for TSV and other single-line uses: objects stay JSON, which a script can parse. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(cellText).join(",");
  return JSON.stringify(value);
}

/**
 * The lines a value shows in a table cell. Nested objects read as `key: value` lines (indented one
 * level deeper per level), arrays of objects as `- ` items: a person reads a table, a script reads
 * JSON. Newlines in strings are kept; other runs of whitespace collapse.
 */
export function cellLines(value: unknown): string[] {
  if (value === undefined || value === null) return [""];
  if (typeof value === "string") return value.split(/\r?\n/).map((l) => l.replace(/\s+/g, " ").trim());
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return [value.map(cellText).join(",")];
    return value.flatMap((item) => cellLines(item).map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`)));
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (!entries.length) return [""];
  return entries.flatMap(([key, v]) => {
    if (v !== null && typeof v === "object" && !(Array.isArray(v) && v.every((x) => x === null || typeof x !== "object"))) {
      const inner = cellLines(v);
      return inner.length === 1 && inner[0] === "" ? [`${key}:`] : [`${key}:`, ...inner.map((l) => `  ${l}`)];
    }
    return [`${key}: ${cellLines(v).join(" ")}`];
  });
}

const GAP = 2;

/**
 * Aligned columns that fit `maxWidth` without losing a character: nothing is cut. A value without
 * spaces (an id, a URL, a bundle id, a date) is never broken, because people copy those; free text
 * (a finding, a fix, a description) wraps at spaces onto continuation lines. If the unbreakable
 * values alone are wider than the terminal, the line is longer than the terminal: the terminal
 * wraps it, which is better than an id ending in "…".
 */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], maxWidth = 160): string {
  const cells = rows.map((r) => columns.map((c) => cellLines(c.value(r))));
  const headers = columns.map((c) => c.header.toUpperCase());
  const natural = columns.map((_, i) => Math.max(headers[i]!.length, ...cells.map((row) => Math.max(...row[i]!.map((l) => l.length)))));
  // The narrowest a column can get: its header and its longest unbreakable word.
  const minimum = columns.map((_, i) => Math.max(headers[i]!.length, ...cells.map((row) => Math.max(...row[i]!.map(longestWord)))));
  const widths = [...natural];
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  // Narrow the widest column that can still wrap, one character at a time, until the line fits.
  while (total() > maxWidth) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) if (widths[i]! > minimum[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    if (widest < 0) break;
    widths[widest]!--;
  }
  const render = (row: string[][]) => {
    const wrapped = row.map((lines, i) => lines.flatMap((l) => wrap(l, widths[i]!)));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let n = 0; n < height; n++) out.push(wrapped.map((w, i) => (i === wrapped.length - 1 ? (w[n] ?? "") : (w[n] ?? "").padEnd(widths[i]!))).join(" ".repeat(GAP)).trimEnd());
    return out;
  };
  return [...render(headers.map((h) => [h])), ...cells.flatMap(render)].join("\n") + "\n";
}

const longestWord = (line: string) => {
  const indent = /^ */.exec(line)![0].length;
  return indent + Math.max(0, ...line.slice(indent).split(" ").map((w) => w.length));
};

/** Word-wraps at spaces; a word longer than the width stays whole. */
function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let current = "";
  // Keep the indentation of nested `key: value` lines on their continuation lines.
  const indent = /^ */.exec(line)![0];
  for (const word of line.slice(indent.length).split(" ")) {
    const candidate = current ? `${current} ${word}` : `${indent}${word}`;
    if (candidate.length <= width || !current) current = candidate;
    else {
      out.push(current);
      current = `${indent}${word}`;
    }
  }
  out.push(current);
  return out;
}

export function renderTsv<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const esc = (s: string) => s.replace(/[\t\n\r]/g, " ");
  return [columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => esc(cellText(c.value(r)))))].map((l) => l.join("\t")).join("\n") + "\n";
}

/**
 * How wide a table may be: COLUMNS when set (the user's explicit say, also when piping `-o table`),
 * else the terminal's width, else 160.
 */
export function tableWidth(env: Record<string, string | undefined>, stream: { columns?: number }): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stream.columns && stream.columns > 0 ? stream.columns : 160;
}
