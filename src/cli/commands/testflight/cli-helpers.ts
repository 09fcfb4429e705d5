// Small parsing and printing helpers shared by the testflight and testers commands.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ValidationError } from "../../../errors/asckit-error.js";
import type { CheckItem } from "../../../workflows/checklist.js";
import { assertReadableFile } from "../../check-paths.js";
import type { CommandContext } from "../../context.js";

export function requireOption(value: unknown, flag: string, hint?: string): string {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  throw new ValidationError(`${flag} is required.`, { field: flag, category: "usage", ...(hint ? { hint } : {}) });
}

/**
 * "TEXT" or "@FILE" (read relative to the working directory). With `bareFiles` (flags documented as
 * TEXT|FILE) a plain argument is read as a file only when it is shaped like a path: it has a `/` or
 * `\\`, or ends in .txt/.md (.markdown/.text). Such an argument that names no file is refused,
 * since sending the file's name as the notes is never what was meant, unless it has a space in it
 * ("Test login/logout twice"), which makes it text. Any other word is text even when a file of that
 * name exists: `--what-to-test notes` next to a file `notes` or `.env` must not send that file to
 * external testers. `./notes` or `@notes` reads it.
 */
export function textOrFile(value: string, flag: string, cwd: string, options: { bareFiles?: boolean } = {}): string {
  if (value.startsWith("@")) return readText(path.resolve(cwd, value.slice(1)), flag);
  if (!options.bareFiles || !/[/\\]|\.(txt|md|markdown|text)$/i.test(value)) return value;
  const candidate = path.resolve(cwd, value);
  let isFile = false;
  try {
    isFile = statSync(candidate).isFile();
  } catch {
    isFile = false;
  }
  if (isFile) return readText(candidate, flag);
  if (!/\s/.test(value)) {
    throw new ValidationError(`${flag} ${value}: no such file (${candidate}).`, {
      field: flag,
      category: "usage",
      hint: "Check the path. To send text that only looks like a path, write it with a space or put it in a file and pass @FILE.",
    });
  }
  return value;
}

function readText(file: string, flag: string): string {
  assertReadableFile(file, flag); // one clear line (missing, a directory, unreadable) before anything is sent
  try {
    return readFileSync(file, "utf8").replace(/\s+$/, "");
  } catch (error) {
    throw new ValidationError(`Cannot read ${flag} file ${file}: ${(error as Error).message}`, { field: flag, category: "usage" });
  }
}

export function parseBoolean(value: unknown, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  const text = String(value).toLowerCase();
  if (text === "true" || text === "yes") return true;
  if (text === "false" || text === "no") return false;
  throw new ValidationError(`${flag} must be true or false, got "${String(value)}".`, { field: flag, category: "usage" });
}

export function parseCount(value: unknown, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ValidationError(`${flag} must be a whole number from ${min} to ${max}, got "${String(value)}".`, { field: flag, category: "usage" });
  return n;
}

/** Comma-separated and/or repeated flag values. */
export function listOption(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((v) => String(v).split(",")).map((v) => v.trim()).filter(Boolean);
}

/** Variadic arguments arrive joined by spaces. */
export const splitArgs = (value: string | undefined) => (value ?? "").split(/[\s,]+/).filter(Boolean);

export function printChecklist(ctx: CommandContext, items: readonly CheckItem[]): void {
  const mark = { pass: "✓", fail: "✗", warn: "!" } as const;
  for (const item of items) ctx.info(`  ${mark[item.status]} ${item.message}${item.fix ? `\n      fix: ${item.fix}` : ""}`);
}
