// Hints written for the CLI, as an agent on MCP gets them: tools and their parameters, not commands
// and flags; a step no tool can take is said to be a person's.
import { describe, expect, it } from "vitest";
import { agentHint, checklistForAgent, type AgentHintContext } from "../../../src/mcp/agent-hints.js";
import { allTools } from "../../../src/mcp/tools/index.js";
import type { ToolDefinition } from "../../../src/mcp/tool-definition.js";
import { MissingExportComplianceError } from "../../../src/workflows/builds/export-compliance.js";
import { checkBetaReadiness } from "../../../src/workflows/testflight/beta-readiness.js";

const byCommand = new Map(allTools.filter((t) => t.cli).map((t) => [t.cli!, t as ToolDefinition]));
const tool = (name: string) => allTools.find((t) => t.name === name) as ToolDefinition;
/** A server with every tool (writes allowed), the failing tool being `name`. */
const writable = (name?: string): AgentHintContext => ({ ...(name ? { tool: tool(name) } : {}), toolForCommand: (c) => byCommand.get(c), knownToolForCommand: (c) => byCommand.get(c) });
/** A read-only server: write tools exist but are not served. */
const readOnly = (name?: string): AgentHintContext => ({ ...writable(name), toolForCommand: (c) => (byCommand.get(c)?.access === "read" ? byCommand.get(c) : undefined) });

describe("hints for agents", () => {
  it("turns a command into its tool with the parameters its arguments and flags stand for", () => {
    expect(agentHint("Wait for it with `asckit builds wait 5f1c-77`, then try again.", writable())).toBe('Wait for it with the wait_for_build tool (id: "5f1c-77"), then try again.');
    expect(agentHint("List what exists with `asckit builds list --app com.example.demo --version 1.2.0`.", writable())).toBe('List what exists with the list_builds tool (app: "com.example.demo", marketingVersion: "1.2.0").');
    expect(agentHint("Check the bundle id with `asckit apps list`.", writable())).toBe("Check the bundle id with the list_apps tool.");
  });

  it("names a tool's parameter for a bare flag of its own command", () => {
    const hint = "Pass --uses-non-exempt-encryption false (or true if the app uses non-exempt encryption), or set ITSAppUsesNonExemptEncryption in the app's Info.plist.";
    expect(agentHint(hint, writable("distribute_build"))).toBe("Pass usesNonExemptEncryption: false (or true if the app uses non-exempt encryption), or set ITSAppUsesNonExemptEncryption in the app's Info.plist.");
    // The export compliance refusal distribute_build passes on, in full.
    const refusal = new MissingExportComplianceError("b-1", "b-1 1.1.0 (4)", { flag: "--uses-non-exempt-encryption" });
    expect(agentHint(refusal.hint!, writable("distribute_build"))).toBe(
      'Answer it with the set_export_compliance tool (id: "b-1", usesNonExemptEncryption: false or true) (false: no encryption, or only exempt encryption such as HTTPS), or pass usesNonExemptEncryption: false or true here; set ITSAppUsesNonExemptEncryption in the app\'s Info.plist so later builds answer it on upload.',
    );
  });

  it("says plainly when no tool can do a step, and keeps the command for a person", () => {
    expect(agentHint("Create it with `asckit versions create 1.2.0 --app com.example.demo`.", writable("review_cancel"))).toBe(
      "Create it with `asckit versions create 1.2.0 --app com.example.demo` (no MCP tool does this: it is a step for a person at a terminal).",
    );
    expect(agentHint("Change it instead: asckit versions update 1.2.0 --version-string 1.3.0", writable("update_version"))).toBe(
      "Change it instead: the update_version tool (the CLI's `asckit versions update 1.2.0 --version-string 1.3.0` has options it does not take)",
    );
  });

  it("says when the tool exists but the server is read-only", () => {
    expect(agentHint("Answer it with `asckit builds compliance b-1 --uses-non-exempt-encryption false`.", readOnly("build_status"))).toBe(
      'Answer it with the set_export_compliance tool (id: "b-1", usesNonExemptEncryption: false), which this server does not serve (it needs --allow-writes, set by the person who configured it).',
    );
  });

  it("asks for the same call again where the CLI says to run the command again", () => {
    expect(agentHint("Run the same command again to continue where it stopped.", writable("distribute_build"))).toBe("Call the same tool again with the same arguments to continue where it stopped.");
    expect(agentHint("Set them with `asckit testflight info set` (see the checklist), then run distribute again.", writable("distribute_build"))).toBe(
      "Set them with the set_beta_info tool (see the checklist), then call distribute_build again.",
    );
  });

  it("rewrites every fix of Beta App Review's checklist to set_beta_info and its parameters", () => {
    const items = checkBetaReadiness(
      { localizations: [], reviewDetail: { id: "d", type: "betaAppReviewDetails", attributes: { demoAccountRequired: true } } } as never,
      { id: "6450000001", primaryLocale: "en-US" },
    );
    const fixes = checklistForAgent(items, (t) => agentHint(t, writable("distribute_build"))).flatMap((i) => (i.fix ? [i.fix] : []));
    expect(fixes.length).toBeGreaterThanOrEqual(7);
    for (const fix of fixes) expect(fix).toMatch(/^the set_beta_info tool \(app: "6450000001"(, [a-zA-Z]+: (<[A-Z]+>|"[^"]*"))+\)$/);
    expect(fixes).toContain('the set_beta_info tool (app: "6450000001", demoAccountName: <NAME>, demoAccountPassword: <PASSWORD>)');
  });
});
