// The README's agent section and the skill docs name only tools that exist, and the README lists them all.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allTools } from "../../../src/mcp/index.js";
import { docCommands, shellWords, substitute } from "../../e2e/mcp/doc-commands.js";

const ROOT = path.resolve(__dirname, "../../..");
const toolNames = new Set(allTools.map((t) => t.name));
/** snake_case words in backticks are tool names, except the fields of fastlane's API key file. */
const NOT_TOOLS = new Set(["key_id", "issuer_id", "key_filepath", "in_house"]);
const mentionedTools = (text: string) => new Set([...text.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)].map((m) => m[1]!).filter((n) => !NOT_TOOLS.has(n)));

describe("README: Agents (MCP)", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Agents (MCP)"), readme.indexOf("\n## ", readme.indexOf("## Agents (MCP)") + 3));

  it("has a client config that runs `npx asckit mcp` with ASC_* variables", () => {
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    const config = JSON.parse(json!) as { mcpServers: { asckit: { command: string; args: string[]; env: Record<string, string> } } };
    expect(config.mcpServers.asckit.command).toBe("npx");
    expect(config.mcpServers.asckit.args).toEqual(["asckit", "mcp"]);
    expect(Object.keys(config.mcpServers.asckit.env).every((k) => k.startsWith("ASC_"))).toBe(true);
  });

  it("lists every tool, and only tools that exist", () => {
    expect([...mentionedTools(section)].filter((n) => !toolNames.has(n))).toEqual([]);
    expect([...toolNames].filter((n) => !section.includes(`\`${n}\``))).toEqual([]);
  });
});

describe("skill docs", () => {
  const files = readdirSync(path.join(ROOT, "skill")).filter((f) => f.endsWith(".md"));

  it("are the three documents", () => {
    expect(files.sort()).toEqual(["SKILL.md", "api-auth.md", "workflows.md"]);
  });

  for (const file of files) {
    const text = readFileSync(path.join(ROOT, "skill", file), "utf8");
    it(`${file} names only tools that exist`, () => {
      expect([...mentionedTools(text)].filter((n) => !toolNames.has(n))).toEqual([]);
    });
    it(`${file} has only tested (sh) or plain code blocks`, () => {
      const fences = [...text.matchAll(/^```(\S*)$/gm)].map((m) => m[1]);
      const openers = fences.filter((_, i) => i % 2 === 0);
      expect(openers.filter((lang) => !["sh", "json", "text"].includes(lang!))).toEqual([]);
      expect(() => docCommands(file, text)).not.toThrow();
    });
  }

  it("SKILL.md starts with the front matter agent platforms read", () => {
    const text = readFileSync(path.join(ROOT, "skill", "SKILL.md"), "utf8");
    expect(text).toMatch(/^---\nname: asckit\ndescription: .{80,}\n---\n/);
  });
});

describe("reading doc commands", () => {
  it("splits words like sh and refuses what the runner cannot do faithfully", () => {
    expect(shellWords(`asckit api GET /v1/apps --query 'fields[apps]=name' "a b" c\\ d`)).toEqual(["asckit", "api", "GET", "/v1/apps", "--query", "fields[apps]=name", "a b", "c d"]);
    expect(() => shellWords("asckit apps list | jq .")).toThrow(/not supported/);
    expect(() => shellWords("asckit apps list > out.json")).toThrow(/not supported/);
    expect(() => shellWords('asckit apps get "$(cat id)"')).toThrow(/not supported/);
  });

  it("substitutes placeholders except inside single quotes, and rejects unknown ones", () => {
    const [quoted, plain] = [shellWords("'$APP_ID'")[0]!, shellWords('"$APP_ID"')[0]!];
    expect(substitute(quoted, { APP_ID: "1" }, "x")).toBe("$APP_ID");
    expect(substitute(plain, { APP_ID: "1" }, "x")).toBe("1");
    expect(() => substitute("$NOPE", {}, "doc.md:3")).toThrow("doc.md:3: unknown placeholder $NOPE");
  });

  it("reads exit codes, long-running markers, assignments and exports", () => {
    const md = ["```sh", "# a comment", "X=1 asckit auth status  # exit 3: why", "export A=$B", "asckit emulator start  # until stopped", "```", "```text", "not run", "```"].join("\n");
    const commands = docCommands("doc.md", md);
    expect(commands.map((c) => [c.kind, c.line, c.expectedExit, c.longRunning])).toEqual([
      ["run", 3, 3, false],
      ["export", 4, 0, false],
      ["run", 5, 0, true],
    ]);
    expect(commands[0]!.assignments).toEqual({ X: "1" });
    const shown = docCommands("doc.md", ["```sh", 'asckit apps get com.example.demo --json  # → "bundleId": "com.example.demo"', "asckit builds wait $ID  # exit 7: still PROCESSING → timed out", "```"].join("\n"));
    expect(shown.map((c) => [c.expectedExit, c.shows])).toEqual([
      [0, '"bundleId": "com.example.demo"'],
      [7, "timed out"],
    ]);
    expect(() => docCommands("doc.md", "```sh\nasckit apps list  # →\n```")).toThrow('doc.md:2: "→" needs the text');
    expect(() => docCommands("doc.md", "```sh\nrm -rf /tmp/x\n```")).toThrow("doc.md:2: only asckit commands");
  });
});
