import { describe, expect, it } from "vitest";
import { compareBuildNumbers, highestBuildNumber, incrementBuildNumber, isValidBuildNumber } from "../../../src/workflows/builds/build-number.js";

describe("build numbers", () => {
  it("compare numerically per component: 2.0.10 > 2.0.9, 10 > 9, missing components are zero", () => {
    expect(compareBuildNumbers("2.0.10", "2.0.9")).toBeGreaterThan(0);
    expect(compareBuildNumbers("9", "10")).toBeLessThan(0);
    expect(compareBuildNumbers("10", "10.0.0")).toBe(0);
    expect(compareBuildNumbers("1.2", "1.10")).toBeLessThan(0);
    // Apple ignores integers after the third.
    expect(compareBuildNumbers("1.2.3.9", "1.2.3")).toBe(0);
  });

  it("two different values that are not dotted numbers are not equal (so not the same build number), in a stable order", () => {
    expect(compareBuildNumbers("abc", "xyz")).toBeLessThan(0);
    expect(compareBuildNumbers("xyz", "abc")).toBeGreaterThan(0);
    expect(compareBuildNumbers("abc", "abc")).toBe(0);
    expect(compareBuildNumbers("abc", "1")).toBeLessThan(0);
    expect(compareBuildNumbers("1", "abc")).toBeGreaterThan(0);
  });

  it("highest ignores values that are not dotted numbers", () => {
    expect(highestBuildNumber(["2.0.9", "2.0.10", "2.0.2"])).toBe("2.0.10");
    expect(highestBuildNumber(["9", "10", "abc"])).toBe("10");
    expect(highestBuildNumber([])).toBeUndefined();
  });

  it("increment keeps the shape and carries no digits: 42 → 43, 2.0.9 → 2.0.10, none → 1", () => {
    expect(incrementBuildNumber("42")).toBe("43");
    expect(incrementBuildNumber("2.0.9")).toBe("2.0.10");
    expect(incrementBuildNumber("1.9")).toBe("1.10");
    expect(incrementBuildNumber("1.2.3.4")).toBe("1.2.4");
    expect(incrementBuildNumber("99999999999999999999")).toBe("100000000000000000000");
    expect(incrementBuildNumber(undefined)).toBe("1");
  });

  it("valid build numbers are one to three dotted integers", () => {
    expect(["1", "1.2", "1.2.3"].every(isValidBuildNumber)).toBe(true);
    expect(["", "1.", "1.2.3.4", "1a", "v1"].some(isValidBuildNumber)).toBe(false);
  });
});
