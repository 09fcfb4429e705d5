import path from "node:path";
import { readFileSync } from "node:fs";
import { ValidationError } from "../errors/asckit-error.js";
import { parseEnvReference } from "../workflows/release/metadata-secrets.js";
import { assertReadableFile } from "./check-paths.js";
import type { CommandContext } from "./context.js";

/** How long `-` waits for stdin to end: a pipe from a secret manager is quick, a forgotten one is not. */
const STDIN_SECRET_TIMEOUT_MS = 60_000;


/**
 * A secret flag's value (the demo account password): `env:NAME` reads the environment variable,
 * `@FILE` the file, `-` standard input (a pipe); anything else is the secret itself. A literal
 * still works, since scripts use it, but it stays in shell history and shows in `ps` to every user
 * of the machine, so a one-line note suggests the other forms. Trailing line breaks (what `echo`
 * and editors add) are dropped; an empty secret is refused rather than sent as a blank password.
 * Everything is checked before any request.
 */
export async function readSecretOption(ctx: CommandContext, value: string, flag: string): Promise<string> {
  const usage = (message: string, hint: string) => new ValidationError(message, { field: flag, category: "usage", hint });
  // The same reference metadata files use for the demo account password.
  const env = parseEnvReference(value);
  let secret: string;
  if (env) {
    const name = env.name;
    if (!env.valid) throw usage(`${flag} env:${name}: "${name}" is not an environment variable name.`, "Use env:NAME with letters, digits and _ (e.g. env:ASC_DEMO_ACCOUNT_PASSWORD).");
    secret = ctx.io.env[name] ?? "";
    if (!secret) throw usage(`${flag} env:${name}: ${name} is not set (or is empty).`, `Set it first (e.g. from your CI's secret store), or pass @FILE or - (stdin).`);
  } else if (value.startsWith("@")) {
    const file = path.resolve(ctx.io.cwd, value.slice(1));
    assertReadableFile(file, flag);
    try {
      secret = readFileSync(file, "utf8");
    } catch (error) {
      throw usage(`Cannot read ${flag} file ${file}: ${(error as Error).message}`, "Check the file's permissions.");
    }
  } else if (value === "-") {
    if (ctx.io.stdin.isTTY) throw usage(`${flag} -: standard input is a terminal, where the password would be echoed.`, `Pipe it in (e.g. \`pass show demo | asckit … ${flag} -\`), or use env:NAME or @FILE.`);
    secret = await readAll(ctx.io.stdin, flag);
  } else {
    ctx.info(`note: a password given on the command line stays in your shell history and is visible to other users in \`ps\`; pass ${flag} env:NAME, @FILE or - (stdin) instead`);
    return value;
  }
  secret = secret.replace(/[\r\n]+$/, "");
  if (!secret) throw usage(`${flag} ${value === "-" ? "-" : value}: the password is empty.`, "Put the password itself there, without quotes.");
  return secret;
}

function readAll(stream: NodeJS.ReadableStream, flag: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      cleanup();
      reject(new ValidationError(`${flag} -: standard input did not end within ${STDIN_SECRET_TIMEOUT_MS / 1000} s.`, { field: flag, category: "usage", hint: "Pipe the password in and close the pipe, or use env:NAME or @FILE." }));
    }, STDIN_SECRET_TIMEOUT_MS);
    timer.unref?.();
    const onData = (chunk: Buffer | string) => chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new ValidationError(`${flag} -: cannot read standard input: ${error.message}`, { field: flag, category: "usage" }));
    };
    const cleanup = () => {
      clearTimeout(timer);
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
    };
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("error", onError);
    stream.resume?.();
  });
}
