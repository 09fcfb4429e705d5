// Every `asckit …` command that a builds or TestFlight error hint tells the user to run must be a
// command line the CLI accepts. Each one is run in-process without credentials: a line the CLI
// cannot parse ends in exit 2 (usage) before anything else; one it accepts gets as far as needing
// credentials (exit 3) or a local check of its sample values (exit 8), and never reaches a network.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { commands } from "../../../src/cli/commands/index.js";
import { main } from "../../../src/cli/main.js";
import { checkBetaReadiness } from "../../../src/workflows/testflight/beta-readiness.js";

const ROOT = path.resolve(__dirname, "../../..");
const SOURCES = ["src/workflows/builds", "src/workflows/builds.ts", "src/workflows/testflight"];
const home = mkdtempSync(path.join(os.tmpdir(), "asckit-hints-"));
// The sample FILE exists (a missing path is a usage error, exit 2, like a line that does not parse)
// and is no package, so a command that reads it stops at the local check (exit 8), before any request.
writeFileSync(path.join(home, "Demo.ipa"), "not a zip");
afterAll(() => rmSync(home, { recursive: true, force: true }));

function sourceFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full).flatMap((name) => sourceFiles(path.join(entry, name)));
}

/** `asckit …` between backticks, in plain strings or (escaped) in template literals. */
function quotedCommands(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/\\?`(asckit [^`\\]*)\\?`/g)].map((m) => m[1]!.trim());
}

/** Sample values for the placeholders hints use, so the line can be run as written. */
const SAMPLES: Array<[RegExp, string]> = [
  [/\$\{appFlag\}/g, "--app 6450000001"],
  [/\$\{locale\}/g, "en-US"],
  [/\$\{[^}]*bundleId[^}]*\}/gi, "com.example.demo"],
  [/\$\{[^}]*\}/g, "0a1b2c3d-1111-2222-3333-444455556666"],
  [/<app>|\bAPP\b/g, "com.example.demo"],
  [/\bEMAIL\b|\bADDRESS\b/g, "ada@example.com"],
  [/\bNAME\b/g, "QA"],
  [/\bNUMBER\b/g, "+14085550100"],
  [/\bURL\b/g, "https://example.com/privacy"],
  [/\bPASSWORD\b/g, "s3cret-pass"],
  [/\bTEXT\b/g, "Demo"],
  [/\bFILE\b/g, "Demo.ipa"],
];
const concrete = (line: string) => SAMPLES.reduce((text, [pattern, value]) => text.replace(pattern, value), line);
/** `false|true` in a hint means either: both must parse. */
const alternatives = (line: string): string[] => {
  const words = line.split(/\s+/);
  const i = words.findIndex((w) => /^[\w-]+(\|[\w-]+)+$/.test(w));
  if (i < 0) return [line];
  return words[i]!.split("|").flatMap((choice) => alternatives([...words.slice(0, i), choice, ...words.slice(i + 1)].join(" ")));
};

const known = new Set(commands.map((c) => (c.verb ? `${c.noun} ${c.verb}` : c.noun)));
/** The command a line names (longest known prefix), and whether anything follows it. */
function commandOf(words: string[]): { name: string | undefined; rest: string[] } {
  for (let n = Math.min(3, words.length); n > 0; n--) {
    const name = words.slice(0, n).join(" ");
    if (known.has(name)) return { name, rest: words.slice(n) };
  }
  return { name: undefined, rest: words };
}

async function exitOf(words: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const out = new Writable({ write: (_chunk, _enc, done) => done() });
  const err = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      stderr += chunk.toString();
      done();
    },
  });
  const stdin = new PassThrough();
  stdin.end();
  const code = await main(words, {
    stdout: out,
    stderr: err,
    stdin,
    env: { ASCKIT_CONFIG_DIR: path.join(home, "config"), HOME: home },
    cwd: home,
    now: () => Date.now(),
    sleep: async () => undefined,
  });
  return { code, stderr };
}

const fromSources = [...new Set(SOURCES.flatMap(sourceFiles).flatMap(quotedCommands))].filter((c) => !c.includes("${flag}"));
// beta-readiness builds its fixes from a table (`${flag}`): take the real ones it produces.
const readinessFixes = checkBetaReadiness({ localizations: [], reviewDetail: { type: "betaAppReviewDetails", id: "x", attributes: { demoAccountRequired: true }, relationships: {} } as never }, { id: "6450000001", primaryLocale: "en-US" })
  .map((i) => i.fix!)
  .filter(Boolean);

describe("commands quoted in builds and TestFlight hints", () => {
  it("finds the hints (so this test cannot pass by reading nothing)", () => {
    expect(fromSources).toContain("asckit api DELETE /v1/buildUploads/${upload.id}");
    expect(fromSources).toContain("asckit builds compliance ${buildId} --uses-non-exempt-encryption false|true");
    expect(readinessFixes.length).toBeGreaterThanOrEqual(7);
  });

  for (const line of [...fromSources, ...readinessFixes]) {
    it(line, async () => {
      const words = concrete(line).split(/\s+/).slice(1);
      const { name, rest } = commandOf(words);
      expect(name, `${line}: no such command`).toBeDefined();
      // A bare command name ("see `asckit builds list`") only has to exist.
      if (!rest.length) return;
      for (const variant of alternatives(words.join(" "))) {
        // --yes: a hint is run on a terminal, where irreversible commands ask first; here nobody can answer.
        const { code, stderr } = await exitOf([...variant.split(" "), "--yes"]);
        expect(code, `asckit ${variant}\n${stderr}`).not.toBe(2);
        expect([3, 8], `asckit ${variant}\n${stderr}`).toContain(code);
      }
    });
  }

  it("the old `asckit api call DELETE …` would not have parsed", async () => {
    const old = await exitOf(["api", "call", "DELETE", "/v1/buildUploads/0a1b2c3d", "--yes"]);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/^error: /);
  });
});
