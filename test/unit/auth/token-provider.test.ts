import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AsckitError, ValidationError } from "../../../src/errors/asckit-error.js";
import { CredentialsError } from "../../../src/auth/credentials-error.js";
import { KeyFormatError } from "../../../src/auth/key-format-error.js";
import { createTokenProvider } from "../../../src/auth/token-provider.js";
import type { TokenProviderOptions } from "../../../src/auth/token-provider.js";
import { p256Key } from "./test-keys.js";

const key = p256Key();
const KEY_ID = "2X9R4HXF34";
const ISSUER = "57246542-96fe-1a63-e053-0824d011072a"; // Apple's documented example
const T0 = 1_700_000_000_000; // epoch ms, a whole second

function fakeClock(start = T0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

function decode(token: string) {
  const [h, p, s] = token.split(".");
  const json = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
  return { header: json(h!), payload: json(p!), signature: Buffer.from(s!, "base64url"), signingInput: `${h}.${p}` };
}

const provider = (extra: Partial<TokenProviderOptions> = {}) =>
  createTokenProvider({ keyId: KEY_ID, issuerId: ISSUER, privateKey: key.pkcs8Pem, now: fakeClock().now, ...extra });

describe("claims", () => {
  it("team key: header, iss, aud, iat back-dated 60 s, 15-minute lifetime in seconds", async () => {
    const p = provider();
    expect(p.keyType).toBe("team");
    expect(p.keyId).toBe(KEY_ID);
    expect(p.lifetimeSeconds).toBe(900);
    const { header, payload } = decode(await p.getToken());
    expect(header).toEqual({ alg: "ES256", kid: KEY_ID, typ: "JWT" });
    expect(payload).toEqual({ iss: ISSUER, iat: T0 / 1000 - 60, exp: T0 / 1000 - 60 + 900, aud: "appstoreconnect-v1" });
  });

  it("individual key: sub 'user' and no iss (issuerId absent or empty)", async () => {
    for (const issuerId of [undefined, ""]) {
      const p = createTokenProvider({ keyId: KEY_ID, issuerId, privateKey: key.privateKey, now: () => T0 });
      expect(p.keyType).toBe("individual");
      const { payload } = decode(await p.getToken());
      expect(payload).toEqual({ sub: "user", iat: T0 / 1000 - 60, exp: T0 / 1000 + 840, aud: "appstoreconnect-v1" });
    }
  });

  it("includes scope when given, and honours custom lifetime and back-date", async () => {
    const scope = ["GET /v1/apps?filter[platform]=IOS"];
    const { payload } = decode(await provider({ scope, lifetimeSeconds: 1200, backdateSeconds: 30 }).getToken());
    expect(payload.scope).toEqual(scope);
    expect(payload.iat).toBe(T0 / 1000 - 30);
    expect((payload.exp as number) - (payload.iat as number)).toBe(1200);
  });

  it("floors sub-second clocks to whole seconds", async () => {
    const { payload } = decode(await provider({ now: () => T0 + 999 }).getToken());
    expect(payload.iat).toBe(T0 / 1000 - 60);
    expect(Number.isInteger(payload.exp)).toBe(true);
  });

  it("signature is raw 64-byte r||s that verifies with ieee-p1363", async () => {
    const { signature, signingInput } = decode(await provider().getToken());
    expect(signature.length).toBe(64);
    expect(verify("sha256", Buffer.from(signingInput), { key: key.publicKey, dsaEncoding: "ieee-p1363" }, signature)).toBe(true);
    const other = p256Key();
    expect(verify("sha256", Buffer.from(signingInput), { key: other.publicKey, dsaEncoding: "ieee-p1363" }, signature)).toBe(false);
  });
});

describe("lifetime limits", () => {
  it.each([1201, 3600, 0, -5, 90.5, Number.NaN])("refuses lifetime %s with a usage ValidationError", (lifetimeSeconds) => {
    const attempt = () => provider({ lifetimeSeconds });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (e) {
      expect((e as ValidationError).category).toBe("usage");
      expect((e as ValidationError).field).toBe("lifetimeSeconds");
    }
  });

  it("accepts exactly 1200 s", async () => {
    const { payload } = decode(await provider({ lifetimeSeconds: 1200 }).getToken());
    expect((payload.exp as number) - (payload.iat as number)).toBe(1200);
  });

  it("refuses a lifetime the back-date and refresh margin would use up", () => {
    expect(() => provider({ lifetimeSeconds: 120 })).toThrow(/must exceed backdateSeconds \(60\) \+ refreshMarginSeconds \(60\)/);
    expect(provider({ lifetimeSeconds: 120, backdateSeconds: 30, refreshMarginSeconds: 30 }).lifetimeSeconds).toBe(120);
  });

  it("refuses empty or malformed scope", () => {
    expect(() => provider({ scope: [] })).toThrow(ValidationError);
    expect(() => provider({ scope: ["/v1/apps"] })).toThrow(/METHOD \/path/);
  });
});

describe("caching", () => {
  it("reuses the token until less than the refresh margin remains, then re-mints", async () => {
    const clock = fakeClock();
    const p = provider({ now: clock.now });
    const first = await p.getToken();
    clock.advance(60_000);
    expect(await p.getToken()).toBe(first);
    // exp is T0 + 840 s; the 60 s margin starts at T0 + 780 s.
    clock.set(T0 + 780_000);
    expect(await p.getToken()).toBe(first);
    clock.set(T0 + 780_001);
    const second = await p.getToken();
    expect(second).not.toBe(first);
    expect(decode(second).payload.iat).toBe(Math.floor((T0 + 780_001) / 1000) - 60);
    clock.advance(1000);
    expect(await p.getToken()).toBe(second);
  });

  it("invalidate() forces a new token on the next call", async () => {
    const clock = fakeClock();
    const p = provider({ now: clock.now });
    const first = await p.getToken();
    clock.advance(5000);
    p.invalidate();
    const second = await p.getToken();
    expect(second).not.toBe(first);
    expect(decode(second).payload.iat).toBe(T0 / 1000 + 5 - 60);
    expect(await p.getToken()).toBe(second);
  });

  it("concurrent calls share one mint", async () => {
    const p = provider();
    const tokens = await Promise.all([p.getToken(), p.getToken(), p.getToken(), p.getToken()]);
    // ECDSA signatures are randomised: separate mints would differ even with the same claims.
    expect(new Set(tokens).size).toBe(1);
  });

  it("a mint in flight during invalidate() does not refill the cache", async () => {
    const p = provider();
    const early = p.getToken();
    p.invalidate();
    const fresh = await p.getToken();
    expect(fresh).not.toBe(await early);
    expect(await p.getToken()).toBe(fresh);
  });
});

describe("identifiers and keys", () => {
  it.each([
    ["", /key ID is empty/],
    ["2X9R 4HXF34", /contains whitespace/],
  ])("refuses key ID %j", (keyId, message) => {
    expect(() => provider({ keyId })).toThrow(message);
    expect(() => provider({ keyId })).toThrow(CredentialsError);
  });

  it("refuses an issuer ID that is not UUID-shaped, without echoing it", () => {
    try {
      provider({ issuerId: "my-team-issuer" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AsckitError);
      expect((e as AsckitError).category).toBe("auth");
      expect((e as Error).message).toMatch(/issuer ID is not a UUID/);
      expect((e as Error).message).not.toContain("my-team-issuer");
    }
  });

  it("refuses a non-P-256 KeyObject or key text before minting", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
    expect(() => provider({ privateKey: rsa.privateKey })).toThrow(KeyFormatError);
    expect(() => provider({ privateKey: "garbage" })).toThrow(KeyFormatError);
  });

  it("accepts the key as a mangled env string", async () => {
    const p = provider({ privateKey: `"${key.pkcs8Pem.trim().replace(/\n/g, "\\n")}"` });
    expect((await p.getToken()).split(".")).toHaveLength(3);
  });
});
