import type { Readable, Writable } from "node:stream";
import { defineCommand } from "../../define-command.js";
import { makeClient, resolveCliCredentials } from "../../make-client.js";

export default defineCommand({
  noun: "mcp",
  summary: "Serve the Model Context Protocol on stdio for AI agents (read-only unless --allow-writes)",
  options: [
    { flags: "--allow-writes", description: "also serve tools that change App Store Connect; destructive ones still need confirm: true per call" },
    { flags: "--page-size <n>", description: "items per page for list tools (1-100)", default: "20" },
  ],
  examples: ["asckit mcp", "asckit mcp --allow-writes"],
  async run(ctx, _args, opts) {
    const pageSize = Number(opts.pageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      const { ValidationError } = await import("../../../errors/asckit-error.js");
      throw new ValidationError(`--page-size must be an integer from 1 to 100, not "${String(opts.pageSize)}".`, { category: "usage", field: "--page-size" });
    }
    const { createMcpServer, answerMalformedLines } = await import("../../../mcp/index.js");
    const { StdioServerTransport } = await import("@modelcontextprotocol/sdk/server/stdio.js");
    const { createSummaryCache } = await import("../../../workflows/reports/summary-cache.js");
    const { reportCacheDir } = await import("../reports/cache-dir.js");
    const allowWrites = Boolean(opts.allowWrites);
    const server = createMcpServer({
      // Not ctx.client(): that caches a failure, and a server outlives one bad credential lookup.
      client: () => makeClient(ctx.io, ctx.global),
      keyInfo: async () => {
        const c = await resolveCliCredentials(ctx.io, ctx.global);
        return { keyId: c.keyId, keyType: c.keyType, keySource: c.keySource };
      },
      allowWrites,
      pageSize,
      vendorNumber: ctx.io.env.ASC_VENDOR_NUMBER,
      // The same cache as `asckit reports summary`, so a range read by either is not downloaded again.
      reportCache: createSummaryCache(reportCacheDir(ctx.io, undefined)),
      reportAccount: async () => {
        const c = await resolveCliCredentials(ctx.io, ctx.global);
        return c.issuerId || c.keyId;
      },
      now: ctx.io.now,
      sleep: ctx.io.sleep,
    });
    // stdout carries the protocol only; everything for people goes to stderr.
    const transport = new StdioServerTransport(ctx.io.stdin as Readable, ctx.io.stdout as Writable);
    // A line that is not JSON-RPC gets JSON-RPC's error answer instead of silence.
    answerMalformedLines(transport, (line) => ctx.info(line));
    const done = new Promise<void>((resolve) => {
      ctx.io.stdin.once("end", resolve);
      ctx.io.stdin.once("close", resolve);
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await server.connect(transport);
    ctx.info(`asckit MCP server on stdio (${allowWrites ? "writes allowed" : "read-only; --allow-writes serves write tools"})`);
    await done;
    await server.close();
  },
});
