// A local web server standing in for privacy-policy and support pages: reachable, missing, HEAD-refusing and silent URLs.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface UrlServer {
  url(path: string): string;
  /** An address on which nothing listens. */
  closedUrl: string;
  hits: string[];
  close(): Promise<void>;
}

export async function startUrlServer(): Promise<UrlServer> {
  const hits: string[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (req.url === "/slow") {
      hanging.add(res);
      return;
    }
    if (req.url === "/missing") res.writeHead(404).end("gone");
    else if (req.url === "/head-refused" && req.method === "HEAD") res.writeHead(405).end();
    else if (req.url === "/moved") res.writeHead(301, { Location: "/ok" }).end();
    else res.writeHead(200, { "Content-Type": "text/html" }).end("<h1>ok</h1>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    closedUrl: `http://127.0.0.1:${closedPort}/privacy`,
    hits,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
