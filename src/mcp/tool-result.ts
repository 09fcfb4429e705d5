import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { redactSecrets } from "../errors/redact.js";
import { maskSecretFields } from "../errors/mask-secrets.js";
import type { ToolOutput } from "./tool-definition.js";

/** Beyond this a result is replaced by a preview: tools trim their own data, this is the backstop. */
export const MAX_RESULT_CHARS = 60_000;

/**
 * Text for agents that read `content`, the same object as `structuredContent` for those that read that.
 * Secret-like fields (demo account passwords…) are masked, then both pass through redactSecrets last:
 * no tool should ever hold a key or token, but if one did it must not reach the agent.
 */
export function toolResult(output: ToolOutput, isError = false): CallToolResult {
  let json = redactSecrets(JSON.stringify(maskSecretFields(output.data)));
  let structured: Record<string, unknown>;
  try {
    structured = JSON.parse(json) as Record<string, unknown>;
  } catch {
    structured = { text: json };
  }
  let summary = redactSecrets(output.summary);
  if (json.length > MAX_RESULT_CHARS) {
    const preview = json.slice(0, MAX_RESULT_CHARS / 2);
    summary += ` The result was ${json.length} characters, too large to return whole: ask for less (a smaller limit, fields[...], fewer includes).`;
    structured = { truncated: true, totalChars: json.length, preview };
    json = JSON.stringify(structured);
  }
  return {
    content: [{ type: "text", text: `${summary}\n${json}` }],
    structuredContent: structured,
    ...(isError ? { isError: true } : {}),
  };
}
