// Shared by the emulator HTTP tests: a recording fake engine, token minting with jose (never src/auth),
// and an emulator factory with a controllable clock.
import { createPrivateKey } from "node:crypto";
import { gzipSync } from "node:zlib";
import { SignJWT } from "jose";
import { expect } from "vitest";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../../../src/emulator/index.js";
import type { ApiRequest, ApiResult, Engine } from "../../../../src/emulator/engine-types.js";

export interface FakeEngine extends Engine {
  requests: ApiRequest[];
}

/** Answers every operation with a minimal, correctly shaped document for its response kind. */
export function createFakeEngine(): FakeEngine {
  const requests: ApiRequest[] = [];
  return {
    requests,
    handle(request): ApiResult {
      requests.push(request);
      const { response } = request.operation;
      const self = `${request.baseUrl}${request.path}`;
      switch (response.kind) {
        case "collection":
          return { status: 200, body: { data: [], links: { self }, meta: { paging: { total: 0, limit: Number(request.query.limit ?? 50) } } } };
        case "single":
          if (request.method === "POST") {
            const id = "6450000001";
            return { status: 201, body: { data: { type: response.type, id, attributes: {}, links: { self: `${self}/${id}` } }, links: { self: `${self}/${id}` } } };
          }
          return { status: 200, body: { data: { type: response.type, id: request.params.id ?? "1", attributes: {}, links: { self } }, links: { self } } };
        case "binary":
          return { status: 200, body: gzipSync("Provider\tSKU\nAPPLE\tdemo\n") };
        case "none":
          return { status: 204 };
        default:
          return { status: response.status, body: { data: [], links: { self } } };
      }
    },
  };
}

export interface TestKey {
  keyId: string;
  issuerId?: string;
  privateKeyPem: string;
}

export interface MintOptions {
  /** Epoch seconds used for iat (default: the test clock). */
  iat?: number;
  /** Seconds between iat and exp (default 1200). */
  lifetime?: number;
  aud?: unknown;
  iss?: unknown;
  sub?: unknown;
  scope?: unknown;
  kid?: string;
  alg?: "ES256";
  /** Drop these claims from the payload. */
  omit?: string[];
}

/** Signs a token the way a correct App Store Connect client does (ES256, raw r||s), unless told otherwise. */
export async function mintToken(key: TestKey, nowMs: number, options: MintOptions = {}): Promise<string> {
  const iat = options.iat ?? Math.floor(nowMs / 1000);
  const payload: Record<string, unknown> = {
    aud: "appstoreconnect-v1",
    iat,
    exp: iat + (options.lifetime ?? 1200),
    ...(key.issuerId !== undefined ? { iss: key.issuerId } : { sub: "user" }),
  };
  for (const name of ["aud", "iss", "sub", "scope"] as const) if (name in options) payload[name] = options[name];
  for (const name of options.omit ?? []) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: "ES256", kid: options.kid ?? key.keyId, typ: "JWT" }).sign(createPrivateKey(key.privateKeyPem));
}

export interface TestEmulator {
  emulator: Emulator<FakeEngine>;
  engine: FakeEngine;
  key: TestKey;
  clock: { now: number };
  token(options?: MintOptions): Promise<string>;
  /** fetch with a fresh valid token unless `headers.Authorization` is given. */
  call(method: string, target: string, init?: { body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<Response>;
}

export async function startTestEmulator(options: Omit<EmulatorOptions<FakeEngine>, "engine"> = {}): Promise<TestEmulator> {
  const clock = { now: Date.UTC(2025, 0, 15, 12, 0, 0) };
  const engine = createFakeEngine();
  const emulator = await createEmulator<FakeEngine>({ now: () => clock.now, ...options, engine });
  const key = await emulator.createApiKey();
  const token = (mint?: MintOptions) => mintToken(key, clock.now, mint);
  return {
    emulator,
    engine,
    key,
    clock,
    token,
    async call(method, target, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (!Object.keys(headers).some((h) => h.toLowerCase() === "authorization")) headers.Authorization = `Bearer ${await token()}`;
      let body: string | undefined = init.rawBody;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers["Content-Type"] ??= "application/json";
      }
      return fetch(`${emulator.url}${target}`, { method, headers, body });
    },
  };
}

export interface AppleError {
  id: string;
  status: string;
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
}

export async function errorsOf(response: Response): Promise<AppleError[]> {
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = (await response.json()) as { errors: AppleError[] };
  return body.errors;
}
