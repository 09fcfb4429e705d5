/**
 * Charts for the terminal, drawn with Unicode block characters: a column chart for values over
 * time and a bar list for rankings. Plain strings, so they are easy to test and to pipe.
 */
const EIGHTHS = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
const PARTIAL = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A width of 0, negative or NaN (a terminal that does not report its size) means unknown: 80. */
const widthOf = (width: number | undefined) => (width !== undefined && width > 0 ? width : 80);

export interface ChartPoint {
  label: string;
  value: number;
}

/**
 * Columns of eighth blocks, `height` rows tall, one column per point (points are averaged into
 * buckets when there are more than fit; few points get wider columns), with the maximum on the
 * axis and the first and last labels below.
 */
export function renderColumnChart(points: readonly ChartPoint[], options: { height?: number; width?: number; format?: (v: number) => string } = {}): string {
  if (points.length === 0) return "";
  const height = options.height ?? 8;
  const format = options.format ?? ((v: number) => String(Math.round(v)));
  const maxWidth = Math.max(8, Math.min(widthOf(options.width), 120) - 10);
  const per = Math.ceil(points.length / maxWidth);
  const buckets: ChartPoint[] = [];
  for (let i = 0; i < points.length; i += per) {
    const slice = points.slice(i, i + per);
    buckets.push({ label: slice[0]!.label, value: slice.reduce((a, p) => a + p.value, 0) / slice.length });
  }
  // A few points get wide columns with a gap between them; many get one character each.
  const column = Math.max(1, Math.min(4, Math.floor(maxWidth / buckets.length)));
  const bar = column === 1 ? 1 : column - 1;
  const max = Math.max(...buckets.map((b) => b.value), 0);
  const axis = format(max);
  const gutter = Math.max(axis.length, 1) + 1;
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    const cells = buckets.map((b) => {
      const eighths = max <= 0 ? 0 : Math.round((Math.max(0, b.value) / max) * height * 8) - row * 8;
      return EIGHTHS[Math.max(0, Math.min(8, eighths))]!.repeat(bar).padEnd(column);
    });
    const label = row === height - 1 ? axis.padStart(gutter - 1) : row === 0 ? "0".padStart(gutter - 1) : " ".repeat(gutter - 1);
    lines.push(`${label} ┤${cells.join("")}`.trimEnd());
  }
  const span = buckets.length * column;
  const first = buckets[0]!.label;
  const last = buckets[buckets.length - 1]!.label;
  const lastAt = (buckets.length - 1) * column;
  const under = lastAt >= first.length + 1 ? first.padEnd(lastAt) + last : first;
  lines.push(`${" ".repeat(gutter)}└${"─".repeat(span)}`);
  lines.push(`${" ".repeat(gutter + 1)}${under}`);
  return lines.join("\n") + "\n";
}

/** Horizontal bars for a ranking: label, bar proportional to the value, and a note (e.g. the amount). */
export function renderBarList(items: ReadonlyArray<ChartPoint & { note?: string }>, options: { width?: number; labelWidth?: number } = {}): string {
  if (items.length === 0) return "";
  const labelWidth = Math.min(options.labelWidth ?? 24, Math.max(...items.map((i) => i.label.length)));
  const noteWidth = Math.max(0, ...items.map((i) => (i.note ?? "").length));
  const barWidth = Math.max(10, Math.min(50, widthOf(options.width) - labelWidth - noteWidth - 4));
  const max = Math.max(...items.map((i) => i.value), 0);
  return (
    items
      .map((item) => {
        const label = item.label.length > labelWidth ? `${item.label.slice(0, labelWidth - 1)}…` : item.label.padEnd(labelWidth);
        const length = max > 0 ? (Math.max(0, item.value) / max) * barWidth : 0;
        const whole = Math.floor(length);
        const bar = "█".repeat(whole) + PARTIAL[Math.round((length - whole) * 8) % 8]!;
        return `${label}  ${bar.padEnd(barWidth)}  ${item.note ?? ""}`.trimEnd();
      })
      .join("\n") + "\n"
  );
}
