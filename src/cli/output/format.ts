import { ValidationError } from "../../errors/asckit-error.js";

export type OutputFormat = "table" | "json" | "tsv";

/** A table on a TTY; JSON when piped; `--json` or `--output` override. */
export function chooseFormat(options: { json?: boolean; output?: string }, stdoutIsTTY: boolean): OutputFormat {
  if (options.json) return "json";
  if (options.output) {
    if (options.output === "table" || options.output === "json" || options.output === "tsv") return options.output;
    throw new ValidationError(`Unknown output format "${options.output}".`, {
      category: "usage",
      field: "--output",
      hint: "Use --output table, json or tsv.",
    });
  }
  return stdoutIsTTY ? "table" : "json";
}
