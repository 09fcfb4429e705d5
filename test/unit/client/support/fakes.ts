// Test doubles for the client: a scripted fetch that records requests (an unexpected request fails the
// test), a fake clock whose sleep advances time instead of waiting, and a counting token source.
import type { TokenSource } from "../../../../src/client/index.js";

export interface RecordedRequest {
  method: string;
  url: string;
  /** Lower-cased header names, as the server would see them. */
  headers: Record<string, string>;
  body: Buffer | undefined;
}

export type Reply = Response | Error | ((req: RecordedRequest) => Response | Error | Promise<Response | Error>);

export interface ScriptedFetch {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** Replies not consumed yet. */
  pending(): number;
}

/** Replies in order; a request after the script ran out throws, which fails the test. */
export function scriptedFetch(replies: Reply[]): ScriptedFetch {
  const queue = [...replies];
  const requests: RecordedRequest[] = [];
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const body = init?.body === undefined || init.body === null ? undefined : Buffer.from(init.body as string | Uint8Array);
    const req: RecordedRequest = { method: init?.method ?? "GET", url: String(input), headers, body };
    requests.push(req);
    const next = queue.shift();
    if (next === undefined) throw new Error(`unexpected request: ${req.method} ${req.url}`);
    const reply = typeof next === "function" ? await next(req) : next;
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { fetch: impl as typeof fetch, requests, pending: () => queue.length };
}

/** A routing fetch for concurrent tests: the handler decides per request. */
export function handlerFetch(handler: (req: RecordedRequest) => Promise<Response | Error> | Response | Error): ScriptedFetch {
  const requests: RecordedRequest[] = [];
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const body = init?.body === undefined || init.body === null ? undefined : Buffer.from(init.body as string | Uint8Array);
    const req: RecordedRequest = { method: init?.method ?? "GET", url: String(input), headers, body };
    requests.push(req);
    const reply = await handler(req);
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { fetch: impl as typeof fetch, requests, pending: () => 0 };
}

export const RATE = "user-hour-lim:3600;user-hour-rem:3598;";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "x-rate-limit": RATE, ...headers } });
}

export function text(status: number, body: string, contentType: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": contentType, ...headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "x-rate-limit": RATE } });
}

/** What undici throws when a connection fails: TypeError("fetch failed") with the system error as cause. */
export function fetchFailed(code: string, message = `connect ${code} 17.0.0.1:443`): Error {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

export interface FakeClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  sleeps: number[];
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Hands out distinct JWT-shaped tokens; counts invalidations. */
export function fakeTokens(): TokenSource & { minted: string[]; invalidations: number } {
  const state = {
    minted: [] as string[],
    invalidations: 0,
    current: undefined as string | undefined,
  };
  return {
    get minted() {
      return state.minted;
    },
    get invalidations() {
      return state.invalidations;
    },
    async getToken() {
      if (!state.current) {
        state.current = `eyJhbGciOiJFUzI1NiIsImtpZCI6IjJYOVI0SFhGMzQifQ.eyJpc3MiOiJ0ZXN0In0.c2lnbmF0dXJl${state.minted.length}`;
        state.minted.push(state.current);
      }
      return state.current;
    },
    invalidate() {
      state.invalidations++;
      state.current = undefined;
    },
  };
}

/** Apple's live 401 body (facts file §1.6). */
export const NOT_AUTHORIZED_BODY = {
  errors: [
    {
      status: "401",
      code: "NOT_AUTHORIZED",
      title: "Authentication credentials are missing or invalid.",
      detail:
        "Provide a properly configured and signed bearer token, and make sure that it has not expired. Learn more about Generating Tokens for API Requests https://developer.apple.com/go/?id=api-generating-tokens",
    },
  ],
};
