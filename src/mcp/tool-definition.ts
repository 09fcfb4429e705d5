import type { z } from "zod";
import type { AscClient } from "../client/index.js";
import type { SummaryCache } from "../workflows/reports/summary-cache.js";

/**
 * How much a tool may change: `read` tools are always served; `write` tools only with `--allow-writes`;
 * `destructive` ones also need `confirm: true` in each call, because an agent can loop or misread
 * (a `dryRun: true` call changes nothing and needs no confirm).
 */
export type ToolAccess = "read" | "write" | "destructive";

/** The key the server signs with, described without any secret (for `auth_status`). */
export interface KeyInfo {
  keyId: string;
  keyType: "team" | "individual";
  keySource: string;
}

export interface ToolContext {
  client(): Promise<AscClient>;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** For checks that open URLs (the App Review preflight). */
  fetch: typeof fetch;
  /** Items per page for list tools when the call does not say. */
  pageSize: number;
  keyInfo: (() => Promise<KeyInfo>) | undefined;
  /** The default vendor number for sales and finance reports (the CLI passes ASC_VENDOR_NUMBER). */
  vendorNumber: string | undefined;
  /** Where finished report days are kept between calls; none means every call downloads. */
  reportCache: SummaryCache | undefined;
  /** Whose reports these are (the key's issuer ID, else its key ID): scopes the report cache with the server. */
  reportAccount?: () => Promise<string | undefined>;
  /** Rewrites text written for the CLI (hints, checklist fixes, plan details) to name tools and their parameters. */
  forAgent(text: string): string;
  /** Sends a progress notification when the caller asked for them (a progress token); otherwise nothing. */
  progress(message: string, progress: number, total?: number): Promise<void>;
}

export interface ToolOutput {
  /** A line or two for the agent: what happened and, where useful, what to call next. */
  summary: string;
  /** JSON-serialisable and already trimmed to a size an agent can read. */
  data: Record<string, unknown>;
  /**
   * An answer that is a refusal without an exception: a dry run that found the real call would be
   * refused returns its plan and its reasons, flagged as an error so an agent does not go ahead.
   */
  isError?: boolean;
}

export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  /** snake_case, task-shaped: `list_builds`, `wait_for_build`. */
  name: string;
  title: string;
  description: string;
  access: ToolAccess;
  /** A repeated call with the same arguments changes nothing more (only meaningful for writes). */
  idempotent: boolean;
  /**
   * The CLI command this tool stands for (`builds wait`): workflow hints that name the command are
   * rewritten to name the tool instead.
   */
  cli?: string;
  /**
   * How the command's words map to this tool's parameters, for rewriting hints: positional
   * arguments in order (`builds wait ID` → `["id"]`) and flags whose parameter is not simply the
   * flag in camelCase (`--version` → `marketingVersion`).
   */
  cliParams?: { args?: readonly string[]; flags?: Readonly<Record<string, string>> };
  /** Every field carries a `.describe()`: it is all the agent knows about the field. */
  input: Shape;
  run(args: z.infer<z.ZodObject<Shape>>, ctx: ToolContext): Promise<ToolOutput>;
}

export const defineTool = <Shape extends z.ZodRawShape>(tool: ToolDefinition<Shape>): ToolDefinition<Shape> => tool;
