#!/usr/bin/env node
// Entry point. `--version` is answered here without loading the CLI, so it costs about as much as
// starting node itself; everything else loads the compiled CLI lazily.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // As in the CLI proper (src/cli/io.ts): a reader that has gone away ends us quietly, 128 + SIGPIPE.
  process.stdout.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(141);
    throw error;
  });
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  process.stdout.write(`${pkg.version}\n`);
} else {
  // Ctrl-C in a command without a handler of its own: one line instead of a silent stop, and 130 as a
  // shell reports it. Every command finishes on a re-run without duplicating what is done (README).
  // A command that handles SIGINT itself (builds upload, emulator start, mcp) has its own listener
  // then, and this one stays quiet; once that one is gone, a second Ctrl-C ends here.
  process.on("SIGINT", () => {
    if (process.listenerCount("SIGINT") > 1) return;
    process.stderr.write("\ninterrupted (Ctrl-C): run the same command again to continue; it finishes without repeating what is done.\n");
    process.exit(130);
  });
  const { main } = await import("../dist/cli/main.js");
  process.exitCode = await main(args);
}
