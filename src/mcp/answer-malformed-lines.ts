import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/** JSON-RPC 2.0 §5.1: the line was not JSON. */
const PARSE_ERROR = -32700;
/** JSON-RPC 2.0 §5.1: JSON, but not a request, notification or response. */
const INVALID_REQUEST = -32600;

/**
 * The SDK's stdio transport hands a line it cannot read to `onerror` and nothing else, so the
 * client waits forever for a reply. JSON-RPC 2.0 says the server answers: -32700 Parse error for
 * text that is not JSON, -32600 Invalid Request for JSON that is no JSON-RPC message, both with
 * `id: null` (the id could not be read). This wraps `onerror` to send that answer; it is installed
 * before `connect`, which keeps it and chains the server's own handler after it.
 */
export function answerMalformedLines(transport: Pick<Transport, "onerror" | "send">, log?: (line: string) => void): void {
  const previous = transport.onerror;
  transport.onerror = (error: Error) => {
    previous?.(error);
    const code = error instanceof SyntaxError ? PARSE_ERROR : error?.name === "ZodError" ? INVALID_REQUEST : undefined;
    if (code === undefined) return;
    const message = code === PARSE_ERROR ? "Parse error" : "Invalid Request";
    log?.(`mcp: answered a malformed line with ${code} ${message}`);
    // `id: null` is what JSON-RPC requires here; the SDK's message type has no null id, hence the cast.
    const reply = { jsonrpc: "2.0", id: null, error: { code, message } } as unknown as JSONRPCMessage;
    transport.send(reply).catch(() => undefined);
  };
}
