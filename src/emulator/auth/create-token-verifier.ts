import { compactVerify, decodeProtectedHeader } from "jose";
import type { KeyRegistry } from "./key-registry.js";
import { notAuthorized } from "./not-authorized.js";
import { scopeAllowsLongLifetime, scopeMatches, type ScopedRequest } from "./scope-matches.js";

export const AUDIENCE = "appstoreconnect-v1";
/** "Tokens that expire more than 20 minutes into the future are not valid." */
export const MAX_LIFETIME_S = 20 * 60;
/** Scoped GET-only tokens for Xcode Cloud and metrics may live up to six months. */
export const MAX_LONG_LIFETIME_S = 180 * 24 * 60 * 60;
/** Tolerated clock skew for `iat` ahead of the server (Apple's exact tolerance is undocumented). */
export const MAX_IAT_SKEW_S = 60;

export interface VerifiedToken {
  keyId: string;
  /** Issuer id (team key) or key id (individual key). */
  actor: string;
}

export interface TokenVerifier {
  /** Checks an `Authorization` header like Apple does; throws the 401 `ApiFailure` otherwise. */
  verify(authorization: string | undefined, request: ScopedRequest): Promise<VerifiedToken>;
  /** Every token verified so far stops working; tokens never seen before still work. */
  revokeAll(): void;
  /** The `kid` of a registered key named by the header, without verifying (for `X-Rate-Limit` on early errors). */
  peekKeyId(authorization: string | undefined): string | undefined;
}

const bearer = (authorization: string | undefined): string | undefined => /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
// The signature is unique per token and enough to recognise it; the whole token need not be kept.
const signatureOf = (token: string) => token.slice(token.lastIndexOf(".") + 1);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function createTokenVerifier(options: { keys: KeyRegistry; now: () => number }): TokenVerifier {
  const { keys, now } = options;
  let seen = new Set<string>();
  const revoked = new Set<string>();

  const headerOf = (token: string) => {
    try {
      return decodeProtectedHeader(token);
    } catch {
      return undefined;
    }
  };

  return {
    peekKeyId(authorization) {
      const token = bearer(authorization);
      const kid = token ? headerOf(token)?.kid : undefined;
      return kid && keys.get(kid) ? kid : undefined;
    },

    revokeAll() {
      for (const s of seen) revoked.add(s);
      seen = new Set();
    },

    async verify(authorization, request) {
      const token = bearer(authorization);
      if (!token) throw notAuthorized("missing bearer token");
      const header = headerOf(token);
      if (!header) throw notAuthorized("malformed token");
      if (header.alg !== "ES256") throw notAuthorized(`alg must be ES256, got ${String(header.alg)}`);
      const key = typeof header.kid === "string" ? keys.get(header.kid) : undefined;
      if (!key) throw notAuthorized("kid is not a registered key");
      if (revoked.has(signatureOf(token))) throw notAuthorized("token revoked");

      let claims: unknown;
      try {
        const { payload } = await compactVerify(token, key.publicKey, { algorithms: ["ES256"] });
        claims = JSON.parse(new TextDecoder().decode(payload));
      } catch {
        throw notAuthorized("signature does not verify with the key named by kid (ES256 needs raw r||s, not DER)");
      }
      if (!isObject(claims)) throw notAuthorized("payload is not a JSON object");

      if (claims.aud !== AUDIENCE) throw notAuthorized(`aud must be "${AUDIENCE}"`);
      if (key.issuerId !== undefined) {
        if (claims.iss !== key.issuerId) throw notAuthorized("iss does not match the key's issuer id");
        // A team key's token carrying `sub` is one of the classic mistakes in facts §1.5; treat it as invalid.
        if (claims.sub !== undefined) throw notAuthorized("team keys must not send sub");
      } else {
        if (claims.sub !== "user") throw notAuthorized('individual keys must send sub "user"');
        if (claims.iss !== undefined) throw notAuthorized("individual keys must not send iss");
      }

      const { iat, exp } = claims;
      if (typeof iat !== "number" || typeof exp !== "number") throw notAuthorized("iat and exp must be numbers (epoch seconds)");
      const nowS = now() / 1000;
      if (exp <= nowS) throw notAuthorized("token expired");
      if (iat > nowS + MAX_IAT_SKEW_S) throw notAuthorized("iat is in the future");
      if (exp <= iat) throw notAuthorized("exp must be after iat");

      const scope = claims.scope;
      if (scope !== undefined && (!Array.isArray(scope) || !scope.every((s) => typeof s === "string"))) {
        throw notAuthorized("scope must be an array of strings");
      }
      const maxLifetime = scopeAllowsLongLifetime(scope) ? MAX_LONG_LIFETIME_S : MAX_LIFETIME_S;
      if (exp - iat > maxLifetime) throw notAuthorized(`lifetime exp - iat exceeds ${maxLifetime} s`);
      // Apple: "Tokens that expire more than 20 minutes into the future are not valid". Measured from
      // the server's clock, so an iat set ahead (within the skew tolerance) cannot stretch the lifetime.
      if (exp > nowS + maxLifetime) throw notAuthorized(`exp is more than ${maxLifetime} s in the future`);
      if (scope !== undefined && !scopeMatches(scope, request)) throw notAuthorized("no scope entry matches this request");

      seen.add(signatureOf(token));
      return { keyId: key.keyId, actor: key.issuerId ?? key.keyId };
    },
  };
}
