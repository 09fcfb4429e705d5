// Every command example in skill/*.md runs against an emulator with the built CLI, so the docs an
// agent learns from cannot drift from what asckit does. Lines marked `# exit N` must exit with N
// (and say why on stderr); every command must print something, `--json` ones valid JSON, and
// `# → TEXT` is text the command's output must contain.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDemoIpa } from "../../../src/cli/commands/demo/make-demo-ipa.js";
import { configureReview } from "../../../src/emulator/release/index.js";
import { createPng, paletteFor } from "../../../src/workflows/media/png-writer.js";
import { writeKeyFiles } from "../../../src/emulator/write-key-files.js";
import { pacificYesterday, addDays } from "../../../src/workflows/reports/pacific-time.js";
import { BIN } from "../../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";
import { docCommands, substitute, type DocCommand } from "./doc-commands.js";

const SKILL = path.resolve(__dirname, "../../../skill");
/**
 * api-auth.md starts with no credentials in the environment: it shows how to provide them; the others
 * assume them. The demo's build 3 stays PROCESSING for `processingDelayMs` after the emulator starts:
 * SKILL.md shows a wait that times out, workflows.md one that succeeds.
 */
const FILES: Array<{ name: string; credentials: boolean; processingDelayMs: number }> = [
  { name: "SKILL.md", credentials: true, processingDelayMs: 600_000 },
  { name: "api-auth.md", credentials: false, processingDelayMs: 600_000 },
  { name: "workflows.md", credentials: true, processingDelayMs: 3_000 },
];

/** The files workflows.md names as the reader's own: an archive, screenshots, a tester list. */
async function writeReaderFiles(dir: string): Promise<void> {
  writeFileSync(path.join(dir, "Demo.ipa"), await makeDemoIpa({ bundleId: "com.example.demo", version: "1.2.0", buildNumber: "1", fillerBytes: 2000 }));
  const shots = path.join(dir, "media", "en-US", "APP_IPHONE_67");
  mkdirSync(shots, { recursive: true });
  for (let i = 1; i <= 2; i++) writeFileSync(path.join(shots, `0${i}.png`), createPng({ width: 1290, height: 2796, ...paletteFor(i) }));
  writeFileSync(path.join(dir, "testers.csv"), "email,first name,last name,groups\nmae@example.com,Mae,Jemison,Public Beta\nkatherine@example.com,Katherine,Johnson,\nnot-an-email,Bad,Row,\n");
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runAsckit(args: string[], env: Record<string, string>, cwd: string, longRunning: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", NODE_OPTIONS: "", ...env }, cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let stopped = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`asckit ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 30_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      // A server has started once it printed something: stop it as a user would, with Ctrl-C — a
      // moment later, as a person would (the handler is installed right after the first line).
      if (longRunning && !stopped && stdout.includes("\n")) {
        stopped = true;
        setTimeout(() => child.kill("SIGINT"), 300);
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: signal ? `${stderr}(killed by ${signal})` : stderr });
    });
    if (!longRunning) child.stdin.end();
  });
}

for (const file of FILES) {
  const markdown = readFileSync(path.join(SKILL, file.name), "utf8");
  const commands = docCommands(file.name, markdown);

  describe(`skill/${file.name}`, () => {
    let emu: TestEmulator;
    let work: string;
    let env: Record<string, string>;
    let values: Record<string, string>;

    beforeAll(async () => {
      emu = await startTestEmulator({ processingDelayMs: file.processingDelayMs });
      // App Review in seconds rather than the emulator's default quarter minute.
      configureReview(emu.emulator.engine, { waitingForReviewMs: 500, inReviewMs: 1000, cancelingMs: 200 });
      work = mkdtempSync(path.join(os.tmpdir(), "asckit-docs-"));
      await writeReaderFiles(work);
      const individual = await emu.emulator.createApiKey({ individual: true });
      const individualFiles = writeKeyFiles(path.join(work, "individual-key"), individual);
      const demo = emu.emulator.demo!;
      const to = pacificYesterday(Date.now());
      values = {
        APP_ID: demo.appId,
        BUILD_ID: demo.buildIds["2"],
        PROCESSING_BUILD_ID: demo.buildIds["3"],
        KEY_ID: emu.key.keyId,
        ISSUER_ID: emu.key.issuerId ?? "",
        KEY_PATH: emu.files.p8Path,
        KEY_JSON: emu.files.jsonPath,
        INDIVIDUAL_KEY_ID: individual.keyId,
        INDIVIDUAL_KEY_PATH: individualFiles.p8Path,
        BASE_URL: emu.emulator.url,
        VENDOR_NUMBER: "85000001",
        FROM: addDays(to, -6),
        TO: to,
        // A fiscal month settled a while ago: its finance reports exist.
        FINANCE_MONTH: addDays(to, -70).slice(0, 7),
      };
      const base: Record<string, string> = { ASCKIT_CONFIG_DIR: path.join(work, "config"), ASCKIT_CACHE_DIR: path.join(work, "cache"), HOME: work, TMPDIR: work };
      env = file.credentials ? { ...emu.env, ...base } : { ...base };
    });
    afterAll(async () => {
      await emu?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it("has examples to run", () => {
      expect(commands.filter((c) => c.kind === "run").length).toBeGreaterThanOrEqual(5);
    });

    for (const command of commands) {
      const where = `${command.file}:${command.line}`;
      it(`${where} ${command.text}`, async () => {
        await runDocCommand(command, where);
      });
    }

    async function runDocCommand(command: DocCommand, where: string) {
      const lookup = { ...values, ...env };
      if (command.kind === "export") {
        for (const word of command.words) {
          const eq = word.indexOf("=");
          if (eq <= 0) throw new Error(`${where}: export needs NAME=value`);
          env[word.slice(0, eq)] = substitute(word.slice(eq + 1), lookup, where);
        }
        return;
      }
      if (command.kind === "unset") {
        for (const name of command.words) delete env[name];
        return;
      }
      const args = command.words.map((w) => substitute(w, lookup, where));
      const extra = Object.fromEntries(Object.entries(command.assignments).map(([k, v]) => [k, substitute(v, lookup, where)]));
      const result = await runAsckit(args, { ...env, ...extra }, work, command.longRunning);
      const context = `${where}: asckit ${args.join(" ")}\nexit ${result.code}\nstdout: ${result.stdout.slice(0, 2000)}\nstderr: ${result.stderr.slice(0, 2000)}`;
      expect(result.code, context).toBe(command.expectedExit);
      // Exit codes alone would pass a command that printed nothing or the wrong thing.
      const printed = `${result.stdout}\n${result.stderr}`;
      expect(printed.trim(), `${context}\n(printed nothing)`).not.toBe("");
      if (command.expectedExit === 0 && args.includes("--json")) {
        expect(result.stdout.trim(), `${context}\n(--json printed nothing on stdout)`).not.toBe("");
        // One JSON document, or JSON lines for the report commands that stream rows.
        const lines = result.stdout.trim().split("\n");
        expect(() => (lines.length > 1 && lines[0]!.startsWith("{") && !lines[0]!.endsWith("{") ? lines.forEach((l) => JSON.parse(l)) : JSON.parse(result.stdout)), `${context}\n(--json output is not JSON)`).not.toThrow();
      }
      if (command.expectedExit !== 0) expect(result.stderr.trim(), `${context}\n(a failure says why on stderr)`).not.toBe("");
      if (command.shows !== undefined) expect(printed, `${context}\n(the doc says it prints this)`).toContain(substitute(command.shows, lookup, where));
      for (const text of [result.stdout, result.stderr]) {
        expect(text, context).not.toContain(emu.key.privateKeyPem.split("\n")[1]!);
        expect(text, context).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
      }
    }
  });
}
