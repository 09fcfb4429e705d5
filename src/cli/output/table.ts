export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

export function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(cellText).join(",");
  return JSON.stringify(value);
}

/** Plain aligned columns; the last column is not padded, long cells are cut to fit the terminal width. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], maxWidth = 160): string {
  const cells = rows.map((r) => columns.map((c) => cellText(c.value(r)).replace(/\s+/g, " ")));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
  // Shrink the widest columns until the line fits.
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (total() > maxWidth) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 8) break;
    widths[widest]!--;
  }
  const fit = (text: string, w: number) => (text.length > w ? `${text.slice(0, Math.max(0, w - 1))}…` : text.padEnd(w));
  const line = (row: string[]) => row.map((t, i) => (i === row.length - 1 ? fit(t, widths[i]!).trimEnd() : fit(t, widths[i]!))).join("  ");
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join("\n") + "\n";
}

export function renderTsv<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const esc = (s: string) => s.replace(/[\t\n\r]/g, " ");
  return [columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => esc(cellText(c.value(r)))))].map((l) => l.join("\t")).join("\n") + "\n";
}
