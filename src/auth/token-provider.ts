import type { KeyObject } from "node:crypto";
import { SignJWT } from "jose/jwt/sign";
import type { JWTPayload } from "jose";
import { ValidationError } from "../errors/asckit-error.js";
import { validateIssuerId, validateKeyId } from "./key-identifiers.js";
import { checkAppStoreConnectKey, loadPrivateKey } from "./key-material.js";

/** Mints and caches the ES256 bearer tokens App Store Connect expects (fact sheet §1). */
export interface TokenProvider {
  getToken(): Promise<string>;
  /** Drops the cached token so the next getToken mints a new one (the client calls this after a 401). */
  invalidate(): void;
  readonly keyId: string;
  readonly keyType: "team" | "individual";
  readonly lifetimeSeconds: number;
}

export interface TokenProviderOptions {
  keyId: string;
  /** The team's issuer ID; absent or "" means an individual key (`sub: "user"`, no `iss`). */
  issuerId?: string;
  privateKey: string | KeyObject;
  /** exp − iat. Default 900; Apple rejects more than 1200 for ordinary requests. */
  lifetimeSeconds?: number;
  /** How far `iat` is set in the past so a server clock behind ours still accepts the token. Default 60. */
  backdateSeconds?: number;
  /** A cached token with less than this left before `exp` is replaced. Default 60. */
  refreshMarginSeconds?: number;
  /** Epoch milliseconds. */
  now?: () => number;
  /** Optional `scope` claim, entries like "GET /v1/apps?filter[platform]=IOS". */
  scope?: string[];
}

export const APP_STORE_CONNECT_AUDIENCE = "appstoreconnect-v1";
export const MAX_TOKEN_LIFETIME_SECONDS = 1200;
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 900;
const DEFAULT_BACKDATE_SECONDS = 60;
const DEFAULT_REFRESH_MARGIN_SECONDS = 60;

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const keyId = validateKeyId(options.keyId);
  const issuerId = options.issuerId ? validateIssuerId(options.issuerId) : undefined;
  const keyType = issuerId === undefined ? "individual" : "team";
  const lifetime = options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const backdate = options.backdateSeconds ?? DEFAULT_BACKDATE_SECONDS;
  const margin = options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS;
  checkTiming(lifetime, backdate, margin);
  const scope = options.scope === undefined ? undefined : checkScope(options.scope);
  const key = typeof options.privateKey === "string" ? loadPrivateKey(options.privateKey) : checkAppStoreConnectKey(options.privateKey);
  const now = options.now ?? Date.now;

  let cached: { token: string; expMs: number } | undefined;
  let inflight: Promise<string> | undefined;
  // Bumped by invalidate() so a mint that was already running cannot refill the cache with a token the
  // caller has just declared bad.
  let generation = 0;

  async function mint(): Promise<{ token: string; expMs: number }> {
    const iat = Math.floor(now() / 1000) - backdate;
    const exp = iat + lifetime;
    const payload: JWTPayload = {
      ...(issuerId === undefined ? { sub: "user" } : { iss: issuerId }),
      iat,
      exp,
      aud: APP_STORE_CONNECT_AUDIENCE,
      ...(scope ? { scope } : {}),
    };
    const token = await new SignJWT(payload).setProtectedHeader({ alg: "ES256", kid: keyId, typ: "JWT" }).sign(key);
    return { token, expMs: exp * 1000 };
  }

  return {
    keyId,
    keyType,
    lifetimeSeconds: lifetime,
    getToken() {
      if (cached && cached.expMs - now() >= margin * 1000) return Promise.resolve(cached.token);
      if (inflight) return inflight;
      const started = generation;
      const pending = mint().then((minted) => {
        if (started === generation) cached = minted;
        return minted.token;
      });
      inflight = pending;
      const settle = () => {
        if (inflight === pending) inflight = undefined;
      };
      // Handles the rejection for this bookkeeping branch only; callers still see it through `pending`.
      pending.then(settle, settle);
      return pending;
    },
    invalidate() {
      cached = undefined;
      inflight = undefined;
      generation += 1;
    },
  };
}

function checkTiming(lifetime: number, backdate: number, margin: number): void {
  if (!Number.isInteger(lifetime) || lifetime <= 0 || lifetime > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new ValidationError(
      `Token lifetime must be a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS} (got ${lifetime}); App Store Connect rejects tokens that live longer than 20 minutes`,
      { field: "lifetimeSeconds", category: "usage", hint: `Use the default (${DEFAULT_TOKEN_LIFETIME_SECONDS} s) or any value up to ${MAX_TOKEN_LIFETIME_SECONDS}.` },
    );
  }
  if (!Number.isInteger(backdate) || backdate < 0) {
    throw new ValidationError(`backdateSeconds must be a whole number ≥ 0 (got ${backdate})`, { field: "backdateSeconds", category: "usage" });
  }
  if (!Number.isFinite(margin) || margin < 0) {
    throw new ValidationError(`refreshMarginSeconds must be ≥ 0 (got ${margin})`, { field: "refreshMarginSeconds", category: "usage" });
  }
  // A fresh token is usable for lifetime − backdate seconds; if the margin eats all of that, every call re-mints.
  if (lifetime - backdate <= margin) {
    throw new ValidationError(
      `Token lifetime (${lifetime} s) must exceed backdateSeconds (${backdate}) + refreshMarginSeconds (${margin}), or every request would mint a new token`,
      { field: "lifetimeSeconds", category: "usage" },
    );
  }
}

function checkScope(scope: string[]): string[] {
  // An empty scope matches nothing (Apple rejects the token), so it is a mistake rather than "no scope".
  if (scope.length === 0) {
    throw new ValidationError("Token scope is empty; leave it out for an unscoped token", { field: "scope", category: "usage" });
  }
  for (const entry of scope) {
    if (typeof entry !== "string" || !/^[A-Z]+ \/\S*$/.test(entry)) {
      throw new ValidationError(`Token scope entry ${JSON.stringify(entry)} is not "METHOD /path[?query]"`, {
        field: "scope",
        category: "usage",
        hint: 'Example: "GET /v1/apps?filter[platform]=IOS"',
      });
    }
  }
  return [...scope];
}
