// The emulator's own build-number order (kept apart from the client's on purpose).
import { describe, expect, it } from "vitest";
import { compareBuildNumbers, highest, sameBuildNumber } from "../../../../src/emulator/build-uploads/build-number-order.js";

describe("emulator build-number order", () => {
  it("compares dotted integers numerically, missing ones as zero, after the third ignored", () => {
    expect(compareBuildNumbers("2.0.10", "2.0.9")).toBe(1);
    expect(sameBuildNumber("3", "3.0.0")).toBe(true);
    expect(sameBuildNumber("1.2.3.9", "1.2.3")).toBe(true);
  });

  it("two different strings that are not build numbers are not the same number, and their order is stable", () => {
    expect(sameBuildNumber("abc", "xyz")).toBe(false);
    expect(sameBuildNumber("1.0-beta", "1.0-rc")).toBe(false);
    expect(sameBuildNumber("abc", "abc")).toBe(true);
    expect(compareBuildNumbers("abc", "xyz")).toBe(-1);
    expect(compareBuildNumbers("xyz", "abc")).toBe(1);
    // Below every real build number, either way round.
    expect(compareBuildNumbers("abc", "1")).toBe(-1);
    expect(compareBuildNumbers("1", "abc")).toBe(1);
    expect(highest(["abc", "2", "xyz"])).toBe("2");
  });
});
