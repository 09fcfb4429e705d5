// Keys generated at test time; no key material is ever committed.
import { generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS#8 PEM as Node exports it. */
  pkcs8Pem: string;
}

export function p256Key(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey, publicKey, pkcs8Pem: privateKey.export({ format: "pem", type: "pkcs8" }) as string };
}

/** The base64 body of a PEM, without armour or newlines. */
export function pemBody(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
}

/** True when `text` contains any 12-character run of the key's base64 body. */
export function leaksKeyText(text: string, keyText: string): boolean {
  const body = pemBody(keyText);
  for (let i = 0; i + 12 <= body.length; i++) if (text.includes(body.slice(i, i + 12))) return true;
  return false;
}
