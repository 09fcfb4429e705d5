import type { CommandContext } from "../../context.js";

interface PlanLike {
  changes: Array<{ scope: string; locale?: string; field: string; from: unknown; to: unknown }>;
}

const short = (v: unknown) => {
  if (v === null || v === undefined) return "∅";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  const one = text.replace(/\s+/g, " ");
  return one.length > 60 ? `"${one.slice(0, 57)}…"` : typeof v === "string" ? `"${one}"` : one;
};

/** The field-level diff: one row per field that changes. */
export function printPlan(ctx: CommandContext, plan: PlanLike, extra: Record<string, unknown> = {}): void {
  if (ctx.format === "json") {
    ctx.io.stdout.write(`${JSON.stringify({ ...extra, changes: plan.changes }, null, 2)}\n`);
    return;
  }
  const where = (c: PlanLike["changes"][number]) =>
    c.scope === "version" ? "version" : c.scope === "reviewDetail" ? "review" : `${c.locale}${c.scope === "appInfoLocalization" ? " app info" : ""}`;
  ctx.printRows(plan.changes, [
    { header: "where", value: where },
    { header: "field", value: (c) => c.field },
    { header: "change", value: (c) => (c.from === null ? "add" : c.to === null ? "clear" : "update") },
    { header: "from → to", value: (c) => `${short(c.from)} → ${short(c.to)}` },
  ]);
}
