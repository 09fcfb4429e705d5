import { describe, expect, it } from "vitest";
import { parseRateLimit } from "../../../src/client/index.js";

describe("parseRateLimit", () => {
  it("reads Apple's documented header", () => {
    expect(parseRateLimit("user-hour-lim:3500;user-hour-rem:500;")).toEqual({
      hourLimit: 3500,
      hourRemaining: 500,
      raw: { "user-hour-lim": "3500", "user-hour-rem": "500" },
    });
  });

  it("reads minute buckets, keeps unknown keys in raw, tolerates spaces and no trailing semicolon", () => {
    const info = parseRateLimit(" user-hour-lim: 3600 ; user-hour-rem:3598;user-minute-lim:60; user-minute-rem:59;extra_to:drop");
    expect(info).toEqual({
      hourLimit: 3600,
      hourRemaining: 3598,
      minuteLimit: 60,
      minuteRemaining: 59,
      raw: { "user-hour-lim": "3600", "user-hour-rem": "3598", "user-minute-lim": "60", "user-minute-rem": "59", extra_to: "drop" },
    });
  });

  it("ignores non-numeric values for known keys but keeps them raw", () => {
    expect(parseRateLimit("user-hour-lim:lots;user-hour-rem:12")).toEqual({ hourRemaining: 12, raw: { "user-hour-lim": "lots", "user-hour-rem": "12" } });
  });

  it("is undefined for a missing or meaningless header", () => {
    expect(parseRateLimit(null)).toBeUndefined();
    expect(parseRateLimit("")).toBeUndefined();
    expect(parseRateLimit(";;;")).toBeUndefined();
    expect(parseRateLimit("garbage")).toBeUndefined();
  });
});
