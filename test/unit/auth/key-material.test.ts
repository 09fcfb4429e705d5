import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AsckitError } from "../../../src/errors/asckit-error.js";
import { KeyFormatError } from "../../../src/auth/key-format-error.js";
import { checkAppStoreConnectKey, loadPrivateKey, normalizePrivateKey } from "../../../src/auth/key-material.js";
import { leaksKeyText, p256Key, pemBody } from "./test-keys.js";

const key = p256Key();
const canonical = key.pkcs8Pem;
const body = pemBody(canonical);
const sec1Pem = key.privateKey.export({ format: "pem", type: "sec1" }) as string;
const sec1Der = key.privateKey.export({ format: "der", type: "sec1" });
const publicJwk = JSON.stringify(key.publicKey.export({ format: "jwk" }));

// Apple's .p8 wraps a full SEC1 ECPrivateKey (with the curve parameters) in PKCS#8: "MIGTAgEAMBMG…BHkwdwIBAQQg…".
const appleDer = Buffer.concat([Buffer.from("308193020100301306072a8648ce3d020106082a8648ce3d0301070479", "hex"), sec1Der]);
const applePem = `-----BEGIN PRIVATE KEY-----\n${appleDer.toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;

const sameKey = (pem: string) => JSON.stringify(createPrivateKey(pem).export({ format: "jwk" })).includes(JSON.parse(publicJwk).x);

describe("normalizePrivateKey", () => {
  const mangled: Array<[string, string]> = [
    ["canonical PKCS#8 PEM", canonical],
    ["literal \\n sequences (env var)", canonical.trim().replace(/\n/g, "\\n")],
    ["double-escaped \\\\n", canonical.trim().replace(/\n/g, "\\\\n")],
    ["CRLF line endings", canonical.replace(/\n/g, "\r\n")],
    ["surrounding double quotes and whitespace", `  "${canonical.trim().replace(/\n/g, "\\n")}"\n`],
    ["surrounding single quotes", `'${canonical}'`],
    ["no trailing newline", canonical.trim()],
    ["one line, newlines collapsed to spaces", canonical.trim().replace(/\n/g, " ")],
    ["base64 of the whole PEM", Buffer.from(canonical).toString("base64")],
    ["base64 of the whole PEM, wrapped at 76 columns", Buffer.from(canonical).toString("base64").replace(/.{76}/g, "$&\n")],
    ["bare base64 body", body],
    ["bare base64 body with newlines and spaces inside", `${body.slice(0, 40)}\n ${body.slice(40, 90)}\t\n${body.slice(90)}\n`],
    ["bare base64 body without padding", body.replace(/=+$/, "")],
    ["SEC1 'EC PRIVATE KEY' PEM", sec1Pem],
    ["SEC1 PEM with literal \\n", sec1Pem.trim().replace(/\n/g, "\\n")],
    ["SEC1 PEM after an EC PARAMETERS block", `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${sec1Pem}`],
    ["bare SEC1 body", sec1Der.toString("base64")],
  ];

  it.each(mangled)("%s → the canonical PEM", (_name, input) => {
    const out = normalizePrivateKey(input);
    expect(out).toBe(canonical);
    expect(sameKey(out)).toBe(true);
    expect(loadPrivateKey(input).asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  it("produces 64-column lines between the armour", () => {
    const lines = normalizePrivateKey(body).split("\n");
    expect(lines[0]).toBe("-----BEGIN PRIVATE KEY-----");
    expect(lines.at(-2)).toBe("-----END PRIVATE KEY-----");
    expect(lines.at(-1)).toBe("");
    const bodyLines = lines.slice(1, -2);
    expect(bodyLines.slice(0, -1).every((l) => l.length === 64)).toBe(true);
    expect(bodyLines.at(-1)!.length).toBeLessThanOrEqual(64);
  });

  it("keeps an Apple-style .p8 byte for byte, whatever the mangling", () => {
    expect(applePem.split("\n")[1]!.startsWith("MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg")).toBe(true);
    for (const input of [applePem, applePem.trim().replace(/\n/g, "\\n"), `"${applePem}"`, Buffer.from(applePem).toString("base64"), pemBody(applePem)]) {
      expect(normalizePrivateKey(input)).toBe(applePem);
    }
    expect(sameKey(applePem)).toBe(true);
  });

  it("loadPrivateKey accepts raw DER in a Buffer and PEM text in a Buffer", () => {
    expect(loadPrivateKey(appleDer).asymmetricKeyType).toBe("ec");
    expect(loadPrivateKey(Buffer.from(sec1Pem)).asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });
});

describe("rejected keys", () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
  const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const k256 = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
  const ed = generateKeyPairSync("ed25519");
  const pem = (k: KeyObject, type: "pkcs8" | "pkcs1" | "sec1" | "spki" = "pkcs8") =>
    (k.type === "public" ? k.export({ format: "pem", type: type as "spki" | "pkcs1" }) : k.export({ format: "pem", type: type as "pkcs8" | "pkcs1" | "sec1" })) as string;

  const rejected: Array<[string, string, KeyFormatError["problem"], RegExp]> = [
    ["RSA (PKCS#8)", pem(rsa.privateKey), "wrong-type", /^The private key is an RSA key; App Store Connect keys are EC P-256 \(\.p8 from Users and Access → Integrations\)$/],
    ["RSA (PKCS#1 'RSA PRIVATE KEY')", pem(rsa.privateKey, "pkcs1"), "wrong-type", /is an RSA key/],
    ["RSA with literal \\n", pem(rsa.privateKey).replace(/\n/g, "\\n"), "wrong-type", /is an RSA key/],
    ["EC P-384", pem(p384.privateKey), "wrong-curve", /is an EC key on P-384 \(secp384r1\); App Store Connect keys are EC P-256/],
    ["EC secp256k1 (SEC1)", pem(k256.privateKey, "sec1"), "wrong-curve", /is an EC key on secp256k1/],
    ["Ed25519", pem(ed.privateKey), "wrong-type", /is an Ed25519 key/],
    ["P-256 public key (SPKI PEM)", pem(key.publicKey, "spki"), "public-key", /is a public key, not a private key/],
    ["P-256 public key, bare base64", pemBody(pem(key.publicKey, "spki")), "public-key", /is a public key/],
    ["RSA public key (PKCS#1 PEM)", pem(rsa.publicKey, "pkcs1"), "public-key", /is a public key/],
    [
      "encrypted PKCS#8",
      key.privateKey.export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: "pw" }) as string,
      "encrypted",
      /is encrypted with a passphrase/,
    ],
    [
      "encrypted SEC1 (Proc-Type header)",
      key.privateKey.export({ format: "pem", type: "sec1", cipher: "aes-256-cbc", passphrase: "pw" }) as string,
      "encrypted",
      /is encrypted with a passphrase/,
    ],
    ["truncated PEM", canonical.slice(0, 120), "truncated", /BEGIN line but no END line/],
    ["PEM with a corrupted body", canonical.replace(body.slice(10, 40), "A".repeat(30)), "unreadable", /is not a readable key/],
    ["garbage text", "this is not a key at all!", "unreadable", /is not a readable key \(25 characters\)/],
    ["base64 of random bytes", Buffer.from("0123456789abcdef0123456789").toString("base64"), "unreadable", /is not a readable key/],
    ["empty string", "", "empty", /^The private key is empty/],
    ["whitespace and quotes only", '  ""  \n', "empty", /is empty/],
  ];

  it.each(rejected)("%s → KeyFormatError without key text", (_name, input, problem, message) => {
    let error: unknown;
    try {
      loadPrivateKey(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeyFormatError);
    const e = error as KeyFormatError;
    expect(e).toBeInstanceOf(AsckitError);
    expect(e.category).toBe("auth");
    expect(e.problem).toBe(problem);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain("\n");
    expect(e.hint).toBeTruthy();
    if (input.length >= 12) expect(leaksKeyText(`${e.message} ${e.hint}`, input)).toBe(false);
    expect(e.cause).toBeUndefined();
  });

  it("names the source when given", () => {
    expect(() => loadPrivateKey(pem(rsa.privateKey), { source: "env ASC_PRIVATE_KEY" })).toThrow(
      /^The private key from env ASC_PRIVATE_KEY is an RSA key;/,
    );
  });

  it("checkAppStoreConnectKey refuses a public or wrong-curve KeyObject", () => {
    expect(() => checkAppStoreConnectKey(key.publicKey)).toThrow(/is a public key/);
    expect(() => checkAppStoreConnectKey(p384.privateKey)).toThrow(/P-384/);
    expect(checkAppStoreConnectKey(key.privateKey)).toBe(key.privateKey);
  });
});
