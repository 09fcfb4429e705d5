import type { ToolDefinition } from "./tool-definition.js";

/**
 * Rewrites text written for people at a terminal (workflow hints, checklist fixes, plan details)
 * for an agent on MCP, which calls tools, not commands:
 *
 * - `asckit builds wait 123` → the wait_for_build tool (id: "123"): the command's words name the
 *   tool, its flags and arguments become the tool's parameters;
 * - a command with no tool is kept as a step for a person, and said to be one;
 * - a bare flag of the current tool's command ("Pass --uses-non-exempt-encryption false") becomes
 *   its parameter ("Pass usesNonExemptEncryption: false");
 * - "run the same command again" / "run distribute again" become "call … again".
 */
export interface AgentHintContext {
  /** The tool whose result this is: its parameters stand for its command's flags. */
  tool?: ToolDefinition;
  /** The tool served for a CLI command ("builds wait"), if any. */
  toolForCommand: (command: string) => ToolDefinition | undefined;
  /** Any of asckit's tools for a command, served or not (a write tool on a read-only server). */
  knownToolForCommand?: (command: string) => ToolDefinition | undefined;
}

/** Placeholders in CLI hints (`--app APP`, `--privacy-policy-url URL`, `NAME`, `…`) are not values. */
const PLACEHOLDER = /^(?:[A-Z][A-Z_]*|…|\.\.\.|<[^>]*>)$/;
const FLAG = /^--[a-z][a-z0-9-]*$/;

export function agentHint(text: string, context: AgentHintContext): string {
  let out = text.replace(/`asckit ([^`]+)`/g, (_whole, command: string) => commandForAgent(command, context));
  // Checklist fixes are a bare command, or end with one after a colon ("Change it instead: asckit …").
  out = out.replace(/(^|:\s+)asckit ([a-z][a-z-]*(?: [^`]*)?)$/, (_whole, lead: string, command: string) => lead + commandForAgent(command.trim(), context));
  const tool = context.tool;
  out = out.replace(/\b([Rr])un the same command again\b/g, (_w, r: string) => `${r === "R" ? "C" : "c"}all the same tool again with the same arguments`);
  if (tool) {
    out = out.replace(/\b([Rr])un ([a-z-]+) again\b/g, (whole, r: string, word: string) => (tool.cli?.split(" ").includes(word) ? `${r === "R" ? "C" : "c"}all ${tool.name} again` : whole));
    // Outside backticks only: a command kept for a person keeps its flags.
    out = outsideBackticks(out, (part) => part.replace(/(^|[\s(])--([a-z][a-z0-9-]*)(?:\s+((?:true|false)(?:\|(?:true|false))?))?(?=[\s,.;)]|$)/g, (whole, lead: string, flag: string, value: string | undefined) => {
      const param = parameterFor(tool, `--${flag}`);
      if (!param) return whole;
      return value !== undefined ? `${lead}${param}: ${value.replace("|", " or ")}` : `${lead}${param}`;
    }));
  }
  return out;
}

function outsideBackticks(text: string, rewrite: (part: string) => string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith("`") && part.endsWith("`") && part.length > 1 ? part : rewrite(part)))
    .join("");
}

/** A checklist's `fix` lines name CLI commands and flags: the agent gets the tool and its parameters. */
export function checklistForAgent<T>(items: T, forAgent: (text: string) => string): T {
  if (!Array.isArray(items)) return items;
  return items.map((item: unknown) => {
    const fix = (item as { fix?: unknown } | null)?.fix;
    return typeof fix === "string" ? { ...(item as object), fix: forAgent(fix) } : item;
  }) as T;
}

function commandForAgent(command: string, context: AgentHintContext): string {
  const words = splitWords(command);
  const names: string[] = [];
  for (const w of words.slice(0, 3)) {
    if (!/^[a-z][a-z-]*$/.test(w)) break;
    names.push(w);
  }
  // The longest prefix that names a tool; the words after it are arguments (a build id may start with letters).
  for (let n = names.length; n > 0; n--) {
    const key = names.slice(0, n).join(" ");
    const served = context.toolForCommand(key);
    if (served) return describeCall(served, words.slice(n), command);
    const known = context.knownToolForCommand?.(key);
    if (known) return `${describeCall(known, words.slice(n), command)}, which this server does not serve (it needs --allow-writes, set by the person who configured it)`;
  }
  return `\`asckit ${command}\` (no MCP tool does this: it is a step for a person at a terminal)`;
}

/** `the set_beta_info tool (app: "com.example.demo", privacyPolicyUrl: <URL>)`, or the CLI text when a word has no parameter. */
function describeCall(tool: ToolDefinition, rest: string[], command: string): string {
  const params: Array<[string, string]> = [];
  const positional = [...(tool.cliParams?.args ?? [])];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (FLAG.test(word)) {
      const param = parameterFor(tool, word);
      const next = rest[i + 1];
      const value = next !== undefined && !FLAG.test(next) ? (i++, next) : "true";
      if (!param) return `the ${tool.name} tool (the CLI's \`asckit ${command}\` has options it does not take)`;
      params.push([param, render(value, kindOf(tool, param))]);
    } else {
      const param = positional.shift();
      if (!param) return `the ${tool.name} tool (for the CLI's \`asckit ${command}\`)`;
      params.push([param, render(word, kindOf(tool, param))]);
    }
  }
  return params.length ? `the ${tool.name} tool (${params.map(([k, v]) => `${k}: ${v}`).join(", ")})` : `the ${tool.name} tool`;
}

function parameterFor(tool: ToolDefinition, flag: string): string | undefined {
  const alias = tool.cliParams?.flags?.[flag];
  if (alias) return alias;
  // The server adds `confirm` to destructive tools: it is what --yes is on a terminal.
  if (flag === "--yes" && tool.access === "destructive") return "confirm";
  const camel = flag.slice(2).replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return camel in tool.input ? camel : undefined;
}

function render(value: string, kind: string | undefined): string {
  if (PLACEHOLDER.test(value)) return value.startsWith("<") ? value : `<${value}>`;
  if (kind === "boolean" && /^(true|false)(\|(true|false))?$/.test(value)) return value.replace("|", " or ");
  if (kind === "number" && /^-?\d+(\.\d+)?$/.test(value)) return value;
  if (kind === "array") return JSON.stringify(value.split(",").map((v) => v.trim()).filter(Boolean));
  return JSON.stringify(value);
}

/** The zod type name of a parameter ("string", "boolean", "number", "array"), through optional wrappers. */
function kindOf(tool: ToolDefinition, param: string): string | undefined {
  if (param === "confirm") return "boolean";
  type Def = { type?: string; innerType?: { _zod?: { def?: Def } } };
  let def = (tool.input[param] as { _zod?: { def?: Def } } | undefined)?._zod?.def;
  while (def && (def.type === "optional" || def.type === "nullable" || def.type === "default")) def = def.innerType?._zod?.def;
  return def?.type;
}

/** Words of a hint's command: spaces split, double or single quotes group. */
function splitWords(command: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(command); m; m = re.exec(command)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}
