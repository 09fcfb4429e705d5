// Build numbers (CFBundleVersion) and version strings (CFBundleShortVersionString): one to three
// period-separated integers. Apple compares them numerically, missing components count as zero
// (`10` = `10.0.0`), and integers after the third are ignored.

const DOTTED = /^\d+(\.\d+){0,2}$/;

export function isValidBuildNumber(text: string): boolean {
  return DOTTED.test(text);
}

export function isValidVersionString(text: string): boolean {
  return DOTTED.test(text);
}

/** The first three components as numbers, or undefined when `text` is not a dotted number. */
function components(text: string): number[] | undefined {
  if (!/^\d+(\.\d+)*$/.test(text)) return undefined;
  const parts = text.split(".").slice(0, 3).map(Number);
  while (parts.length < 3) parts.push(0);
  return parts;
}

/**
 * Negative when a < b, 0 when equal, positive when a > b; 2.0.10 > 2.0.9. Not dotted numbers sort
 * first, among themselves in code-unit order, and are equal only when identical.
 */
export function compareBuildNumbers(a: string, b: string): number {
  const x = components(a);
  const y = components(b);
  if (!x && !y) return a === b ? 0 : a < b ? -1 : 1;
  if (!x || !y) return x ? 1 : -1;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** The highest dotted number in `numbers` (others are ignored), or undefined. */
export function highestBuildNumber(numbers: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const n of numbers) {
    if (!components(n)) continue;
    if (best === undefined || compareBuildNumbers(n, best) > 0) best = n;
  }
  return best;
}

/**
 * The number after `current`, keeping its shape: 42 → 43, 2.0.9 → 2.0.10, 1.2.3.4 → 1.2.4 (Apple
 * ignores a fourth component, so raising it would not make a new number). None yet → "1".
 */
export function incrementBuildNumber(current: string | undefined): string {
  if (current === undefined) return "1";
  const parts = current.split(".").slice(0, 3);
  if (!parts.every((p) => /^\d+$/.test(p))) throw new Error(`Not a build number: ${current}`);
  const last = parts.length - 1;
  parts[last] = String(BigInt(parts[last]!) + 1n);
  return parts.map((p, i) => (i === last ? p : String(BigInt(p)))).join(".");
}

/** Whether App Store Connect sees one build number in both: `3` = `3.0` = `3.0.0` (text that is not a build number only equals itself). */
export function sameBuildNumber(a: string, b: string): boolean {
  return a === b || (components(a) !== undefined && components(b) !== undefined && compareBuildNumbers(a, b) === 0);
}
