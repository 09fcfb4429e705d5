// The MCP layer's public API: a server factory and the tools it serves.
export { createMcpServer, type CreateMcpServerOptions } from "./create-mcp-server.js";
export type { KeyInfo, ToolAccess, ToolContext, ToolDefinition, ToolOutput } from "./tool-definition.js";
export { allTools } from "./tools/index.js";
export { answerMalformedLines } from "./answer-malformed-lines.js";
