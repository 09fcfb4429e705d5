import { describe, expect, it } from "vitest";
import { createRateLimiter, DEFAULT_PACING_POLICY } from "../../../src/client/index.js";

describe("rate limiter pacing with several slots", () => {
  it("spaces concurrent paced requests one interval apart instead of releasing them together", async () => {
    let t = 0;
    const starts: number[] = [];
    // A sleep that resolves on a shared fake timeline, in wake-up order.
    const timers: Array<{ at: number; resolve: () => void }> = [];
    const sleep = (ms: number) => new Promise<void>((resolve) => timers.push({ at: t + ms, resolve }));
    const limiter = createRateLimiter({ maxConcurrent: 4, pacing: DEFAULT_PACING_POLICY, now: () => t, sleep });
    limiter.observe({ hourLimit: 3600, hourRemaining: 180, raw: {} });
    const runs = Array.from({ length: 4 }, () => limiter.run(async () => void starts.push(t)));
    for (let i = 0; i < 10 && starts.length < 4; i++) {
      await new Promise((r) => setImmediate(r));
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) continue;
      t = next.at;
      next.resolve();
    }
    await Promise.all(runs);
    // 3600 s spread over the remaining 180, 179, 178… requests: each waits its own interval after the one before.
    expect(starts).toEqual([20_000, 40_112, 60_337, 80_676]);
  });
});
