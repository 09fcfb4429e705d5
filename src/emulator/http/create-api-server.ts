import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { parseTarget, type IncomingApiRequest } from "./create-request-handler.js";
import type { Reply } from "./reply.js";
import type { RequestLogEntry } from "./request-log-entry.js";

export interface ServerStats {
  requests: number;
  /** Counts by response status; dropped connections are counted under `"dropped"`. */
  byStatus: Record<string, number>;
}

export interface ApiServer {
  /** `http://HOST:PORT` */
  url: string;
  stats(): ServerStats;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  host: string;
  port: number;
  handle: (request: IncomingApiRequest) => Promise<Reply>;
  newId: () => string;
  /** The emulator's clock for the Date header (default Date.now). */
  now?: () => number;
  onRequest?: (entry: RequestLogEntry) => void;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

const parsedJson = (raw: Buffer): unknown => {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
};

/** A node:http server that reads each request whole, asks `handle` for the reply, writes it, and logs it. */
export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const stats: ServerStats = { requests: 0, byStatus: {} };
  const count = (key: string) => (stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1);

  const server = createServer((req, res) => {
    const started = performance.now();
    stats.requests++;
    const method = (req.method ?? "GET").toUpperCase();
    const target = req.url ?? "/";

    void (async () => {
      let body: Buffer = Buffer.alloc(0);
      let reply: Reply;
      try {
        body = await readBody(req);
        reply = await options.handle({ method, url: target, headers: req.headers, body, baseUrl: `http://${req.headers.host ?? address()}` });
      } catch {
        // The handler turns every failure into a reply; reaching here means the socket itself failed.
        reply = { kind: "drop" };
      }

      const log = (status: number) => {
        if (!options.onRequest) return;
        const { path, query, pairs } = parseTarget(target);
        const userAgent = req.headers["user-agent"];
        const parsed = parsedJson(body);
        try {
          options.onRequest({
            method,
            path,
            query,
            queryPairs: pairs,
            ...(parsed !== undefined ? { body: parsed } : {}),
            status,
            ms: Math.round((performance.now() - started) * 100) / 100,
            ...(userAgent ? { userAgent } : {}),
          });
        } catch {
          // A faulty log hook must not take the server down.
        }
      };

      if (reply.kind === "drop") {
        count("dropped");
        req.socket.destroy();
        log(0);
        return;
      }
      count(String(reply.status));
      // Date comes from the emulator's clock, so a skewed emulator shows clients their clock skew.
      res.writeHead(reply.status, { Date: new Date(options.now?.() ?? Date.now()).toUTCString(), "X-Request-ID": options.newId(), ...reply.headers, ...(reply.body ? { "Content-Length": String(reply.body.length) } : {}) });
      res.end(reply.status === 204 ? undefined : reply.body, () => log(reply.status));
    })();
  });

  const address = () => {
    const a = server.address() as AddressInfo;
    return `${a.address.includes(":") ? `[${a.address}]` : a.address}:${a.port}`;
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  return {
    url: `http://${address()}`,
    stats: () => ({ requests: stats.requests, byStatus: { ...stats.byStatus } }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
