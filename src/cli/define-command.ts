import type { CommandContext } from "./context.js";

export interface OptionSpec {
  /** Commander flag syntax, e.g. `--timeout <duration>` or `--yes`. */
  flags: string;
  description: string;
  default?: string | boolean;
  /** Restrict to these values (checked by commander before the command runs). */
  choices?: readonly string[];
  /** The flag may be given several times; the values arrive as an array. */
  repeatable?: boolean;
}

/**
 * One `asckit <noun> <verb>` command. Command files stay light: they import their workflow lazily
 * inside `run`, so starting the CLI loads only what the chosen command needs.
 */
export interface CommandSpec {
  noun: string;
  verb?: string;
  summary: string;
  /** Commander argument syntax, e.g. `<id>` or `[file]`. */
  args?: readonly string[];
  options?: readonly OptionSpec[];
  examples?: readonly string[];
  /** Extra help after the options, e.g. which global flags the command reads (commander lists only its own). */
  helpText?: string;
  run(ctx: CommandContext, args: string[], options: Record<string, unknown>): Promise<number | void>;
}

export const defineCommand = (spec: CommandSpec): CommandSpec => spec;
