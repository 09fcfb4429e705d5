import { ValidationError } from "../errors/asckit-error.js";
import type { CliIO } from "./io.js";
import { chooseFormat, type OutputFormat } from "./output/format.js";
import { createProgress, type Progress } from "./output/progress.js";
import { renderTable, renderTsv, tableWidth, type Column } from "./output/table.js";
import type { AscClient } from "../client/index.js";

/** Flags every command accepts. */
export interface GlobalOptions {
  json?: boolean;
  output?: string;
  verbose?: boolean;
  debug?: boolean;
  yes?: boolean;
  profile?: string;
  keyId?: string;
  issuerId?: string;
  privateKeyPath?: string;
  apiKeyFile?: string;
  baseUrl?: string;
}

export interface CommandContext {
  io: CliIO;
  global: GlobalOptions;
  format: OutputFormat;
  /** An authenticated client from flags > env > profile; created on first use. */
  client(): Promise<AscClient>;
  /** Writes data to stdout as a table, JSON or TSV. */
  printRows<T>(rows: readonly T[], columns: readonly Column<T>[], json?: (row: T) => unknown): void;
  /** Writes one record (an object) to stdout. */
  printRecord(record: Record<string, unknown>, tableOrder?: readonly string[]): void;
  /** A line of progress or information on stderr. */
  info(line: string): void;
  progress(label: string): Progress;
  /** Asks on a TTY; without a TTY the action needs `--yes`. */
  confirm(question: string, flagHint?: string): Promise<boolean>;
}

export function createCommandContext(io: CliIO, global: GlobalOptions, makeClient: () => Promise<AscClient>): CommandContext {
  const format = chooseFormat(global, Boolean(io.stdout.isTTY));
  let client: Promise<AscClient> | undefined;
  const write = (text: string) => io.stdout.write(text);

  return {
    io,
    global,
    format,
    client: () => (client ??= makeClient()),
    printRows(rows, columns, json) {
      if (format === "json") write(JSON.stringify(json ? rows.map(json) : rows, null, 2) + "\n");
      else if (format === "tsv") write(renderTsv(rows, columns));
      else write(rows.length ? renderTable(rows, columns, tableWidth(io.env, io.stdout)) : "(none)\n");
    },
    printRecord(record, tableOrder) {
      if (format === "json") {
        write(JSON.stringify(record, null, 2) + "\n");
        return;
      }
      const keys = tableOrder ?? Object.keys(record);
      const rows = keys.filter((k) => record[k] !== undefined).map((k) => ({ field: k, value: record[k] }));
      const columns: Column<{ field: string; value: unknown }>[] = [
        { header: "field", value: (r) => r.field },
        { header: "value", value: (r) => r.value },
      ];
      write(format === "tsv" ? renderTsv(rows, columns) : renderTable(rows, columns, tableWidth(io.env, io.stdout)));
    },
    info(line) {
      io.stderr.write(`${line}\n`);
    },
    progress(label) {
      return createProgress({ stream: io.stderr, label, now: io.now });
    },
    async confirm(question, flagHint = "--yes") {
      if (global.yes) return true;
      if (!io.stdin.isTTY || !io.stderr.isTTY) {
        throw new ValidationError(`${question} Refusing without confirmation.`, {
          category: "usage",
          hint: `Re-run with ${flagHint} to confirm when not on a terminal.`,
        });
      }
      const { createInterface } = await import("node:readline/promises");
      const rl = createInterface({ input: io.stdin, output: io.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
  };
}
