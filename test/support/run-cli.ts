// Spawns the built CLI (`node bin/asckit.js`) the way a user runs it, with a controlled environment.
import { spawn } from "node:child_process";
import path from "node:path";

export const BIN = path.resolve(__dirname, "../../bin/asckit.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `closeStdout`: close the reading end of stdout at once, like `asckit … | head -0` (the CLI then meets EPIPE). */
export function runCli(args: string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number; closeStdout?: boolean } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", NODE_OPTIONS: "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    if (options.closeStdout) child.stdout.destroy();
    else child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`asckit ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Parses stdout as JSON, failing with the CLI's output when it is not. */
export function json<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
