import { describe, expect, it } from "vitest";
import { parseDuration } from "../../../src/cli/parse-duration.js";

describe("parseDuration", () => {
  it("reads units and sums compound durations", () => {
    expect(parseDuration("90s", "--timeout")).toBe(90_000);
    expect(parseDuration("1h30m", "--timeout")).toBe(5_400_000);
    expect(parseDuration("30d12h", "--older-than")).toBe(30.5 * 86_400_000);
    expect(parseDuration("500ms", "--interval")).toBe(500);
  });

  it("reads a bare number as seconds, unless the flag requires a unit", () => {
    expect(parseDuration("30", "--timeout")).toBe(30_000);
    expect(() => parseDuration("30", "--older-than", { requireUnit: { example: "90d" } })).toThrow(
      expect.objectContaining({ category: "usage", field: "--older-than", message: "--older-than 30 has no unit.", hint: "Give a unit, e.g. --older-than 90d (units: d, h, m, s, ms)." }),
    );
    // With a unit the same flag is fine.
    expect(parseDuration("30d", "--older-than", { requireUnit: { example: "90d" } })).toBe(30 * 86_400_000);
  });

  it("refuses malformed text with the flag's own hint when it has one", () => {
    expect(() => parseDuration("90x", "--timeout")).toThrow('Invalid duration "90x" for --timeout.');
    expect(() => parseDuration("1h 30m", "--older-than", { hint: "Use e.g. 90d." })).toThrow(expect.objectContaining({ hint: "Use e.g. 90d." }));
  });
});
