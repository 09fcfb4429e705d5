import type { CheckItem } from "../../../workflows/checklist.js";
import type { CommandContext } from "../../context.js";

const MARK: Record<CheckItem["status"], string> = { pass: "✓", warn: "!", fail: "✗" };

/** The checklist on stdout: a table of status, check, finding and fix (or the items as JSON). */
export function printChecklist(ctx: CommandContext, items: readonly CheckItem[]): void {
  ctx.printRows(items, [
    { header: "status", value: (i) => `${MARK[i.status]} ${i.status}` },
    { header: "check", value: (i) => i.id },
    { header: "finding", value: (i) => i.message },
    { header: "fix", value: (i) => i.fix ?? "" },
  ]);
}

export function summary(items: readonly CheckItem[]): string {
  const n = (s: CheckItem["status"]) => items.filter((i) => i.status === s).length;
  return `${n("pass")} passed, ${n("warn")} warning${n("warn") === 1 ? "" : "s"}, ${n("fail")} failed`;
}
