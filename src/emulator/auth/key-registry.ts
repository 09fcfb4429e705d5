import { createPublicKey, generateKeyPairSync, randomInt, randomUUID, type KeyObject } from "node:crypto";

export interface RegisteredKey {
  keyId: string;
  /** Team keys have an issuer id; individual keys have none and sign with `sub: "user"`. */
  issuerId?: string;
  publicKey: KeyObject;
}

export interface PublicKeyRegistration {
  keyId: string;
  issuerId?: string;
  /** SPKI PEM or a public (or private, from which the public half is taken) KeyObject. */
  publicKey: string | KeyObject;
}

export interface GeneratedApiKey {
  keyId: string;
  issuerId?: string;
  /** PKCS#8 PEM, like the `.p8` file App Store Connect lets you download once. */
  privateKeyPem: string;
}

export interface KeyRegistry {
  register(key: PublicKeyRegistration): RegisteredKey;
  get(keyId: string): RegisteredKey | undefined;
  /** Generates an EC P-256 pair like App Store Connect does and registers its public half. */
  create(options?: { individual?: boolean }): GeneratedApiKey;
}

const KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Ten upper-case alphanumerics, the shape of Apple's key ids (e.g. `2X9R4HXF34`). */
const newKeyId = () => Array.from({ length: 10 }, () => KEY_ID_ALPHABET[randomInt(KEY_ID_ALPHABET.length)]).join("");

export function createKeyRegistry(): KeyRegistry {
  const keys = new Map<string, RegisteredKey>();

  const register = (key: PublicKeyRegistration): RegisteredKey => {
    const publicKey = typeof key.publicKey === "string" ? createPublicKey(key.publicKey) : key.publicKey.type === "private" ? createPublicKey(key.publicKey) : key.publicKey;
    if (publicKey.asymmetricKeyType !== "ec" || publicKey.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
      throw new Error(`Key ${key.keyId} is not an EC P-256 key; App Store Connect keys are ES256.`);
    }
    const entry: RegisteredKey = { keyId: key.keyId, publicKey, ...(key.issuerId !== undefined ? { issuerId: key.issuerId } : {}) };
    keys.set(key.keyId, entry);
    return entry;
  };

  return {
    register,
    get: (keyId) => keys.get(keyId),
    create(options = {}) {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      let keyId = newKeyId();
      while (keys.has(keyId)) keyId = newKeyId();
      const issuerId = options.individual ? undefined : randomUUID();
      register({ keyId, publicKey, ...(issuerId ? { issuerId } : {}) });
      return {
        keyId,
        ...(issuerId ? { issuerId } : {}),
        privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      };
    },
  };
}
