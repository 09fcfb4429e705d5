import type { CheckItem } from "../../../workflows/checklist.js";
import type { CommandContext } from "../../context.js";

const MARK: Record<CheckItem["status"], string> = { pass: "✓", warn: "!", fail: "✗" };

/**
 * The checklist on stdout. JSON and TSV carry every field (fix included) per item. A table shows
 * status, check and finding, and under each fail or warn a "fix:" line: the fix is the point of
 * the checklist, so it gets a line of its own instead of a column that a narrow terminal cuts.
 * Findings and fixes are never shortened; a long one wraps in the terminal.
 */
export function printChecklist(ctx: CommandContext, items: readonly CheckItem[]): void {
  if (ctx.format !== "table") {
    ctx.printRows(items, [
      { header: "status", value: (i) => i.status },
      { header: "check", value: (i) => i.id },
      { header: "finding", value: (i) => i.message },
      { header: "fix", value: (i) => i.fix ?? "" },
    ]);
    return;
  }
  if (!items.length) {
    ctx.io.stdout.write("(none)\n");
    return;
  }
  const status = (i: CheckItem) => `${MARK[i.status]} ${i.status}`;
  const statusWidth = Math.max("STATUS".length, ...items.map((i) => status(i).length));
  const checkWidth = Math.max("CHECK".length, ...items.map((i) => i.id.length));
  const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
  const lines = [`${"STATUS".padEnd(statusWidth)}  ${"CHECK".padEnd(checkWidth)}  FINDING`];
  for (const item of items) {
    lines.push(`${status(item).padEnd(statusWidth)}  ${item.id.padEnd(checkWidth)}  ${oneLine(item.message)}`);
    if (item.status !== "pass" && item.fix) lines.push(`${" ".repeat(statusWidth + 2)}fix: ${oneLine(item.fix)}`);
  }
  ctx.io.stdout.write(`${lines.join("\n")}\n`);
}

export function summary(items: readonly CheckItem[]): string {
  const n = (s: CheckItem["status"]) => items.filter((i) => i.status === s).length;
  return `${n("pass")} passed, ${n("warn")} warning${n("warn") === 1 ? "" : "s"}, ${n("fail")} failed`;
}
