import { AsckitError } from "../errors/asckit-error.js";

/**
 * Apple's filters can match substrings (`filter[identifier]=com.a` also returns `com.a.widget`),
 * so every lookup by identifier is decided here, exactly: one match or a clear error that names
 * the candidates.
 */
export function exactlyOne<T>(
  candidates: readonly T[],
  matches: (item: T) => boolean,
  describe: { what: string; value: string; label: (item: T) => string; hint?: string },
): T {
  const hits = candidates.filter(matches);
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) {
    const near = candidates.slice(0, 5).map(describe.label);
    throw new AsckitError(`No ${describe.what} matches "${describe.value}" exactly.`, {
      category: "not_found",
      hint: [near.length ? `Similar: ${near.join(", ")}.` : undefined, describe.hint].filter(Boolean).join(" ") || undefined,
    });
  }
  throw new AsckitError(`${hits.length} ${describe.what}s match "${describe.value}": ${hits.map(describe.label).join(", ")}.`, {
    category: "conflict",
    hint: "Pass the id instead.",
  });
}
