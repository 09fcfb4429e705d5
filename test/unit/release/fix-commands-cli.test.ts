// Every command a failing `review check` suggests must run as pasted on an account with several apps
// (the demo team has two): it names the app, the version and, off iOS, the platform. Each suggested
// `asckit …` is taken from the real checklist, its placeholders filled with sample values, and run
// in-process against the emulator: none may end in exit 2 (a usage error, such as "This account
// has several apps: say which one").
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../../support/in-process-cli.js";
import { writePng } from "../../support/media-files.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";
import { shellWords } from "../../e2e/mcp/doc-commands.js";

let emu: TestEmulator;
let dir: string;

beforeAll(async () => {
  emu = await startTestEmulator({ processingDelayMs: 0 });
  dir = mkdtempSync(path.join(os.tmpdir(), "asckit-fixes-"));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (argv: string[]) => runMain(argv, { cwd: dir, env: emu.env });

interface Check {
  id: string;
  status: string;
  fix?: string;
}

/** `asckit …` in backticks, or a bare one that ends the fix ("Set it: asckit versions update …"). */
function commandsIn(fix: string): string[] {
  const quoted = [...fix.matchAll(/`(asckit [^`]+)`/g)].map((m) => m[1]!);
  const bare = /(?:^|:\s+)(asckit [^`]+?)(?:\s+\(.*)?$/.exec(fix.replace(/`[^`]*`/g, ""))?.[1];
  return [...quoted, ...(bare ? [bare.replace(/[.;]$/, "")] : [])];
}

/** Sample values for the placeholders fixes use, so a line can be run as written. */
const SAMPLES: Record<string, string> = { "--first-name": "Ada", "--last-name": "Lovelace", "--phone": "+14085550100", "--email": "ada@example.com" };
function concrete(words: string[], mediaDir: string): string[] {
  return words.map((w, i) => {
    if (w === "…") return SAMPLES[words[i - 1]!] ?? "sample";
    if (w === "DIR") return words[0] === "screenshots" || words[0] === "previews" ? mediaDir : path.join(dir, "metadata");
    return w;
  });
}

/** The check's fixes, each command run; returns the commands, for the caller's own assertions. */
async function runEveryFix(items: Check[], mediaDir: string): Promise<string[][]> {
  const commands = items.filter((i) => i.status !== "pass" && i.fix).flatMap((i) => commandsIn(i.fix!).map((c) => ({ id: i.id, words: shellWords(c.replace("<build number or id>", "4")).slice(1) })));
  expect(commands.length).toBeGreaterThanOrEqual(4);
  for (const { id, words } of commands) {
    const argv = concrete(words, mediaDir);
    const r = await run(argv);
    expect(r.code, `${id}: asckit ${argv.join(" ")}\n${r.stderr}`).not.toBe(2);
    expect(r.stderr, `${id}: asckit ${argv.join(" ")}`).not.toContain("several apps");
  }
  return commands.map((c) => c.words);
}

describe("fixes of a failing review check on an account with several apps", () => {
  it("iOS: every suggested command names the app and version, and runs", async () => {
    const mediaDir = path.join(dir, "media-ios");
    writePng(mediaDir, "en-US/APP_IPHONE_67/01.png", 1290, 2796);
    const check = await run(["review", "check", "--app", "com.example.demo", "--version", "1.2.0", "--offline", "--json"]);
    expect(check.code, check.stderr).toBe(8);
    const items = (JSON.parse(check.stdout) as { items: Check[] }).items;
    // No build, no What's New, no App Review contact, no screenshots: each failure comes with a command.
    expect(items.filter((i) => i.status === "fail").map((i) => i.id)).toEqual(expect.arrayContaining(["build.attached", "localization.en-US.whatsNew", "review.contact"]));
    const commands = await runEveryFix(items, mediaDir);
    const names = commands.map((w) => w.slice(0, 2).join(" "));
    expect(names).toEqual(expect.arrayContaining(["versions update", "metadata pull", "metadata apply", "review details", "screenshots upload"]));
    for (const words of commands) {
      expect(words.join(" "), "names the app").toContain("--app com.example.demo");
      expect(words.join(" "), "iOS is the default platform").not.toContain("--platform");
    }
  });

  it("macOS: the commands carry --platform MAC_OS as well", async () => {
    expect((await run(["versions", "create", "1.0", "--app", "com.example.demo", "--platform", "MAC_OS", "--copyright", "2025 Example Inc."])).code).toBe(0);
    // The first macOS version has no listing to carry over; a description starts one (the media
    // checks' own "no localizations" fix is the media feature's to word).
    expect((await run(["metadata", "set", "--app", "com.example.demo", "--version", "1.0", "--platform", "MAC_OS", "--description", "Lists and notes."])).code).toBe(0);
    const check = await run(["review", "check", "--app", "com.example.demo", "--version", "1.0", "--platform", "MAC_OS", "--offline", "--json"]);
    expect(check.code, check.stderr).toBe(8);
    const items = (JSON.parse(check.stdout) as { items: Check[] }).items;
    const mediaDir = path.join(dir, "media-mac");
    writePng(mediaDir, "en-US/APP_DESKTOP/01.png", 2880, 1800);
    const commands = await runEveryFix(items, mediaDir);
    for (const words of commands) expect(words.join(" ")).toMatch(/--app com\.example\.demo .*--platform MAC_OS|--platform MAC_OS.*--app com\.example\.demo/);
  });
});
