// Runs the CLI in-process against an emulator, capturing stdout and stderr.
import { PassThrough } from "node:stream";
import { main } from "../../../src/cli/main.js";
import type { CliIO } from "../../../src/cli/io.js";
import type { GeneratedApiKey } from "../../../src/emulator/index.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], options: { url: string; key: GeneratedApiKey; now: () => number; cwd: string; env?: Record<string, string>; tty?: boolean }): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stream = (sink: string[], tty: boolean) => {
    const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
    s.on("data", (c: Buffer) => sink.push(c.toString()));
    s.isTTY = tty;
    s.columns = 200;
    return s;
  };
  const io: CliIO = {
    stdout: stream(out, options.tty ?? false),
    stderr: stream(err, false),
    stdin: new PassThrough(),
    env: {
      ASC_BASE_URL: options.url,
      ASC_KEY_ID: options.key.keyId,
      ASC_ISSUER_ID: options.key.issuerId ?? "",
      ASC_PRIVATE_KEY: options.key.privateKeyPem,
      HOME: options.cwd,
      XDG_CONFIG_HOME: options.cwd,
      XDG_CACHE_HOME: options.cwd,
      ...options.env,
    },
    cwd: options.cwd,
    now: options.now,
    sleep: async () => {},
  };
  const code = await main(argv, io);
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out.join(""), stderr: err.join("") };
}
