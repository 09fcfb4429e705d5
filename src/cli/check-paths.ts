import { accessSync, constants, statSync, type Stats } from "node:fs";
import path from "node:path";
import { ValidationError } from "../errors/asckit-error.js";
import { describePathProblem } from "./fs-error.js";

/**
 * Early path checks for commands: fail in the first millisecond with one clear line ("--out: no
 * such directory: /nonexistent", exit 2) instead of after a long download or upload. Paths should
 * already be resolved against `ctx.io.cwd`; relative ones resolve against the process's directory.
 * `flag` is the option ("--out") or, for a positional argument, its name ("FILE").
 * The checks are advisory (the file system can change afterwards), so the write itself must still
 * handle errors; main.ts explains any that escape.
 */

/** `file` exists, is not a directory, and can be read. */
export function assertReadableFile(file: string, flag: string): void {
  const full = path.resolve(file);
  const stat = statOrFail(full, flag, "file");
  if (stat.isDirectory()) fail(flag, "EISDIR", full);
  accessOrFail(full, constants.R_OK, flag);
}

/** `dir` exists, is a directory, and can be listed. */
export function assertReadableDirectory(dir: string, flag: string): void {
  const full = path.resolve(dir);
  const stat = statOrFail(full, flag, "directory");
  if (!stat.isDirectory()) fail(flag, "ENOTDIR", full);
  accessOrFail(full, constants.R_OK | constants.X_OK, flag);
}

/**
 * A media input (`screenshots upload DIR`, `review check --media DIR`): a folder, or a .json manifest.
 * What exists is checked as what it is; a missing path is named as a file when it ends in .json
 * (the manifest was meant) and as a directory otherwise.
 */
export function assertMediaInput(source: string, flag: string): void {
  const full = path.resolve(source);
  const stat = statOrUndefined(full);
  if (stat ? stat.isDirectory() : path.extname(full).toLowerCase() !== ".json") assertReadableDirectory(full, flag);
  else assertReadableFile(full, flag);
}

export interface WritableTargetOptions {
  /** What will be written at `target`: a file (default) or a directory of files. */
  kind?: "file" | "directory";
  /**
   * Whether the command creates missing parent directories (mkdir -p). Default: false for a file,
   * true for a directory.
   */
  createParents?: boolean;
}

/**
 * `target` can be written: if it exists it is of the right kind and writable; otherwise its parent
 * directory exists (or, with `createParents`, its nearest existing ancestor is a directory) and is
 * writable.
 */
export function assertWritableTarget(target: string, flag: string, options: WritableTargetOptions = {}): void {
  const kind = options.kind ?? "file";
  const createParents = options.createParents ?? kind === "directory";
  const full = path.resolve(target);
  const stat = statOrUndefined(full);
  if (stat) {
    if (kind === "file" && stat.isDirectory()) fail(flag, "EISDIR", full);
    if (kind === "directory" && !stat.isDirectory()) fail(flag, "ENOTDIR", full);
    accessOrFail(full, constants.W_OK, flag);
    return;
  }
  let parent = path.dirname(full);
  if (createParents) {
    while (!statOrUndefined(parent) && path.dirname(parent) !== parent) parent = path.dirname(parent);
  }
  const parentStat = statOrUndefined(parent);
  // describePathProblem names the first missing directory, or the file in the way.
  if (!parentStat) fail(flag, "ENOENT", full);
  if (!parentStat.isDirectory()) fail(flag, "ENOTDIR", full);
  accessOrFail(parent, constants.W_OK | constants.X_OK, flag);
}

function fail(flag: string, code: string, target: string, kind?: "file" | "directory"): never {
  const problem = describePathProblem(code, target, kind);
  // A flag is named ("--out: no such directory: /x"); a positional argument is the path itself.
  const message = flag.startsWith("-") ? `${flag}: ${problem.message}` : problem.message;
  throw new ValidationError(message, { category: "usage", field: flag, hint: problem.hint });
}

function statOrFail(full: string, flag: string, kind: "file" | "directory"): Stats {
  try {
    return statSync(full);
  } catch (error) {
    fail(flag, (error as NodeJS.ErrnoException).code ?? "ENOENT", full, kind);
  }
}

function accessOrFail(full: string, mode: number, flag: string): void {
  try {
    accessSync(full, mode);
  } catch (error) {
    fail(flag, (error as NodeJS.ErrnoException).code ?? "EACCES", full);
  }
}

function statOrUndefined(full: string): Stats | undefined {
  try {
    return statSync(full);
  } catch {
    return undefined;
  }
}
