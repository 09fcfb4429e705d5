import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { CallToolRequestSchema, ErrorCode, McpError, type CallToolResult, type ServerNotification, type ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { AscClient } from "../client/index.js";
import { ASCKIT_VERSION } from "../client/version.js";
import type { SummaryCache } from "../workflows/reports/summary-cache.js";
import { AsckitError } from "../errors/asckit-error.js";
import { redactSecrets } from "../errors/redact.js";
import { agentHint, type AgentHintContext } from "./agent-hints.js";
import { errorResult } from "./error-result.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./paging.js";
import type { KeyInfo, ToolContext, ToolDefinition } from "./tool-definition.js";
import { toolResult } from "./tool-result.js";
import { allTools } from "./tools/index.js";

export interface CreateMcpServerOptions {
  /** An authenticated client, made on first use (so listing tools works before credentials are checked). */
  client: () => Promise<AscClient>;
  /** Serve tools that change App Store Connect. Off by default: an agent reads until a person says otherwise. */
  allowWrites?: boolean;
  /** Describes the key for `auth_status` (never key material). */
  keyInfo?: () => Promise<KeyInfo>;
  now?: () => number;
  /** For the preflight's URL checks (default: the global fetch). */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Default vendor number for reports tools (ASC_VENDOR_NUMBER in the CLI). */
  vendorNumber?: string;
  /** Cache of finished report days, shared with `asckit reports summary`. */
  reportCache?: SummaryCache;
  /** The key's issuer ID (else key ID), so cached report days are scoped by account as well as by server. */
  reportAccount?: () => Promise<string | undefined>;
  /** Default items per page for list tools (at most 100). */
  pageSize?: number;
  /** The tool set to choose from; all of asckit's tools by default. */
  tools?: readonly ToolDefinition[];
}

const INSTRUCTIONS = [
  "asckit: Apple's App Store Connect API (apps, builds, TestFlight, App Store release, reports).",
  "Start with list_apps; ids from one tool feed the next. Builds have an id (use it) and a build number (`version`).",
  "Lists return a page plus `nextCursor`; narrow filters rather than paging through everything (each request spends the key's hourly budget).",
  "Failures come back as errors with Apple's code and detail and a `Next step`. Write tools exist only when the server runs with --allow-writes; destructive ones also need confirm: true, which you should pass only after the user agreed.",
].join("\n");

const CONFIRM = z.boolean().optional().describe("Must be true for this irreversible action to run. Ask the user first; without it the call is refused and nothing changes.");

/** The text agents read for a tool: its description plus what it may change. */
function describe(tool: ToolDefinition): string {
  if (tool.access === "write") return `${tool.description} (Writes to App Store Connect.)`;
  if (tool.access === "destructive") return `${tool.description} (Destructive and irreversible: runs only with confirm: true.)`;
  return tool.description;
}

/**
 * The MCP server over asckit's workflows. Read-only tools always; write tools with `allowWrites`;
 * destructive tools refuse unless the call carries `confirm: true`.
 */
export function createMcpServer(options: CreateMcpServerOptions): McpServer {
  const all = options.tools ?? allTools;
  const served = all.filter((t) => t.access === "read" || options.allowWrites);
  const server = new McpServer({ name: "asckit", title: "App Store Connect (asckit)", version: ASCKIT_VERSION }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });

  let client: Promise<AscClient> | undefined;
  const getClient = () => {
    client ??= options.client().catch((error: unknown) => {
      client = undefined; // a failed credential lookup is reported, not cached
      throw error;
    });
    return client;
  };
  const pageSize = Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);

  const toolForCommand = new Map(served.filter((t) => t.cli).map((t) => [t.cli!, t as ToolDefinition]));
  const knownToolForCommand = new Map(all.filter((t) => t.cli).map((t) => [t.cli!, t as ToolDefinition]));
  const schemas = new Map<string, z.ZodObject>();
  for (const tool of served) {
    const shape: z.ZodRawShape = tool.access === "destructive" ? { ...tool.input, confirm: CONFIRM } : tool.input;
    schemas.set(tool.name, z.strictObject(shape));
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: describe(tool),
        inputSchema: shape,
        annotations: {
          title: tool.title,
          readOnlyHint: tool.access === "read",
          destructiveHint: tool.access === "destructive",
          idempotentHint: tool.access === "read" || tool.idempotent,
          openWorldHint: true,
        },
      },
      // Calls are dispatched by the handler below; this keeps the SDK's own bookkeeping complete.
      async (args: unknown, extra: Extra) => call(tool, args, extra),
    );
  }

  async function call(tool: ToolDefinition, rawArgs: unknown, extra: Extra): Promise<CallToolResult> {
    const parsed = schemas.get(tool.name)!.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(arguments)"}: ${i.message}`);
      return toolResult({ summary: `Invalid arguments for ${tool.name}: ${problems.join("; ")}. Fix them as the tool's input schema describes and call again.`, data: { error: { category: "usage", problems } } }, true);
    }
    const { confirm, ...args } = parsed.data as Record<string, unknown> & { confirm?: boolean };
    // A dry run changes nothing, so an agent may preview before asking the user.
    if (tool.access === "destructive" && confirm !== true && args.dryRun !== true) {
      const hint = `Nothing was changed. ${tool.name} cannot be undone: ask the user to confirm, then call it again with the same arguments and confirm: true.`;
      return toolResult({ summary: `Refused: ${tool.name} needs confirm: true. ${hint}`, data: { error: { category: "usage", message: `${tool.name} needs confirm: true.`, hint } } }, true);
    }
    const hints: AgentHintContext = { tool, toolForCommand: (command) => toolForCommand.get(command), knownToolForCommand: (command) => knownToolForCommand.get(command) };
    const ctx: ToolContext = {
      client: getClient,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      pageSize,
      fetch: options.fetch ?? globalThis.fetch,
      keyInfo: options.keyInfo,
      vendorNumber: options.vendorNumber,
      reportCache: options.reportCache,
      reportAccount: options.reportAccount,
      forAgent: (text) => agentHint(text, hints),
      progress: async (message, progress, total) => {
        const token = extra._meta?.progressToken;
        if (token === undefined) return;
        await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress, ...(total !== undefined ? { total } : {}), message } }).catch(() => undefined);
      },
    };
    try {
      const output = await tool.run(args, ctx);
      return toolResult(output, output.isError === true);
    } catch (error) {
      if (error instanceof AsckitError && error.category !== "internal") return errorResult(error, hints);
      // A bug is not an answer from Apple: it goes back as a JSON-RPC error, not as a tool result.
      const message = error instanceof Error ? error.message : String(error);
      throw new McpError(ErrorCode.InternalError, redactSecrets(`asckit internal error in ${tool.name}: ${message}`));
    }
  }

  // The SDK turns every exception inside a tool into an isError result. That is right for asckit's own
  // failures (handled above, with hints), but a bug must surface as a protocol error, so tools/call is
  // dispatched here.
  const byName = new Map(served.map((t) => [t.name, t]));
  const withheld = new Map(all.filter((t) => !byName.has(t.name)).map((t) => [t.name, t]));
  server.server.removeRequestHandler("tools/call");
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name;
    const tool = byName.get(name);
    if (tool) return call(tool, request.params.arguments, extra);
    if (withheld.has(name)) {
      const hint = "This server is read-only. Writes need the person who configured it to add --allow-writes to `asckit mcp` and restart it.";
      return toolResult({ summary: `${name} changes App Store Connect and is not enabled. ${hint}`, data: { error: { category: "usage", message: `${name} is not enabled.`, hint } } }, true);
    }
    throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${name}.`);
  });
  return server;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
