// How App Store Connect orders build numbers (CFBundleVersion): one to three period-separated
// integers compared numerically, missing integers counting as zero ("3" = "3.0" = "3.0.0"), and
// integers after the third ignored. Kept apart from the client's copy on purpose: the emulator
// must not share a misunderstanding with the code it tests.

/** The first three integers, or undefined when `text` is not dotted integers. */
function parts(text: string): bigint[] | undefined {
  if (!/^\d+(\.\d+)*$/.test(text)) return undefined;
  const out = text.split(".").slice(0, 3).map((p) => BigInt(p));
  while (out.length < 3) out.push(0n);
  return out;
}

/**
 * Negative, zero or positive as `a` is lower than, the same build number as, or higher than `b`.
 * A string that is not dotted integers sorts below every build number, and two such strings are
 * the same only when equal (else in code-unit order): "abc" and "xyz" are not one build number.
 */
export function compareBuildNumbers(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  if (!x && !y) return a === b ? 0 : a < b ? -1 : 1;
  if (!x || !y) return x ? 1 : -1;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

export const sameBuildNumber = (a: string, b: string) => compareBuildNumbers(a, b) === 0;

/** The highest of `numbers`, or undefined for none. */
export function highest(numbers: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const n of numbers) if (parts(n) && (best === undefined || compareBuildNumbers(n, best) > 0)) best = n;
  return best;
}

/** One above `current` in its last counted integer (42 → 43, 2.0.9 → 2.0.10); "1" when there is none. */
export function nextBuildNumber(current: string | undefined): string {
  const p = current === undefined ? undefined : current.split(".").slice(0, 3);
  if (!p || !p.every((x) => /^\d+$/.test(x))) return "1";
  p[p.length - 1] = String(BigInt(p[p.length - 1]!) + 1n);
  return p.map((x) => String(BigInt(x))).join(".");
}
