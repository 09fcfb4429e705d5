// An MCP client wired to createMcpServer through the SDK's linked in-memory transports, with an
// asckit client built through the library against a test emulator.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createTokenProvider } from "../../../src/auth/index.js";
import { createClient } from "../../../src/client/index.js";
import { createMcpServer, type CreateMcpServerOptions } from "../../../src/mcp/index.js";
import type { TestEmulator } from "../../support/test-emulator.js";

export interface Clock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** A clock that moves only when something sleeps: waits finish at once, and the emulator can share it. */
export function fakeClock(start = Date.now()): Clock {
  let t = start;
  return { now: () => t, sleep: async (ms) => void (t += ms) };
}

export function emulatorClient(emu: TestEmulator, clock?: Clock) {
  const tokenProvider = createTokenProvider({ keyId: emu.key.keyId, issuerId: emu.key.issuerId, privateKey: emu.key.privateKeyPem, now: clock?.now });
  return createClient({ baseUrl: emu.emulator.url, tokenProvider, now: clock?.now, sleep: clock?.sleep, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
}

export type Harness = Awaited<ReturnType<typeof connectMcp>>;

export async function connectMcp(emu: TestEmulator, options: Partial<CreateMcpServerOptions> & { clock?: Clock } = {}) {
  const { clock, ...rest } = options;
  const client = emulatorClient(emu, clock);
  const server = createMcpServer({
    client: async () => client,
    keyInfo: async () => ({ keyId: emu.key.keyId, keyType: "team", keySource: `file ${emu.files.p8Path}` }),
    now: clock?.now,
    sleep: clock?.sleep,
    ...rest,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const mcp = new Client({ name: "asckit-test", version: "1.0.0" });
  await Promise.all([server.connect(serverSide), mcp.connect(clientSide)]);
  /** Every text the agent received, to check that no secret ever left the server. */
  const transcripts: string[] = [];
  return {
    mcp,
    server,
    transcripts,
    async call(name: string, args: Record<string, unknown> = {}) {
      const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult;
      transcripts.push(JSON.stringify(result));
      return result;
    },
    async close() {
      await mcp.close();
      await server.close();
    },
  };
}

export const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
export const dataOf = <T = Record<string, unknown>>(r: CallToolResult) => r.structuredContent as T;
