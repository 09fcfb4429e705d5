import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorsOf, mintToken, startTestEmulator, type TestEmulator, type TestKey } from "./helpers.js";

// Apple's live 401 body (facts §1.6), byte for byte apart from the error id.
const APPLE_401 = {
  status: "401",
  code: "NOT_AUTHORIZED",
  title: "Authentication credentials are missing or invalid.",
  detail:
    "Provide a properly configured and signed bearer token, and make sure that it has not expired. Learn more about Generating Tokens for API Requests https://developer.apple.com/go/?id=api-generating-tokens",
};

describe("JWT verification", () => {
  let t: TestEmulator;
  let individual: TestKey;
  beforeAll(async () => {
    t = await startTestEmulator();
    individual = await t.emulator.createApiKey({ individual: true });
  });
  afterAll(() => t.emulator.close());

  const withToken = (token: string, target = "/v1/apps") => t.call("GET", target, { headers: { Authorization: `Bearer ${token}` } });

  const expect401 = async (res: Response, reason: RegExp) => {
    expect(res.status).toBe(401);
    const errors = await errorsOf(res);
    expect(errors).toHaveLength(1);
    const { id, ...rest } = errors[0]!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest).toEqual(APPLE_401);
    expect(res.headers.get("x-emulator-auth-reason")).toMatch(reason);
    expect(res.headers.get("x-rate-limit")).toMatch(/^user-hour-lim:3600;user-hour-rem:\d+;$/);
  };

  it("accepts a correct team-key token and reports the issuer as actor", async () => {
    const res = await withToken(await t.token());
    expect(res.status).toBe(200);
    expect(t.key.issuerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.key.keyId).toMatch(/^[A-Z0-9]{10}$/);
    expect(t.engine.requests.at(-1)!.actor).toBe(t.key.issuerId);
  });

  it("refuses a request without an Authorization header", async () => {
    await expect401(await fetch(`${t.emulator.url}/v1/apps`), /missing/);
    await expect401(await t.call("GET", "/v1/apps", { headers: { Authorization: "Basic abc" } }), /missing/);
  });

  it("refuses a token signed by another key under a registered kid", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const impostor: TestKey = { ...t.key, privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
    await expect401(await withToken(await mintToken(impostor, t.clock.now)), /signature/);
  });

  it("refuses a DER-encoded ECDSA signature (the classic bug; ES256 is raw r||s)", async () => {
    const good = await t.token();
    const [h, p] = good.split(".");
    const der = sign("sha256", Buffer.from(`${h}.${p}`), createPrivateKey(t.key.privateKeyPem));
    await expect401(await withToken(`${h}.${p}.${der.toString("base64url")}`), /signature/);
  });

  it("refuses an unknown kid", async () => {
    await expect401(await withToken(await t.token({ kid: "ZZZZZZZZZZ" })), /kid/);
  });

  it("refuses a token whose header is not ES256", async () => {
    const hs = await new SignJWT({ aud: "appstoreconnect-v1", iss: t.key.issuerId, iat: 1, exp: 2 }).setProtectedHeader({ alg: "HS256", kid: t.key.keyId }).sign(new Uint8Array(32));
    await expect401(await withToken(hs), /ES256/);
    await expect401(await withToken("not.a.token"), /malformed/);
  });

  it("refuses a wrong or missing aud", async () => {
    await expect401(await withToken(await t.token({ aud: "appstoreconnect-v2" })), /aud/);
    await expect401(await withToken(await t.token({ omit: ["aud"] })), /aud/);
  });

  it("refuses a team-key token with the wrong iss, without iss, or with sub", async () => {
    await expect401(await withToken(await t.token({ iss: "57246542-96fe-1a63-e053-0824d011072a" })), /iss/);
    await expect401(await withToken(await t.token({ omit: ["iss"] })), /iss/);
    await expect401(await withToken(await t.token({ sub: "user" })), /sub/);
  });

  it("accepts an individual key's sub:user token and reports the key id as actor", async () => {
    const res = await withToken(await mintToken(individual, t.clock.now));
    expect(res.status).toBe(200);
    expect(individual.issuerId).toBeUndefined();
    expect(t.engine.requests.at(-1)!.actor).toBe(individual.keyId);
  });

  it("refuses an individual key's token without sub:user or with iss", async () => {
    await expect401(await withToken(await mintToken(individual, t.clock.now, { omit: ["sub"] })), /sub/);
    await expect401(await withToken(await mintToken(individual, t.clock.now, { sub: "admin" })), /sub/);
    await expect401(await withToken(await mintToken(individual, t.clock.now, { iss: "57246542-96fe-1a63-e053-0824d011072a" })), /iss/);
  });

  it("refuses an expired token, using the emulator clock", async () => {
    const token = await t.token({ lifetime: 120 });
    expect((await withToken(token)).status).toBe(200);
    t.clock.now += 120_000;
    try {
      await expect401(await withToken(token), /expired/);
    } finally {
      t.clock.now -= 120_000;
    }
  });

  it("accepts a lifetime of exactly 1200 s and refuses 1201 s", async () => {
    expect((await withToken(await t.token({ lifetime: 1200 }))).status).toBe(200);
    await expect401(await withToken(await t.token({ lifetime: 1201 })), /lifetime/);
  });

  it("tolerates iat up to 60 s ahead of the server clock, not more", async () => {
    const nowS = Math.floor(t.clock.now / 1000);
    expect((await withToken(await t.token({ iat: nowS + 60, lifetime: 600 }))).status).toBe(200);
    await expect401(await withToken(await t.token({ iat: nowS + 61, lifetime: 600 })), /future/);
  });

  it("refuses a token that expires more than 20 minutes from now, even with a legal lifetime", async () => {
    const nowS = Math.floor(t.clock.now / 1000);
    await expect401(await withToken(await t.token({ iat: nowS + 50, lifetime: 1200 })), /exp is more than 1200 s in the future/);
    await expect401(await withToken(await t.token({ iat: nowS + 1, lifetime: 1200 })), /in the future/);
    expect((await withToken(await t.token({ iat: nowS + 50, lifetime: 1150 }))).status).toBe(200);
    // asckit's own tokens: 15 minutes, iat back-dated 60 s.
    expect((await withToken(await t.token({ iat: nowS - 60, lifetime: 900 }))).status).toBe(200);
  });

  it("refuses iat/exp in milliseconds", async () => {
    await expect401(await withToken(await t.token({ iat: t.clock.now, lifetime: 1_200_000 })), /lifetime|future/);
  });

  it("enforces scope: a matching entry passes, others fail; limit/cursor/sort are ignored", async () => {
    const scoped = (scope: string[]) => t.token({ scope });
    expect((await withToken(await scoped(["GET /v1/apps?filter[bundleId]=com.example.a"]), "/v1/apps?limit=10&filter%5BbundleId%5D=com.example.a")).status).toBe(200);
    expect((await withToken(await scoped(["GET /v1/builds?filter[app]=1"]), "/v1/builds?sort=-version&filter[app]=1&limit=5")).status).toBe(200);
    await expect401(await withToken(await scoped(["GET /v1/builds?filter[app]=1"]), "/v1/builds?filter[app]=2"), /scope/);
    await expect401(await withToken(await scoped(["GET /v1/builds"]), "/v1/apps"), /scope/);
    await expect401(await withToken(await scoped(["POST /v1/apps"]), "/v1/apps"), /scope/);
    await expect401(await withToken(await t.token({ scope: "GET /v1/apps" })), /scope/);
  });

  it("allows a long lifetime only for GET-only scopes on Apple's long-lived resources", async () => {
    const day = 24 * 3600;
    const ok = await t.token({ lifetime: 30 * day, scope: ["GET /v1/ciProducts"] });
    expect((await withToken(ok, "/v1/ciProducts")).status).toBe(200);
    await expect401(await withToken(await t.token({ lifetime: 30 * day, scope: ["GET /v1/apps"] })), /lifetime/);
    await expect401(await withToken(await t.token({ lifetime: 30 * day })), /lifetime/);
  });

  it("revokeTokens() invalidates every token seen so far; new tokens still work", async () => {
    const old = await t.token();
    const oldIndividual = await mintToken(individual, t.clock.now);
    expect((await withToken(old)).status).toBe(200);
    expect((await withToken(oldIndividual)).status).toBe(200);
    t.emulator.revokeTokens();
    await expect401(await withToken(old), /revoked/);
    await expect401(await withToken(oldIndividual), /revoked/);
    const fresh = await t.token({ lifetime: 1199 });
    expect((await withToken(fresh)).status).toBe(200);
  });

  it("accepts tokens of a key registered by its public half", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    t.emulator.registerPublicKey({ keyId: "2X9R4HXF34", issuerId: "57246542-96fe-1a63-e053-0824d011072a", publicKey: publicKey.export({ type: "spki", format: "pem" }).toString() });
    const key: TestKey = { keyId: "2X9R4HXF34", issuerId: "57246542-96fe-1a63-e053-0824d011072a", privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
    expect((await withToken(await mintToken(key, t.clock.now))).status).toBe(200);
    expect(t.engine.requests.at(-1)!.actor).toBe("57246542-96fe-1a63-e053-0824d011072a");
  });
});
