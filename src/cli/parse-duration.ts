import { ValidationError } from "../errors/asckit-error.js";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export interface DurationOptions {
  /**
   * Refuse a bare number instead of reading it as seconds. Seconds suit timeouts and intervals; for
   * an age (`--older-than 30`) they are a trap, so such flags make the unit explicit.
   */
  requireUnit?: { example: string };
  /** Replaces the generic hint for a malformed duration, e.g. to lead with the units that suit this flag. */
  hint?: string;
}

/** "90s", "10m", "1h30m", "500ms" or (unless `requireUnit`) a bare number of seconds → milliseconds. */
export function parseDuration(text: string, flag: string, options: DurationOptions = {}): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    if (!options.requireUnit) return Math.round(Number(trimmed) * 1000);
    throw new ValidationError(`${flag} ${trimmed} has no unit.`, { category: "usage", field: flag, hint: `Give a unit, e.g. ${flag} ${options.requireUnit.example} (units: d, h, m, s, ms).` });
  }
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (!parts.length || parts.map((p) => p[0]).join("") !== trimmed) {
    throw new ValidationError(`Invalid duration "${text}" for ${flag}.`, { category: "usage", field: flag, hint: options.hint ?? "Use e.g. 90s, 10m, 1h30m or a number of seconds." });
  }
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0));
}
