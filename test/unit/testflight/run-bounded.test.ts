import { describe, expect, it } from "vitest";
import { runBounded } from "../../../src/workflows/testflight/run-bounded.js";

describe("runBounded", () => {
  it("never has more than the limit in flight and settles every item on its own", async () => {
    let active = 0;
    let peak = 0;
    const results = await runBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
      if (n === 4) throw new Error("four");
      return n * 10;
    });
    expect(peak).toBe(3);
    expect(results.map((r) => (r?.ok ? r.value : (r?.error as Error).message))).toEqual([10, 20, 30, "four", 50, 60, 70]);
  });

  it("stops starting new items once asked, leaving the rest unsettled", async () => {
    const seen: number[] = [];
    const results = await runBounded([1, 2, 3, 4], 1, async (n) => void seen.push(n), () => seen.length >= 2);
    expect(seen).toEqual([1, 2]);
    expect(results[2]).toBeUndefined();
    await expect(runBounded([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
