import { ValidationError } from "../../errors/asckit-error.js";
import type { GroupKind } from "./beta-groups.js";

/** TestFlight's limits per app (facts §9.1). */
export const TESTER_LIMITS: Record<GroupKind, number> = { internal: 100, external: 10_000 };

const n = (value: number) => value.toLocaleString("en-US");

/**
 * Refuses, before any write, a change that would take the app past a limit, saying how many fit.
 * `current` counts the app's testers of that kind now; `adding` the testers who would newly become one.
 */
export function checkTesterLimit(kind: GroupKind, appName: string, current: number, adding: number): void {
  const limit = TESTER_LIMITS[kind];
  if (current + adding <= limit) return;
  const fit = Math.max(0, limit - current);
  throw new ValidationError(
    `Adding ${n(adding)} ${kind} testers to ${appName} would make ${n(current + adding)}; an app can have at most ${n(limit)} ${kind} testers and it has ${n(current)}, so ${fit ? `only ${n(fit)} more fit` : "no more fit"}.`,
    {
      field: "testers",
      hint: fit ? `Import at most ${n(fit)} new testers, or remove some first with \`asckit testers remove\`.` : "Remove testers first with `asckit testers remove`.",
    },
  );
}
