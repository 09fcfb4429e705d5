import type { IncomingHttpHeaders } from "node:http";
import { findOperation, methodsForPath, type OperationMatch, type OperationSpec } from "../../spec/operation-table.js";
import { ApiFailure, pathError } from "../api-failure.js";
import type { TokenVerifier } from "../auth/create-token-verifier.js";
import type { ApiRequest, ApiResult, Engine } from "../engine-types.js";
import type { FaultInjector } from "../faults/create-fault-injector.js";
import { injectedReply } from "../faults/injected-reply.js";
import type { RateLimiter } from "./create-rate-limiter.js";
import type { ExtraRoute } from "./extra-route.js";
import { methodNotAllowed, rateLimitExceeded, unexpectedError } from "./http-failures.js";
import { jsonReply, type Reply } from "./reply.js";
import { validateBody } from "./validate-body.js";
import { validateQuery } from "./validate-query.js";

export interface IncomingApiRequest {
  method: string;
  /** The request target as received, e.g. `/v1/apps?limit=5`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  baseUrl: string;
}

export interface RequestHandlerOptions {
  engine: () => Engine;
  verifier: TokenVerifier;
  rateLimiter: RateLimiter;
  faults: FaultInjector;
  extraRoutes: () => readonly ExtraRoute[];
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  newId: () => string;
}

/**
 * Path and decoded query of a request target. A repeated parameter is comma-joined, like Apple's
 * `explode: false` lists. The target is appended to a dummy origin rather than resolved against it,
 * so `//x/y` stays a path instead of becoming a host.
 */
export function parseTarget(target: string): { path: string; query: Record<string, string>; pairs: Array<[string, string]> } {
  let url: URL;
  try {
    url = new URL(`http://emulator.invalid${target.startsWith("/") ? "" : "/"}${target}`);
  } catch {
    // Unparseable targets route nowhere (404 PATH_ERROR) rather than failing the connection.
    return { path: target, query: {}, pairs: [] };
  }
  const query: Record<string, string> = {};
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of url.searchParams) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
    pairs.push([name, value]);
  }
  return { path: url.pathname, query, pairs };
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The API pipeline for one request: route → JWT → rate limit → faults → query → body → engine.
 * Injected faults are decided after the rate-limit check but before the request is counted, so a
 * faulted request never spends budget: only requests that reach validation and the engine do
 * (Apple's own accounting of failed requests is undocumented).
 */
export function createRequestHandler(options: RequestHandlerOptions): (request: IncomingApiRequest) => Promise<Reply> {
  const { verifier, rateLimiter, faults, now, sleep, newId } = options;

  const failureReply = (error: unknown): Reply => {
    const failure = error instanceof ApiFailure ? error : unexpectedError({ emulatorError: error instanceof Error ? error.message : String(error) });
    return jsonReply(failure.status, failure.toBody(newId), failure.headers);
  };

  /** Decides faults synchronously (so budget is spent before any await), then waits out the latency. */
  const applyFaults = (method: string, path: string, beforeWait: () => void = () => undefined): Promise<Reply | undefined> => {
    const decision = faults.decide({ method, path });
    if (decision.revokeTokens) verifier.revokeAll();
    if (!decision.outcome) beforeWait();
    const reply = decision.outcome ? injectedReply(decision.outcome, failureReply) : undefined;
    return decision.latencyMs > 0 ? sleep(decision.latencyMs).then(() => reply) : Promise.resolve(reply);
  };

  const handleExtra = async (route: ExtraRoute, match: RegExpExecArray, request: IncomingApiRequest, path: string, query: Record<string, string>): Promise<Reply> => {
    try {
      const faulted = await applyFaults(request.method, path);
      if (faulted) return faulted;
      const result = await route.handle({ method: request.method, path, match, query, headers: request.headers, body: request.body, baseUrl: request.baseUrl, now: now() });
      return resultReply(result);
    } catch (error) {
      return failureReply(error);
    }
  };

  return async (request) => {
    const method = request.method.toUpperCase();
    const { path, query } = parseTarget(request.url);

    for (const route of options.extraRoutes()) {
      route.path.lastIndex = 0;
      const match = route.method.toUpperCase() === method ? route.path.exec(path) : null;
      if (match) return handleExtra(route, match, request, path, query);
    }

    const authorization = header(request.headers, "authorization");
    let keyId: string | undefined;
    let reply: Reply;
    try {
      const { operation, params } = routeOperation(method, path);
      const verified = await verifier.verify(authorization, { method, path, query });
      keyId = verified.keyId;
      const spender = keyId;
      if (rateLimiter.remaining(spender, now()) <= 0) throw rateLimitExceeded();
      const faulted = await applyFaults(method, path, () => rateLimiter.consume(spender, now()));
      if (faulted) reply = faulted;
      else {
        validateQuery(operation, query);
        const body = validateBody(operation, params, request.body, header(request.headers, "content-type"));
        const apiRequest: ApiRequest = { method: operation.method, path, params, query, body, operation, baseUrl: request.baseUrl, now: now(), actor: verified.actor };
        reply = resultReply(await options.engine().handle(apiRequest), operation);
      }
    } catch (error) {
      reply = failureReply(error);
    }
    if (reply.kind === "response") reply.headers["X-Rate-Limit"] = rateLimiter.header(keyId ?? verifier.peekKeyId(authorization), now());
    return reply;
  };
}

function routeOperation(method: string, path: string): OperationMatch {
  let match: OperationMatch | undefined;
  let methods: string[];
  try {
    match = findOperation(method, path);
    methods = match ? [] : methodsForPath(path);
  } catch {
    // A malformed percent-escape cannot name any resource.
    throw pathError(path);
  }
  if (match) return match;
  if (methods.length) throw methodNotAllowed(method, path, methods);
  throw pathError(path);
}

function resultReply(result: ApiResult, operation?: OperationSpec): Reply {
  const headers: Record<string, string> = { ...result.headers };
  if (result.status === 204 || result.body === undefined) return { kind: "response", status: result.status, headers };
  if (Buffer.isBuffer(result.body)) {
    const hasType = Object.keys(headers).some((h) => h.toLowerCase() === "content-type");
    if (!hasType) headers["Content-Type"] = operation?.response.contentType ?? "application/octet-stream";
    return { kind: "response", status: result.status, headers, body: result.body };
  }
  // Apple answers a create with `Location` naming the new resource.
  const self = (result.body as { data?: { links?: { self?: unknown } } }).data?.links?.self;
  if (result.status === 201 && typeof self === "string" && !Object.keys(headers).some((h) => h.toLowerCase() === "location")) headers.Location = self;
  return jsonReply(result.status, result.body, headers);
}
