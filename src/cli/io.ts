import { EXIT } from "./exit-codes.js";

/**
 * The CLI's edges: streams, environment, clock. Injected so commands run in-process in tests.
 */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export function processIO(): CliIO {
  guardClosedPipe(process.stdout);
  guardClosedPipe(process.stderr);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** The reader of a pipe went away (`asckit … | head -1`): a write failed with EPIPE, or came after it. */
export function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "EPIPE" || code === "ERR_STREAM_DESTROYED";
}

const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * Node reports a write to a closed pipe as an `error` event on the stream, which, unhandled, kills
 * the process with a stack trace, in the middle of whatever was being written (help text, a long
 * JSONL report). The reader has gone, so there is nobody to tell and nothing left to do: stop at
 * once, quietly, with the code a shell reports for SIGPIPE (128 + 13). Other stream errors are
 * not ours to hide and are rethrown.
 */
export function guardClosedPipe(stream: NodeJS.WritableStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on("error", (error: unknown) => {
    if (isClosedPipe(error)) exit(EXIT.closedPipe);
    else throw error;
  });
}
