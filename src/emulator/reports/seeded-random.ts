import { mulberry32 } from "../faults/mulberry32.js";

/** FNV-1a: a stable 32-bit hash of a string, used to seed one report's random sequence. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A random source for one (vendor, report, date): the same inputs give the same report forever. */
export function seededRandom(...parts: Array<string | number>): () => number {
  return mulberry32(hash32(parts.join("|")));
}

/** A count with mean `mean` (Poisson for small means, normal approximation for large ones). */
export function randomCount(random: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}
