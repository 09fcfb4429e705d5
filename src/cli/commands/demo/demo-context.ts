import type { AscClient } from "../../../client/index.js";
import type { EmulatorService } from "../../../emulator/index.js";
import type { CommandContext } from "../../context.js";
import type { CliIO } from "../../io.js";

export interface StepRecord {
  step: string;
  requests: number;
  /** The fewest requests the step could have made. */
  minimum: number;
  result: string;
}

/** What each part of the demo gets: one client, one emulator, and helpers that print and count. */
export interface DemoContext {
  ctx: CommandContext;
  /** The CLI's IO with the emulator's credentials in its env. */
  io: CliIO;
  client: AscClient;
  service: EmulatorService;
  /** How long a new build stays PROCESSING in this emulator. */
  processingDelayMs: number;
  /** A scratch directory deleted after the demo. */
  workDir: string;
  say(line: string): void;
  /** Prints the next numbered section heading. */
  heading(title: string): void;
  table(rows: Array<Record<string, unknown>>, columns: string[]): void;
  /** Runs one step, counting its requests against the minimum it needs, and prints its result line. */
  measure(step: string, minimum: number, fn: () => Promise<string>): Promise<void>;
  /** Records a step whose requests were counted by the caller (e.g. a wait). */
  record(step: StepRecord): void;
  steps: StepRecord[];
  /** What one part leaves for a later one (e.g. the uploaded build's id for distribution). */
  shared: Record<string, unknown>;
}

export type DemoPart = (demo: DemoContext) => Promise<void>;
