// `asckit mcp` spawned as an MCP client would: the built CLI over stdio, credentials from the env.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.close();
});

async function connect(args: string[], env: Record<string, string>) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp", ...args], env: { PATH: process.env.PATH ?? "", ...env }, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: "asckit-e2e", version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe("asckit mcp over stdio", () => {
  it("lists the read-only tools and completes a tool call", async () => {
    const { client, stderr } = await connect([], emu.env);
    try {
      expect(client.getServerVersion()?.name).toBe("asckit");
      expect(client.getInstructions()).toContain("--allow-writes");
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("list_apps");
      expect(names).not.toContain("create_bundle_id");
      const r = (await client.callTool({ name: "list_apps", arguments: { bundleId: "com.example.demo" } })) as CallToolResult;
      expect(r.isError).toBeFalsy();
      expect(r.structuredContent).toMatchObject({ items: [{ id: emu.emulator.demo!.appId, name: "Demo App", bundleId: "com.example.demo" }], returned: 1 });
      const status = (await client.callTool({ name: "auth_status", arguments: {} })) as CallToolResult;
      expect(status.structuredContent).toMatchObject({ ok: true, keyId: emu.key.keyId, keyType: "team" });
      expect(JSON.stringify(status)).not.toContain(emu.key.privateKeyPem.split("\n")[1]!);
    } finally {
      await client.close();
    }
    expect(stderr()).toContain("read-only");
  });

  it("--allow-writes serves the write tools", async () => {
    const { client, stderr } = await connect(["--allow-writes"], emu.env);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("create_bundle_id");
    } finally {
      await client.close();
    }
    expect(stderr()).toContain("writes allowed");
  });

  it("an agent lists apps, distributes a build to TestFlight and reads a sales summary", async () => {
    const { client } = await connect(["--allow-writes"], { ...emu.env, ASC_VENDOR_NUMBER: "85000001" });
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      return r.structuredContent as Record<string, unknown>;
    };
    try {
      const apps = await call("list_apps", {});
      expect((apps.items as Array<{ bundleId: string }>).map((a) => a.bundleId)).toContain("com.example.demo");
      const done = await call("distribute_build", { app: "com.example.demo", marketingVersion: "1.0.0", buildNumber: "2", groups: ["Internal Testers"], whatToTest: "Smoke test." });
      expect(done).toMatchObject({ buildNumber: "2", groups: [{ name: "Internal Testers", kind: "internal" }], internalBuildState: "IN_BETA_TESTING", dryRun: false });
      const sales = await call("reports_summary", { by: "app", limit: 5 });
      expect(sales).toMatchObject({ vendorNumber: "85000001", by: "app" });
      expect((sales.totals as { units: number }).units).toBeGreaterThan(0);
      expect((sales.items as unknown[]).length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it("without credentials the server still starts, and a call says where to set them", async () => {
    const { client } = await connect([], { ASCKIT_CONFIG_DIR: emu.dir, HOME: emu.dir });
    try {
      const r = (await client.callTool({ name: "list_apps", arguments: {} })) as CallToolResult;
      expect(r.isError).toBe(true);
      const error = (r.structuredContent as { error: { category: string; message: string; hint: string } }).error;
      expect(error.message).toContain("ASC_KEY_ID");
      expect(error.hint).toContain("env of the MCP server");
    } finally {
      await client.close();
    }
  });

  it("answers a line that is not JSON with -32700 Parse error (id null), one that is no JSON-RPC message with -32600, and keeps serving", async () => {
    const child = spawn(process.execPath, [BIN, "mcp"], { env: { PATH: process.env.PATH ?? "", ...emu.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout });
    const queue: string[] = [];
    const waiting: Array<(line: string) => void> = [];
    lines.on("line", (line) => (waiting.length ? waiting.shift()!(line) : queue.push(line)));
    const next = () =>
      new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply from asckit mcp; stderr: ${stderr}`)), 15_000);
        const take = (line: string) => {
          clearTimeout(timer);
          resolve(JSON.parse(line));
        };
        if (queue.length) take(queue.shift()!);
        else waiting.push(take);
      });
    try {
      child.stdin.write("this is not json\n");
      expect(await next()).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      child.stdin.write('{"hello":"world"}\n');
      expect(await next()).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32600, message: "Invalid Request" } });
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } })}\n`);
      expect(await next()).toMatchObject({ jsonrpc: "2.0", id: 1, result: { serverInfo: { name: "asckit" } } });
    } finally {
      child.stdin.end();
      await new Promise((resolve) => child.once("close", resolve));
    }
  });
});
