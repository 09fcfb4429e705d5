import os from "node:os";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { defaultConfigDir } from "../auth/profile-store.js";
import { AsckitError } from "../errors/asckit-error.js";
import { redactSecrets } from "../errors/redact.js";
import { commands } from "./commands/index.js";
import { reportCacheDir } from "./commands/reports/cache-dir.js";
import { createCommandContext, type GlobalOptions } from "./context.js";
import type { CommandSpec } from "./define-command.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { describeFsError, isUsageFsError } from "./fs-error.js";
import { isClosedPipe, processIO, type CliIO } from "./io.js";
import { makeClient } from "./make-client.js";
import { VERSION } from "./version.js";

/** The one place the CLI turns results and errors into an exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  // Handled here, not as a commander option: commander would take `--version` from anywhere on the
  // line, and `builds list --version 1.2.0` means the marketing version.
  if (argv[0] === "--version" || argv[0] === "-V") {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  let exitCode: number = EXIT.ok;
  let debug = argv.includes("--debug");
  let command: string | undefined;
  const program = buildProgram(io, (code) => (exitCode = code), (d, name) => ((debug = d), (command = name)));
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(io, error, debug, command);
  }
}

function buildProgram(io: CliIO, setExit: (code: number) => void, setDebug: SetStarted): Command {
  const program = new Command("asckit")
    .description("App Store Connect from the command line: apps, builds, TestFlight, releases, reports.")
    .addHelpText("after", "\nRun `asckit --version` for the version. Exit codes are listed in the README.")
    .option("--json", "print JSON (the default when stdout is not a terminal)")
    .addOption(new Option("-o, --output <format>", "output format").choices(["table", "json", "tsv"]))
    .option("-v, --verbose", "log each request on stderr (method, path, status, time, retries, rate limit)")
    .option("--debug", "print stack traces for unexpected errors")
    .option("-y, --yes", "answer yes to confirmations (needed for irreversible actions without a terminal)")
    .option("--profile <name>", "use this saved profile (see `asckit auth list`)")
    .option("--key-id <id>", "API key id (env ASC_KEY_ID)")
    .option("--issuer-id <uuid>", "issuer id for team keys; omit for individual keys (env ASC_ISSUER_ID)")
    .option("--private-key-path <file>", "path to the .p8 private key (env ASC_PRIVATE_KEY_PATH)")
    .option("--api-key-file <file>", "fastlane API key JSON file (key_id, issuer_id, key or key_filepath)")
    .option("--base-url <url>", "API base URL, e.g. an emulator (env ASC_BASE_URL)")
    .showHelpAfterError(helpHint("asckit"))
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();

  const nouns = new Map<string, Command>();
  for (const spec of commands) {
    let target: Command;
    if (spec.verb) {
      // A noun may be a path ("testflight groups"); each level is a command of its own.
      let parent = program;
      let path = "";
      for (const part of spec.noun.split(" ")) {
        path = path ? `${path} ${part}` : part;
        let noun = nouns.get(path);
        if (!noun) {
          noun = parent.command(part).description(nounDescriptions[path] ?? part).exitOverride().showHelpAfterError(helpHint(`asckit ${path}`));
          noun.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
          nouns.set(path, noun);
        }
        parent = noun;
      }
      target = parent.command(spec.verb);
    } else {
      target = program.command(spec.noun);
    }
    configure(target, spec, io, setExit, setDebug);
  }
  return program;
}

function configure(cmd: Command, spec: CommandSpec, io: CliIO, setExit: (code: number) => void, setDebug: SetStarted): void {
  cmd.description(spec.summary).exitOverride().showHelpAfterError(helpHint(["asckit", spec.noun, spec.verb].filter(Boolean).join(" ")));
  cmd.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const arg of spec.args ?? []) cmd.argument(arg);
  for (const o of spec.options ?? []) {
    const option = new Option(o.flags, o.description);
    if (o.default !== undefined) option.default(o.default);
    if (o.choices) option.choices(o.choices);
    if (o.repeatable) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    cmd.addOption(option);
  }
  if (spec.helpText) cmd.addHelpText("after", `\n${spec.helpText.trimEnd()}`);
  if (spec.examples?.length) cmd.addHelpText("after", `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join("\n")}\n`);
  cmd.action(async (...actionArgs: unknown[]) => {
    const command = actionArgs[actionArgs.length - 1] as Command;
    const options = command.opts();
    const global = command.optsWithGlobals() as GlobalOptions;
    setDebug(Boolean(global.debug), ["asckit", spec.noun, spec.verb].filter(Boolean).join(" "));
    const positional = actionArgs.slice(0, -2).map((a) => (Array.isArray(a) ? a.join(" ") : (a as string | undefined) ?? "")) as string[];
    const ctx = createCommandContext(io, global, () => makeClient(io, global));
    const code = await spec.run(ctx, positional, options);
    setExit(typeof code === "number" ? code : EXIT.ok);
  });
}

const nounDescriptions: Record<string, string> = {
  auth: "API keys and profiles",
  apps: "apps on App Store Connect",
  builds: "builds and their processing",
  ipa: "inspect app packages (.ipa, .pkg) before uploading",
  "bundle-ids": "bundle identifiers (App IDs)",
  emulator: "the local App Store Connect API emulator",
  versions: "App Store versions: create, build, release type, release",
  metadata: "the App Store listing as files: pull, plan, apply",
  review: "App Review: preflight, submit, status, cancel, contact details",
  "phased-release": "7-day phased release of an App Store version",
  screenshots: "App Store screenshots per locale and display type",
  previews: "App Store app previews (videos) per locale and preview type",
  reports: "sales, trends and finance reports",
  analytics: "Analytics Reports API",
  testflight: "TestFlight: distribute builds, beta groups, beta app information",
  "testflight groups": "internal and external beta groups",
  "testflight info": "beta app information and Beta App Review contact",
  "testflight what-to-test": "What to Test notes per build and locale",
  testers: "beta testers: add, remove, invite, import and export",
};

/** Where asckit keeps its own files (profiles, upload journals; report cache): not paths the user passed. */
function ownDirs(io: CliIO): string[] {
  const home = io.env.HOME ?? os.homedir();
  return [path.resolve(io.cwd, defaultConfigDir(io.env, home)), reportCacheDir(io, undefined)];
}

/** The hint line under a flag or argument error commander reports: where that command's usage is. */
const helpHint = (command: string) => `hint: \`${command} --help\` shows the usage and examples.`;

/** Called as a command starts: whether --debug is on, and the command's name for the fallback hint. */
type SetStarted = (debug: boolean, command: string) => void;

function reportError(io: CliIO, error: unknown, debug: boolean, command: string | undefined): number {
  const say = (line: string) => io.stderr.write(`${redactSecrets(line)}\n`);
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
    // `asckit help …` shows help on request (exit 0); bare `asckit` or `asckit apps` without a verb
    // gets help on stderr as a usage error, so a script with a missing verb does not pass silently.
    if (error.code === "commander.help") return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    // Commander already printed its message.
    return EXIT.usage;
  }
  // Whoever reads our output has gone (`asckit … | head -1`): nothing more can be said to them.
  if (isClosedPipe(error)) return EXIT.closedPipe;
  if (error instanceof AsckitError) {
    say(`error: ${error.message}`);
    const associated = (error as { associatedErrors?: unknown }).associatedErrors;
    if (Array.isArray(associated)) for (const line of associated) say(`  - ${String(line)}`);
    if (error.hint) say(`hint: ${error.hint}`);
    // Bad input always gets a next step: where no specific one was given, the command's own help.
    else if (command && (error.category === "usage" || error.category === "validation")) say(`hint: \`${command} --help\` shows its options and examples.`);
    if (debug && error.stack) say(error.stack);
    return exitCodeFor(error.category);
  }
  // A filesystem error gets one plain line either way; a path the user gave that cannot be used
  // (ENOENT, EISDIR, EACCES…) is their input (exit 2), a full or read-only disk is a failure (exit 1).
  const fsProblem = describeFsError(error);
  if (fsProblem) {
    say(`error: ${fsProblem.message}`);
    say(`hint: ${fsProblem.hint}`);
    if (debug && error instanceof Error && error.stack) say(error.stack);
    return isUsageFsError(error, ownDirs(io), io.cwd) ? EXIT.usage : EXIT.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  say(`error: unexpected failure: ${message}`);
  if (debug && error instanceof Error && error.stack) say(error.stack);
  else say("hint: re-run with --debug for details, and report it if it persists.");
  return EXIT.failure;
}
