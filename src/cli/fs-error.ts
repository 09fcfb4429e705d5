import { statSync } from "node:fs";
import path from "node:path";
import { AsckitError } from "../errors/asckit-error.js";

/**
 * Node's filesystem errors ("ENOENT: no such file or directory, open '/nonexistent/x.csv'") put the
 * errno first and the path last, and say "file" when it is the directory that is missing. These
 * helpers turn them into one plain line that names what is actually wrong, shared by main.ts (for
 * errors that escape a command) and check-paths.ts (for commands that check their paths early).
 */

/** The path named is wrong (missing, of the wrong kind, in the way): the user's to fix, so a usage error. */
const WRONG_PATH_CODES = new Set(["ENOENT", "ENOTDIR", "EISDIR", "EEXIST"]);
/** Refused by permissions: a usage error for a path the user chose, not for asckit's own files. */
const PERMISSION_CODES = new Set(["EACCES", "EPERM"]);

export interface FsProblem {
  /** e.g. "no such directory: /nonexistent" */
  message: string;
  hint: string;
}

/**
 * A Node filesystem error: an errno code, the syscall that failed and the path it was given. A
 * network error may carry a code and a request path too (asckit's NetworkError does), but no
 * syscall on a file, so it is left for the caller to explain as what it is.
 */
function isPathError(error: unknown): error is NodeJS.ErrnoException & { path: string; code: string; syscall: string } {
  if (!(error instanceof Error) || error instanceof AsckitError) return false;
  const e = error as NodeJS.ErrnoException;
  return typeof e.path === "string" && typeof e.syscall === "string" && typeof e.code === "string" && /^E[A-Z0-9]+$/.test(e.code);
}

/**
 * Describe an errno `code` for `target` (absolute or relative) in plain words. `kind` says what the
 * target was meant to be when the caller knows it ("file" for an `open`, "directory" for a listing).
 */
export function describePathProblem(code: string, target: string, kind?: "file" | "directory"): FsProblem {
  const full = path.resolve(target);
  switch (code) {
    case "ENOENT": {
      const missing = firstMissing(full);
      if (missing === full) return { message: `no such ${kind ?? "file or directory"}: ${full}`, hint: "Check the path and the current directory." };
      return { message: `no such directory: ${missing}`, hint: "Create the directory first, or choose a path in an existing one." };
    }
    case "ENOTDIR": {
      const file = firstNonDirectory(full);
      return { message: `not a directory: ${file ?? full}`, hint: "A file sits where a directory was expected; choose another path." };
    }
    case "EISDIR":
      return { message: `is a directory, expected a file: ${full}`, hint: "Name a file, not a directory." };
    case "EACCES":
    case "EPERM":
      return { message: `permission denied: ${full}`, hint: "Check the permissions of the file and its directory, or choose another path." };
    case "EEXIST":
      return { message: `already exists: ${full}`, hint: "Remove it or choose another path." };
    case "EROFS":
      return { message: `read-only file system: ${full}`, hint: "Choose a path on a writable disk." };
    case "ENOSPC":
      return { message: `no space left on the device while writing ${full}`, hint: "Free some disk space or choose another disk." };
    default:
      return { message: `cannot use ${full} (${code})`, hint: "Check the path." };
  }
}

/** The plain-words problem for an errno error that names a path, or undefined for any other error. */
export function describeFsError(error: unknown): FsProblem | undefined {
  if (!isPathError(error)) return undefined;
  // mkdir -p over an existing file says EEXIST; what the user needs to hear is "not a directory".
  if (error.code === "EEXIST" && error.syscall === "mkdir") return describePathProblem("ENOTDIR", error.path);
  return describePathProblem(error.code, error.path, kindOfSyscall(error.syscall));
}

/**
 * Whether a filesystem error is the user's input to fix (exit 2) or a failure of the machine (exit 1):
 * a wrong path (ENOENT, ENOTDIR, EISDIR, EEXIST) is input; a full or read-only disk (ENOSPC, EROFS),
 * I/O errors and the rest are not. Permission errors count as input unless the path is inside one of
 * `ownDirs` (asckit's config and cache directories, which asckit chose, not the user).
 */
export function isUsageFsError(error: unknown, ownDirs: readonly string[], cwd: string): boolean {
  if (!isPathError(error)) return false;
  if (WRONG_PATH_CODES.has(error.code)) return true;
  if (!PERMISSION_CODES.has(error.code)) return false;
  const full = path.resolve(cwd, error.path);
  return !ownDirs.some((dir) => {
    const rel = path.relative(path.resolve(dir), full);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
  });
}

/** What a failed syscall was working on, as far as the syscall name tells. */
function kindOfSyscall(syscall: string | undefined): "file" | "directory" | undefined {
  if (syscall === "open" || syscall === "unlink" || syscall === "copyfile") return "file";
  if (syscall === "scandir" || syscall === "opendir" || syscall === "rmdir" || syscall === "mkdir") return "directory";
  return undefined;
}

/** The shortest prefix of `full` that does not exist (the thing the user mistyped or forgot to create). */
function firstMissing(full: string): string {
  let missing = full;
  for (let dir = path.dirname(full); dir !== missing; dir = path.dirname(dir)) {
    if (exists(dir)) break;
    missing = dir;
  }
  return missing;
}

/** The ancestor of `full` that exists but is not a directory, if any. */
function firstNonDirectory(full: string): string | undefined {
  const chain: string[] = [];
  for (let p = full; ; p = path.dirname(p)) {
    chain.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of chain) {
    const stat = statOrUndefined(p);
    if (!stat) return undefined;
    if (!stat.isDirectory()) return p;
  }
  return undefined;
}

const statOrUndefined = (p: string) => {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
};
const exists = (p: string) => statOrUndefined(p) !== undefined;
