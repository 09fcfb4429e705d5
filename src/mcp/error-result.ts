import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { AscApiError } from "../client/index.js";
import type { AsckitError } from "../errors/asckit-error.js";
import { agentHint, checklistForAgent, type AgentHintContext } from "./agent-hints.js";
import { toolResult } from "./tool-result.js";

/**
 * An asckit failure as an `isError` result: Apple's status, code, detail and associated errors as sent,
 * plus one next step phrased for an agent (which tool to call), not for a person at a terminal.
 */
export function errorResult(error: AsckitError, context: Partial<AgentHintContext> = {}): CallToolResult {
  const api = error instanceof AscApiError ? error : error.cause instanceof AscApiError ? error.cause : undefined;
  // Apple's nested reasons, also when a workflow error wraps the API error (a refused review submission).
  const carried = (error as { associatedErrors?: unknown }).associatedErrors;
  const associated = Array.isArray(carried) ? carried.map(String) : [];
  const hints: AgentHintContext = { ...context, toolForCommand: context.toolForCommand ?? (() => undefined) };
  const step = nextStep(error, context.tool?.name);
  const hint = step === undefined ? undefined : agentHint(step, hints);
  const data: Record<string, unknown> = {
    error: {
      category: error.category,
      message: error.message,
      ...(api
        ? {
            status: api.status,
            code: api.code,
            title: api.title,
            detail: api.detail,
            source: api.source,
            requestId: api.requestId,
          }
        : {}),
      associatedErrors: associated.length ? associated : undefined,
      field: (error as { field?: string }).field,
      // A checklist (e.g. what Beta App Review still needs) travels with its error.
      checklist: checklistForAgent((error as { items?: unknown }).items, (text) => agentHint(text, hints)),
      state: (error as { state?: string }).state,
      hint,
    },
  };
  const lines = [`Error (${error.category}${api ? `, HTTP ${api.status}${api.code ? ` ${api.code}` : ""}` : ""}): ${error.message}`];
  if (api?.detail && !error.message.includes(api.detail)) lines.push(`Apple says: ${api.detail}`);
  for (const line of associated) lines.push(`  - ${line}`);
  if (hint) lines.push(`Next step: ${hint}`);
  return toolResult({ summary: lines.join("\n"), data }, true);
}

const PROCESSING = /\bPROCESSING\b/;

/** The agent-facing next step; the error's own hint (often naming a CLI command) is kept when nothing better fits. */
export function nextStep(error: AsckitError, tool?: string): string | undefined {
  const api = error instanceof AscApiError ? error : undefined;
  const text = `${error.message} ${api?.detail ?? ""}`;
  if (error.category !== "timeout" && PROCESSING.test(text)) {
    return "The build is still PROCESSING: call wait_for_build with its id, then repeat this call.";
  }
  switch (error.category) {
    case "auth":
      if (api?.status === 403) {
        return "The key is valid but this request is not allowed for it (role too low, or an individual key on a team-only endpoint such as bundle IDs or sales reports), or the key was revoked. Use a key with the needed role.";
      }
      if (api) {
        return "Apple rejected the token: check ASC_KEY_ID, ASC_ISSUER_ID (omit it for an individual key) and the private key in the MCP server's environment, that the key is not revoked, and that this machine's clock is right; call auth_status to test the key.";
      }
      return `${error.hint ? `${error.hint} ` : ""}Set ASC_KEY_ID, ASC_ISSUER_ID and ASC_PRIVATE_KEY_PATH in the env of the MCP server's configuration (or a saved profile via ASC_PROFILE) and restart it.`;
    case "timeout":
      if (!PROCESSING.test(text)) return "Nothing failed; the wait ran out of time. Call the same tool again to keep waiting.";
      return tool === "wait_for_build"
        ? "The build is still PROCESSING, which usually takes several minutes: call wait_for_build again (or build_status later)."
        : "The build is still PROCESSING: call wait_for_build with its id, then repeat this call.";
    case "rate_limited":
      return "Apple's hourly request budget for this key is used up (it refills over a rolling hour). Wait several minutes before retrying, and page through fewer items.";
    case "network":
    case "server":
      return "Apple's API failed or could not be reached after retries. Retry later; a write that may have gone through was not replayed, so read the current state before repeating it.";
    case "not_found":
      return error.hint ?? "Check the id: list_apps and list_builds show valid ids.";
    default:
      return error.hint;
  }
}
