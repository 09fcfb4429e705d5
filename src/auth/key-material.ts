import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { KeyFormatError } from "./key-format-error.js";

/**
 * Turns the many shapes a .p8 key takes after a trip through CI secrets, YAML and JSON back into one
 * canonical PKCS#8 PEM, and checks it is the EC P-256 key App Store Connect signs with. Every error says
 * what was found, never what the text was.
 */
export interface KeyMaterialOptions {
  /** Where the key came from, e.g. `env ASC_PRIVATE_KEY`; used in messages. Never key text. */
  source?: string;
}

const EXPECTED = "App Store Connect keys are EC P-256 (.p8 from Users and Access → Integrations)";

/** Base64 (standard or URL-safe), padding optional. */
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function normalizePrivateKey(input: string, options: KeyMaterialOptions = {}): string {
  return toPem(pkcs8FromText(input, subjectOf(options.source), 0));
}

export function loadPrivateKey(input: string | Buffer, options: KeyMaterialOptions = {}): KeyObject {
  const subject = subjectOf(options.source);
  // A Buffer may hold the raw DER (SEQUENCE tag 0x30) rather than text.
  const der = Buffer.isBuffer(input) && input[0] === 0x30 ? pkcs8FromDer(input, subject) : pkcs8FromText(textOf(input), subject, 0);
  const key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  return checkAppStoreConnectKey(key, options);
}

/** Refuses anything but a private EC key on P-256 (prime256v1), the only kind Apple issues. */
export function checkAppStoreConnectKey(key: KeyObject, options: KeyMaterialOptions = {}): KeyObject {
  const subject = subjectOf(options.source);
  if (key.type !== "private") {
    throw new KeyFormatError(`${subject} is ${key.type === "public" ? "a public key" : "a secret (symmetric) key"}, not a private key; ${EXPECTED}`, "public-key");
  }
  if (key.asymmetricKeyType !== "ec") {
    throw new KeyFormatError(`${subject} is ${describeKeyType(key.asymmetricKeyType)}; ${EXPECTED}`, "wrong-type");
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== "prime256v1") {
    throw new KeyFormatError(`${subject} is an EC key on ${describeCurve(curve)}; ${EXPECTED}`, "wrong-curve");
  }
  return key;
}

function subjectOf(source: string | undefined): string {
  return source ? `The private key from ${source}` : "The private key";
}

function textOf(input: string | Buffer): string {
  return typeof input === "string" ? input : input.toString("utf8");
}

/** Undoes what secret stores and shells do to multi-line values. */
function unmangle(input: string): string {
  let s = input.replace(/^\uFEFF/, "").trim();
  for (;;) {
    const first = s[0];
    if (s.length < 2 || (first !== '"' && first !== "'") || s[s.length - 1] !== first) break;
    s = s.slice(1, -1).trim();
  }
  return s
    .replace(/\\+r\\+n|\\+n|\\+r/g, "\n") // literal \n, also double-escaped (\\n) from nested quoting
    .replace(/\\\//g, "/") // some JSON encoders escape "/"
    .replace(/\r\n?/g, "\n")
    .trim();
}

function pkcs8FromText(input: string, subject: string, depth: number): Buffer {
  const s = unmangle(input);
  if (s === "") throw new KeyFormatError(`${subject} is empty; expected the contents of an AuthKey_<KEY_ID>.p8 file`, "empty");
  if (s.includes("-----BEGIN ")) return pkcs8FromArmour(s, subject);

  const bytes = decodeBase64(s);
  if (!bytes) throw unreadable(subject, s.length);
  if (bytes[0] === 0x30) return pkcs8FromDer(bytes, subject);
  // Base64 of a whole PEM file (or base64 applied twice): decode once more.
  const inner = bytes.toString("utf8");
  if (depth < 2 && /^[\t\n\r -~]+$/.test(inner)) return pkcs8FromText(inner, subject, depth + 1);
  throw unreadable(subject, s.length);
}

function pkcs8FromArmour(s: string, subject: string): Buffer {
  // openssl ecparam -genkey puts an "EC PARAMETERS" block first; the key is the next block.
  const begins = [...s.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].filter((m) => m[1] !== "EC PARAMETERS");
  const begin = begins[0];
  if (!begin) throw unreadable(subject, s.length);
  const label = begin[1] ?? "";
  if (label.includes("CERTIFICATE")) throw new KeyFormatError(`${subject} is a certificate, not a private key; ${EXPECTED}`, "certificate");
  if (label.includes("PUBLIC KEY")) throw new KeyFormatError(`${subject} is a public key, not a private key; ${EXPECTED}`, "public-key");
  if (label === "OPENSSH PRIVATE KEY") throw new KeyFormatError(`${subject} is an OpenSSH key; ${EXPECTED}`, "openssh");
  if (label === "ENCRYPTED PRIVATE KEY") throw encrypted(subject);

  const start = (begin.index ?? 0) + begin[0].length;
  const end = s.indexOf("-----END ", start);
  if (end < 0) {
    throw new KeyFormatError(`${subject} has a BEGIN line but no END line (truncated or cut off when pasted)`, "truncated");
  }
  const lines = s.slice(start, end).split("\n");
  if (lines.some((line) => /^Proc-Type:.*ENCRYPTED/i.test(line.trim()))) throw encrypted(subject);
  // Drop RFC 1421 headers ("Name: value"); base64 never contains ':'.
  const body = lines.filter((line) => !line.includes(":")).join("");
  const der = decodeBase64(body);
  if (!der) throw unreadable(subject, s.length);
  return pkcs8FromDer(der, subject);
}

function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact === "" || !BASE64.test(compact)) return undefined;
  const bytes = Buffer.from(compact.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length > 0 ? bytes : undefined;
}

/** Identifies a DER blob and returns it as PKCS#8, converting SEC1 ("EC PRIVATE KEY") and PKCS#1 on the way. */
function pkcs8FromDer(der: Buffer, subject: string): Buffer {
  try {
    createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    return der; // already PKCS#8: keep the bytes exactly as Apple issued them
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MISSING_PASSPHRASE") throw encrypted(subject);
  }
  for (const type of ["sec1", "pkcs1"] as const) {
    try {
      return createPrivateKey({ key: der, format: "der", type }).export({ format: "der", type: "pkcs8" });
    } catch {
      // try the next encoding
    }
  }
  for (const type of ["spki", "pkcs1"] as const) {
    try {
      createPublicKey({ key: der, format: "der", type });
      throw new KeyFormatError(`${subject} is a public key, not a private key; ${EXPECTED}`, "public-key");
    } catch (error) {
      if (error instanceof KeyFormatError) throw error;
    }
  }
  try {
    new X509Certificate(der);
    throw new KeyFormatError(`${subject} is a certificate, not a private key; ${EXPECTED}`, "certificate");
  } catch (error) {
    if (error instanceof KeyFormatError) throw error;
  }
  throw unreadable(subject, der.length, "bytes of DER");
}

function toPem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----\n`;
}

function unreadable(subject: string, size: number, unit = "characters"): KeyFormatError {
  return new KeyFormatError(
    `${subject} is not a readable key (${size} ${unit}); expected a PEM ("-----BEGIN PRIVATE KEY-----"), base64 or DER EC P-256 key`,
    "unreadable",
  );
}

function encrypted(subject: string): KeyFormatError {
  return new KeyFormatError(
    `${subject} is encrypted with a passphrase; App Store Connect .p8 keys are not encrypted`,
    "encrypted",
    "Decrypt it first, e.g. `openssl pkcs8 -in encrypted.pem -out AuthKey.p8`, or use the original .p8 download.",
  );
}

function describeKeyType(type: string | undefined): string {
  switch (type) {
    case "rsa":
      return "an RSA key";
    case "rsa-pss":
      return "an RSA-PSS key";
    case "dsa":
      return "a DSA key";
    case "dh":
      return "a Diffie-Hellman key";
    case "ed25519":
      return "an Ed25519 key";
    case "ed448":
      return "an Ed448 key";
    case "x25519":
      return "an X25519 key";
    case "x448":
      return "an X448 key";
    default:
      return `a key of type ${type ?? "unknown"}`;
  }
}

function describeCurve(curve: string | undefined): string {
  switch (curve) {
    case "secp384r1":
      return "P-384 (secp384r1)";
    case "secp521r1":
      return "P-521 (secp521r1)";
    case undefined:
      return "explicit (unnamed) curve parameters";
    default:
      return curve;
  }
}
