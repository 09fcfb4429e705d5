// A stand-in API on 127.0.0.1 port 0 that records every request and answers from a handler, for
// in-process CLI tests that must prove what was (or was not) sent.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  /** Path and query exactly as received on the wire. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface ServerReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordingServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startRecordingServer(handler: (req: SeenRequest) => ServerReply = () => ({ status: 200, body: { data: [], links: { self: "/" } } })): Promise<RecordingServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen: SeenRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(seen);
      const reply = handler(seen);
      res.writeHead(reply.status, { "content-type": "application/json", date: new Date().toUTCString(), ...reply.headers });
      res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // fetch keeps connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}
