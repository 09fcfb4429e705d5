// Honest progress: a percentage only for work of known size; waits show state and time waited;
// without a TTY a line on each change of state and otherwise at most one per interval.
import { describe, expect, it } from "vitest";
import { createProgress, formatElapsed } from "../../../src/cli/output/progress.js";

function fakeStream(tty: boolean, columns?: number) {
  let text = "";
  return { isTTY: tty, columns, write: (s: string) => ((text += s), true), text: () => text } as unknown as NodeJS.WritableStream & { isTTY: boolean; columns?: number; text(): string };
}

describe("work of known size", () => {
  it("draws a bar with the real fraction", () => {
    const stream = fakeStream(true);
    const p = createProgress({ stream, label: "upload Demo.ipa", now: () => 0, tickMs: 0 });
    p.update(3, 12, "3/12 parts");
    expect(stream.text()).toBe("\r\x1b[2Kupload Demo.ipa [######------------------] 25% 3/12 parts");
    p.done();
    expect(stream.text().endsWith("\r\x1b[2K")).toBe(true);
  });

  it("without a TTY, counters alone do not print a line per item, but a new phase and the end do", () => {
    const stream = fakeStream(false);
    let t = 0;
    const p = createProgress({ stream, label: "import", now: () => t, intervalMs: 10_000 });
    p.update(0, 100, "checksum");
    for (let i = 1; i <= 100; i++) {
      t += 100; // 10 s in all
      p.update(i, 100, `${i}/100 parts`);
    }
    const lines = stream.text().trimEnd().split("\n");
    expect(lines).toEqual([
      "import [------------------------] 0% checksum",
      "import [------------------------] 1% 1/100 parts",
      "import [########################] 100% 100/100 parts",
    ]);
  });
});

describe("waits", () => {
  it("show the state and the time waited, never a percentage", () => {
    const stream = fakeStream(true);
    const p = createProgress({ stream, label: "build 42", now: () => 0, tickMs: 0 });
    p.wait("PROCESSING", 0, 3_600_000);
    p.wait("PROCESSING", 95_000, 3_600_000);
    p.wait("VALID", 130_000, 3_600_000);
    expect(stream.text()).not.toContain("%");
    expect(stream.text()).toContain("build 42: PROCESSING (1m35s elapsed, timeout 1h)");
    expect(stream.text()).toMatch(/build 42: VALID \(2m10s elapsed, timeout 1h\)$/);
  });

  it("without a TTY print on each state change and otherwise at most once per interval", () => {
    const stream = fakeStream(false);
    let t = 0;
    const p = createProgress({ stream, label: "build 42", now: () => t, intervalMs: 10_000 });
    // An upload polled every second for 80 s: PROCESSING for 60 s, then VALID.
    for (let s = 0; s <= 80; s++) {
      t = s * 1000;
      p.wait(s < 60 ? "PROCESSING" : "VALID", t, 1_800_000);
    }
    const lines = stream.text().trimEnd().split("\n");
    expect(lines[0]).toBe("build 42: PROCESSING (0s elapsed, timeout 30m)");
    expect(lines.filter((l) => l.includes("PROCESSING"))).toHaveLength(6); // 0, 10, 20, 30, 40, 50 s
    expect(lines).toContain("build 42: VALID (1m elapsed, timeout 30m)");
    expect(lines.length).toBeLessThanOrEqual(9);
  });

  it("on a TTY, keep the clock moving between polls", () => {
    const stream = fakeStream(true);
    let t = 0;
    // A fake ticker: the test decides when it fires, so no real time passes and load cannot matter.
    const ticks: Array<{ tick: () => void; ms: number; stopped: boolean }> = [];
    const every = (tick: () => void, ms: number) => {
      const entry = { tick, ms, stopped: false };
      ticks.push(entry);
      return () => void (entry.stopped = true);
    };
    const p = createProgress({ stream, label: "build 42", now: () => t, tickMs: 5, every });
    p.wait("PROCESSING", 1000, 60_000);
    expect(ticks.map((x) => x.ms)).toEqual([5]);
    t = 4000;
    ticks[0]!.tick();
    expect(stream.text()).toContain("PROCESSING (5s elapsed, timeout 1m)"); // 1 s at the poll + 4 s since
    p.wait("PROCESSING", 6000, 60_000);
    expect(ticks).toHaveLength(1); // a later poll reuses the running ticker
    p.done();
    expect(ticks[0]!.stopped).toBe(true); // the ticker stopped with done()
  });

  it("a line wider than the terminal is cut so that redrawing in place works", () => {
    const stream = fakeStream(true, 30);
    createProgress({ stream, label: "build 0123456789abcdef", now: () => 0, tickMs: 0 }).wait("PROCESSING", 0, 60_000);
    const drawn = stream.text().replace("\r\x1b[2K", "");
    expect(drawn.length).toBe(29);
    expect(drawn.endsWith("…")).toBe(true);
  });
});

it("formatElapsed", () => {
  expect([0, 45_000, 185_000, 1_800_000, 3_720_000, 7_200_000].map(formatElapsed)).toEqual(["0s", "45s", "3m05s", "30m", "1h02m", "2h"]);
});
