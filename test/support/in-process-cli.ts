// Runs `main()` in-process with captured streams, a controlled environment and a fake clock, for
// tests that assert on what the CLI prints (error lines, hints, notes) without spawning a process.
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { main } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/io.js";

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** stdin and stderr are terminals (for confirmations). */
  tty?: boolean;
  /** Lines typed at a confirmation prompt. */
  input?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export async function runMain(argv: string[], options: InProcessOptions = {}): Promise<InProcessRun> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (lines: string[], tty: boolean) => {
    const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
    s.on("data", (c: Buffer) => lines.push(c.toString()));
    s.isTTY = tty;
    s.columns = 160;
    return s;
  };
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = options.tty ?? false;
  if (options.input !== undefined) stdin.end(options.input);
  const io: CliIO = {
    stdout: sink(out, false),
    stderr: sink(err, options.tty ?? false),
    stdin,
    // A config dir of its own, so a profile saved on this machine never fills a gap.
    env: { ASCKIT_CONFIG_DIR: path.join(os.tmpdir(), "asckit-no-profiles"), ...options.env },
    cwd: options.cwd ?? process.cwd(),
    now: options.now ?? Date.now,
    sleep: options.sleep ?? (async () => {}),
  };
  const code = await main(argv, io);
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out.join(""), stderr: err.join("") };
}
